package io.telegate.core.extension;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ExtensionFactory;
import java.util.List;

/** Factories of the extensions built into core: zpages, pprof, file_storage and bearertokenauth. */
public final class ExtensionFactories {

  private ExtensionFactories() {}

  /** Every core extension factory, health_check included. */
  public static List<ComponentFactory<?>> all() {
    return List.of(new HealthCheckExtensionFactory(), zpages(), pprof(), fileStorage(), bearerTokenAuth());
  }

  public static ExtensionFactory<ZPagesConfig> zpages() {
    return new ExtensionFactory<>() {
      @Override
      public String type() {
        return "zpages";
      }

      @Override
      public Class<ZPagesConfig> configType() {
        return ZPagesConfig.class;
      }

      @Override
      public ZPagesConfig defaultConfig() {
        return ZPagesConfig.DEFAULT;
      }

      @Override
      public Component create(CreateSettings settings, ZPagesConfig config) {
        return new ZPagesExtension(settings.id(), config);
      }
    };
  }

  public static ExtensionFactory<PprofConfig> pprof() {
    return new ExtensionFactory<>() {
      @Override
      public String type() {
        return "pprof";
      }

      @Override
      public Class<PprofConfig> configType() {
        return PprofConfig.class;
      }

      @Override
      public PprofConfig defaultConfig() {
        return PprofConfig.DEFAULT;
      }

      @Override
      public Component create(CreateSettings settings, PprofConfig config) {
        return new PprofExtension(settings.id(), config);
      }
    };
  }

  public static ExtensionFactory<FileStorageConfig> fileStorage() {
    return new ExtensionFactory<>() {
      @Override
      public String type() {
        return "file_storage";
      }

      @Override
      public Class<FileStorageConfig> configType() {
        return FileStorageConfig.class;
      }

      @Override
      public FileStorageConfig defaultConfig() {
        return FileStorageConfig.DEFAULT;
      }

      @Override
      public Component create(CreateSettings settings, FileStorageConfig config) {
        return new FileStorageExtension(config);
      }
    };
  }

  public static ExtensionFactory<BearerTokenAuthConfig> bearerTokenAuth() {
    return new ExtensionFactory<>() {
      @Override
      public String type() {
        return "bearertokenauth";
      }

      @Override
      public Class<BearerTokenAuthConfig> configType() {
        return BearerTokenAuthConfig.class;
      }

      @Override
      public BearerTokenAuthConfig defaultConfig() {
        return BearerTokenAuthConfig.DEFAULT;
      }

      @Override
      public Component create(CreateSettings settings, BearerTokenAuthConfig config) {
        return new BearerTokenAuthExtension(settings.id(), config);
      }
    };
  }
}
