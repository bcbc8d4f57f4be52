package io.telegate.core.extension;

import io.telegate.core.component.ExtensionFactory;

/** Factory of the {@code health_check} extension. */
public final class HealthCheckExtensionFactory extends ExtensionFactory.Base<HealthCheckConfig> {

  public HealthCheckExtensionFactory() {
    super(ExtensionFactory.define("health_check", HealthCheckConfig.DEFAULT)
        .create((settings, config) -> new HealthCheckExtension(settings.id(), config)));
  }
}
