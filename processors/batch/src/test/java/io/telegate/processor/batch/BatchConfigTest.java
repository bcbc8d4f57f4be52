package io.telegate.processor.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchConfigTest {

  /** Binds YAML over the defaults and checks it is valid. */
  static BatchProcessorConfig bind(String yaml) {
    ConfigErrors errors = new ConfigErrors();
    BatchProcessorConfig config = bind(yaml, errors);
    errors.list().forEach(e -> {
      throw new AssertionError(e);
    });
    assertEquals(List.of(), config.validate());
    return config;
  }

  private static BatchProcessorConfig bind(String yaml, ConfigErrors errors) {
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    return ConfigBinder.bind(tree, new BatchProcessorFactory().defaultConfig(), "", errors);
  }

  /** Every binding and validation error of a YAML config. */
  static List<String> errorsOf(String yaml) {
    ConfigErrors errors = new ConfigErrors();
    BatchProcessorConfig config = bind(yaml, errors);
    List<String> out = new ArrayList<>(errors.list());
    if (errors.isEmpty()) {
      out.addAll(config.validate());
    }
    return out;
  }

  @Test
  void defaultsAreTheCollectors() {
    BatchProcessorConfig c = new BatchProcessorFactory().defaultConfig();
    assertEquals(Duration.ofMillis(200), c.timeout());
    assertEquals(8192, c.sendBatchSize());
    assertEquals(0, c.sendBatchMaxSize());
    assertEquals(List.of(), c.metadataKeys());
    assertEquals(1000, c.metadataCardinalityLimit());
    assertEquals(List.of(), c.validate());
  }

  @Test
  void theSeedConfigBindsExactly() {
    BatchProcessorConfig c = bind("timeout: 10s\nsend_batch_size: 1000\n");
    assertEquals(new BatchProcessorConfig(Duration.ofSeconds(10), 1000, 0, List.of(), 1000), c);
  }

  @Test
  void everyKeyBinds() {
    BatchProcessorConfig c = bind("""
        timeout: 1s
        send_batch_size: 100
        send_batch_max_size: 200
        metadata_keys: [x-tenant, X-Region]
        metadata_cardinality_limit: 10
        """);
    assertEquals(new BatchProcessorConfig(Duration.ofSeconds(1), 100, 200, List.of("x-tenant", "X-Region"), 10), c);
  }

  @Test
  void rejectsAMaxSizeBelowTheBatchSize() {
    assertEquals(List.of("send_batch_max_size: must be greater than or equal to send_batch_size (100), got 50"),
        errorsOf("send_batch_size: 100\nsend_batch_max_size: 50"));
  }

  @Test
  void rejectsNegativeValues() {
    assertEquals(List.of("timeout: must not be negative, got PT-1S", "send_batch_size: must not be negative, got -1",
        "send_batch_max_size: must not be negative, got -2"),
        errorsOf("timeout: -1s\nsend_batch_size: -1\nsend_batch_max_size: -2"));
  }

  @Test
  void rejectsMetadataKeysThatDifferOnlyInCase() {
    assertEquals(List.of("metadata_keys[1]: duplicate entry 'X-Tenant' (keys are case-insensitive)"),
        errorsOf("metadata_keys: [x-tenant, X-Tenant]"));
  }

  @Test
  void rejectsANonPositiveCardinalityLimit() {
    assertEquals(List.of("metadata_cardinality_limit: must be positive, got 0"),
        errorsOf("metadata_cardinality_limit: 0"));
  }

  @Test
  void rejectsUnknownKeysWithTheValidOnes() {
    List<String> errors = errorsOf("send_batch_sise: 10");
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("send_batch_sise: unknown key (valid keys: max_buffered_bytes, "
        + "max_buffered_items, metadata_cardinality_limit, metadata_keys, send_batch_max_size, send_batch_size, "
        + "timeout)"), errors.get(0));
  }

  @Test
  void rejectsABadDuration() {
    assertEquals(1, errorsOf("timeout: soon").size());
    assertTrue(errorsOf("timeout: soon").get(0).startsWith("timeout: invalid duration 'soon'"));
  }
}
