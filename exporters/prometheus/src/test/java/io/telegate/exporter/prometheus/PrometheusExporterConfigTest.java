package io.telegate.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigValidation;
import io.telegate.core.exporter.QueueConfig;
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

  @Test
  void sendingQueueIsOptionalAndWrittenHasTheUsualDefaults() {
    assertNull(PrometheusExporterConfig.DEFAULT.sendingQueue(), "no queue unless configured");
    QueueConfig q = Configs.bind(Map.of("sending_queue", Map.of("queue_size", 50)), PrometheusExporterConfig.DEFAULT)
        .sendingQueue();
    assertTrue(q.enabled());
    assertEquals(50, q.queueSize());
    assertEquals(QueueConfig.DEFAULT.numConsumers(), q.numConsumers());
    assertFalse(Configs.bind(Map.of("sending_queue", Map.of("enabled", false)), PrometheusExporterConfig.DEFAULT)
        .sendingQueue().enabled());
    assertEquals(List.of("sending_queue::num_consumers: must be at least 1, got 0"), ConfigValidation.validate(
        Configs.bind(Map.of("sending_queue", Map.of("num_consumers", 0)), PrometheusExporterConfig.DEFAULT)));
  }
}
