package io.telegate.exporter.prometheusremotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.testing.LifecycleContract;
import io.telegate.translator.prometheus.Configs;
import io.telegate.translator.prometheus.TranslationStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Config keys, defaults and validation of the remote-write exporter, and its lifecycle. */
class RemoteWriteExporterConfigTest {

  private static final String URL = "http://victoriametrics:8428/api/v1/write";

  @TestFactory
  Stream<DynamicTest> lifecycle() {
    return LifecycleContract.testsFor(List.of(new RemoteWriteExporterFactory()),
        Map.of("prometheusremotewrite", Map.of("endpoint", "http://127.0.0.1:9/api/v1/write")));
  }

  @Test
  void theSeedsConfigIsValidWithTheCollectorsDefaults() {
    RemoteWriteExporterConfig c = Configs.bind(Map.of("endpoint", URL), RemoteWriteExporterConfig.DEFAULT);
    assertEquals(List.of(), ConfigValidation.validate(c));
    assertEquals(3_000_000, c.effectiveMaxBatchSizeBytes());
    QueueConfig q = c.effectiveQueue();
    assertEquals(5, q.numConsumers());
    assertEquals(10_000, q.queueSize());
    assertEquals(Duration.ofMillis(50), c.retryOnFailure().initialInterval());
    assertEquals(Duration.ofSeconds(5), c.timeout());
    assertTrue(c.targetInfo().enabled());
    assertEquals(TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, c.strategy());
  }

  @Test
  void endpointIsRequired() {
    assertTrue(ConfigValidation.validate(RemoteWriteExporterConfig.DEFAULT).stream().anyMatch(e -> e.startsWith("endpoint: required")));
  }

  @Test
  void theHttpBlockIsAcceptedLikeTheTopLevelKeys() {
    RemoteWriteExporterConfig c = Configs.bind(Map.of("http", Map.of("endpoint", URL, "headers",
        Map.of("X-Scope-OrgID", "t1"), "tls", Map.of("insecure_skip_verify", true))), RemoteWriteExporterConfig.DEFAULT);
    assertEquals(List.of(), ConfigValidation.validate(c));
    assertEquals(URL, c.effectiveEndpoint());
    assertEquals(Map.of("X-Scope-OrgID", "t1"), c.effectiveHeaders());
    assertTrue(c.effectiveTls().insecureSkipVerify());
  }

  @Test
  void remoteWriteQueueOverridesSendingQueue() {
    RemoteWriteExporterConfig c = Configs.bind(Map.of("endpoint", URL, "remote_write_queue",
        Map.of("num_consumers", 3, "queue_size", 50), "sending_queue", Map.of("storage", "/var/lib/telegate")),
        RemoteWriteExporterConfig.DEFAULT);
    QueueConfig q = c.effectiveQueue();
    assertEquals(3, q.numConsumers());
    assertEquals(50, q.queueSize());
    assertEquals("/var/lib/telegate", q.storage());
    assertFalse(Configs.bind(Map.of("endpoint", URL, "remote_write_queue", Map.of("enabled", false)),
        RemoteWriteExporterConfig.DEFAULT).effectiveQueue().enabled());
  }

  private static List<String> errors(Map<String, Object> raw) {
    return ConfigValidation.validate(Configs.bind(raw, RemoteWriteExporterConfig.DEFAULT));
  }

  @Test
  void rejectsWhatRemoteWrite1CannotDo() {
    assertEquals(List.of("compression: remote write 1.0 requires snappy, got 'gzip'"),
        errors(Map.of("endpoint", URL, "compression", "gzip")));
    assertTrue(errors(Map.of("endpoint", URL, "protobuf_message", "io.prometheus.write.v2.Request")).get(0)
        .startsWith("protobuf_message: only prometheus.WriteRequest"));
    assertTrue(errors(Map.of("endpoint", URL, "translation_strategy", "NoUTF8EscapingWithSuffixes")).get(0)
        .contains("needs remote write 2.0"));
    assertTrue(errors(Map.of("endpoint", URL, "translation_strategy", "Bogus")).get(0)
        .startsWith("translation_strategy: invalid value 'Bogus'"));
    assertEquals(List.of("endpoint: must be an http(s) URL, got 'victoriametrics:8428'"),
        errors(Map.of("endpoint", "victoriametrics:8428")));
    assertEquals(List.of("external_labels::env: value is empty"),
        errors(Map.of("endpoint", URL, "external_labels", Map.of("env", ""))));
  }

  @Test
  void walIsNotSupported() {
    ConfigErrors errors = new ConfigErrors();
    ConfigBinder.bind(Map.of("endpoint", URL, "wal", Map.of("directory", "/tmp/wal")), RemoteWriteExporterConfig.DEFAULT,
        "", errors);
    assertTrue(errors.toString().contains("wal") && errors.toString().contains("not supported"), errors.toString());
  }

  @Test
  void acceptsTheCollectorsOtherKeys() {
    assertEquals(List.of(), errors(Map.of("endpoint", URL, "export_created_metric", Map.of("enabled", true),
        "add_metric_suffixes", false, "send_metadata", true, "resource_to_telemetry_conversion",
        Map.of("enabled", true), "target_info", Map.of("enabled", false), "namespace", "acme",
        "disable_scope_info", true, "max_batch_request_parallelism", 2)));
  }
}
