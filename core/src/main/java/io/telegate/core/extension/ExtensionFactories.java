package io.telegate.core.extension;

import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ExtensionFactory;
import java.util.List;

/** Factories of the extensions built into core: health_check, zpages, pprof, file_storage and bearertokenauth. */
public final class ExtensionFactories {

  private ExtensionFactories() {}

  /** Every core extension factory, health_check included. */
  public static List<ComponentFactory<?>> all() {
    return List.of(new HealthCheckExtensionFactory(), zpages(), pprof(), fileStorage(), bearerTokenAuth());
  }

  public static ExtensionFactory<ZPagesConfig> zpages() {
    return ExtensionFactory.define("zpages", ZPagesConfig.DEFAULT)
        .create((settings, config) -> new ZPagesExtension(settings.id(), config)).build();
  }

  public static ExtensionFactory<PprofConfig> pprof() {
    return ExtensionFactory.define("pprof", PprofConfig.DEFAULT)
        .create((settings, config) -> new PprofExtension(settings.id(), config)).build();
  }

  public static ExtensionFactory<FileStorageConfig> fileStorage() {
    return ExtensionFactory.define("file_storage", FileStorageConfig.DEFAULT)
        .create((settings, config) -> new FileStorageExtension(config)).build();
  }

  public static ExtensionFactory<BearerTokenAuthConfig> bearerTokenAuth() {
    return ExtensionFactory.define("bearertokenauth", BearerTokenAuthConfig.DEFAULT)
        .create((settings, config) -> new BearerTokenAuthExtension(settings.id(), config)).build();
  }
}
