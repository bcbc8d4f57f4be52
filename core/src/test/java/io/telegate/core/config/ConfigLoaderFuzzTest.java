package io.telegate.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of a valid config: the loader (YAML parse, {@code ${env:...}} expansion,
 * binding of the service section) must report every bad input as a config error, never let another
 * exception escape, so that {@code telegate validate} always answers with paths, and no message
 * may name the libraries underneath.
 */
class ConfigLoaderFuzzTest {

  private static final String CONFIG = """
      receivers:
        otlp:
          protocols:
            grpc: {endpoint: "${env:GRPC:-0.0.0.0:4317}"}
            http:
              endpoint: 0.0.0.0:4318
              cors: {allowed_origins: ["https://*.example.com"]}
      processors:
        batch: {timeout: 10s, send_batch_size: 1000}
      exporters:
        otlp/jaeger:
          endpoint: jaeger:4317
          headers: {x-tenant: $${literal}}
          sending_queue: {storage: /var/lib/q, batch: {flush_timeout: 200ms}}
      service:
        acknowledgements: held
        buffers: {limit_percentage: 25}
        telemetry: {metrics: {address: 0.0.0.0:8888}, logs: {level: info}}
        pipelines:
          traces: {receivers: [otlp], processors: [batch], exporters: [otlp/jaeger]}
      """;

  /** What a message must not show: the parser libraries' names, their types, Java's exception types. */
  private static final Pattern LIBRARY_NAMES =
      Pattern.compile("(?i)jackson|snakeyaml|fasterxml|Exception|\\[Source:|java\\.");

  private static final String YAML_CHARS = ":-{}[],'\"&*!|>%@#$ \n\t";

  @Test
  void everyMutationIsLoadedOrReportedAsConfigErrorsNeverAnEscapedException() {
    Random r = new Random(20261201L);
    int withErrors = 0;
    for (int i = 0; i < 3_000; i++) {
      StringBuilder b = new StringBuilder(CONFIG);
      for (int e = 0, n = 1 + r.nextInt(3); e < n; e++) {
        int at = r.nextInt(b.length());
        switch (r.nextInt(3)) {
          case 0 -> b.setCharAt(at, YAML_CHARS.charAt(r.nextInt(YAML_CHARS.length())));
          case 1 -> b.deleteCharAt(at);
          default -> b.insert(at, YAML_CHARS.charAt(r.nextInt(YAML_CHARS.length())));
        }
      }
      String yaml = b.toString();
      ConfigErrors errors = new ConfigErrors();
      try {
        Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
        if (errors.isEmpty() && tree != null) {
          ConfigBinder.bind(tree.get("service"), ServiceConfig.DEFAULT, "service", errors);
        }
      } catch (RuntimeException e) {
        throw new AssertionError("iteration " + i + ": " + e + " escaped for:\n" + yaml, e);
      }
      if (!errors.isEmpty()) {
        withErrors++;
      }
      for (String error : errors.list()) {
        assertFalse(LIBRARY_NAMES.matcher(error).find(), () -> "a library's name in '" + error + "' for:\n" + yaml);
      }
    }
    assertTrue(withErrors > 0, "no mutation was an error: they mutate nothing");
  }
}
