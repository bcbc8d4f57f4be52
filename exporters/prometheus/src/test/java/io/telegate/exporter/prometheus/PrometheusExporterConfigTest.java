package io.telegate.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.core.config.ConfigValidation;
import io.telegate.testing.FreePorts;
import io.telegate.testing.LifecycleContract;
import io.telegate.translator.prometheus.Configs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Config keys, defaults and validation of the {@code prometheus} exporter, and its lifecycle. */
class PrometheusExporterConfigTest {

  @TestFactory
  Stream<DynamicTest> lifecycle() {
    return LifecycleContract.testsFor(List.of(new PrometheusExporterFactory()),
        Map.of("prometheus", Map.of("endpoint", "127.0.0.1:" + FreePorts.next())));
  }

  @Test
  void prometheusExporterDefaults() {
    PrometheusExporterConfig c = PrometheusExporterConfig.DEFAULT;
    assertEquals("localhost:8889", c.endpoint());
    assertEquals(Duration.ofMinutes(5), c.metricExpiration());
    assertEquals(List.of(), ConfigValidation.validate(c));
    assertEquals(List.of("endpoint: endpoint 'nope' (expected: host:port)"),
        Configs.bind(Map.of("endpoint", "nope"), PrometheusExporterConfig.DEFAULT).validate());
  }
}
