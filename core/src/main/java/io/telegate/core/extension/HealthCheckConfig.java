package io.telegate.core.extension;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.HostPort;
import java.util.ArrayList;
import java.util.List;

/** Config of the {@code health_check} extension. */
public record HealthCheckConfig(String endpoint, String path, Object checkCollectorPipeline)
    implements ComponentConfig {

  public static final HealthCheckConfig DEFAULT = new HealthCheckConfig("localhost:13133", "/", null);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    if (path == null || !path.startsWith("/")) {
      errors.add("path: must start with '/', got '" + path + "'");
    }
    return errors;
  }
}
