package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigException;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.dist.BuiltinComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The scenario tests' check that a generated config is one the gateway itself would run. */
final class GatewayConfigs {

  private GatewayConfigs() {}

  /**
   * Writes {@code yaml} to {@code dir/<name>.yaml}, loads it and resolves it with every built-in
   * component, as {@code telegate validate} does; fails with the scenario's name and every error.
   */
  static void assertAccepted(Path dir, String name, String yaml) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).load(List.of(file), errors);
    assertTrue(errors.isEmpty(), name + ": " + errors);
    try {
      new ConfigResolver(BuiltinComponents.all()).resolve(tree);
    } catch (ConfigException e) {
      throw new AssertionError(name + ": " + e.errors(), e);
    }
  }
}
