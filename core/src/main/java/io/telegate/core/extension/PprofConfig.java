package io.telegate.core.extension;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.HostPort;
import io.telegate.core.component.UnsupportedKeys;
import java.util.ArrayList;
import java.util.List;

/** Config of the {@code pprof} extension. */
@UnsupportedKeys({"block_profile_fraction", "mutex_profile_fraction", "save_to_file"})
public record PprofConfig(String endpoint) implements ComponentConfig {

  public static final PprofConfig DEFAULT = new PprofConfig("localhost:1777");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    return errors;
  }
}
