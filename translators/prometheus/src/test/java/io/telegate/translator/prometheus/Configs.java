package io.telegate.translator.prometheus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import java.util.Map;

/** Binds YAML-shaped maps onto config records, as the gateway does. */
public final class Configs {

  private Configs() {}

  public static <R extends Record> R bind(Map<String, Object> raw, R defaults) {
    ConfigErrors errors = new ConfigErrors();
    R r = ConfigBinder.bind(raw, defaults, "", errors);
    assertTrue(errors.isEmpty(), () -> "config does not bind: " + errors);
    return r;
  }
}
