package io.telegate.core.extension;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code zpages} extension.
 *
 * @param endpoint where the pages are served
 * @param expvar {@code /debug/expvarz}, off by default as in the Collector
 */
public record ZPagesConfig(String endpoint, Expvar expvar) implements ComponentConfig {

  public static final ZPagesConfig DEFAULT = new ZPagesConfig("localhost:55679", Expvar.DEFAULT);

  /** The Collector's {@code expvar} block: {@code enabled} serves the runtime's variables as JSON. */
  public record Expvar(boolean enabled) {
    public static final Expvar DEFAULT = new Expvar(false);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    return errors;
  }
}
