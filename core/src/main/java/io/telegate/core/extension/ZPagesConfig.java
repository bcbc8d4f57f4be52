package io.telegate.core.extension;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.HostPort;
import java.util.ArrayList;
import java.util.List;

/** Config of the {@code zpages} extension. */
public record ZPagesConfig(String endpoint) implements ComponentConfig {

  public static final ZPagesConfig DEFAULT = new ZPagesConfig("localhost:55679");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    return errors;
  }
}
