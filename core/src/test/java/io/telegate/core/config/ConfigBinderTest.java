package io.telegate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ConfigKey;
import io.telegate.core.component.OnWhenKeyGiven;
import io.telegate.core.component.UnsupportedKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

  enum Mode { FAST, SAFE }

  record Retry(boolean enabled, Duration initialInterval) {
    static final Retry DEFAULT = new Retry(true, Duration.ofSeconds(5));
  }

  @UnsupportedKeys({"auth"})
  record Sample(String endpoint, int queueSize, Duration timeout, Mode mode, Retry retryOnFailure,
      List<String> tags, Map<String, String> headers, @ConfigKey("max_recv_msg_size_mib") int maxRecv) {
    static final Sample DEFAULT = new Sample("localhost:1", 1000, Duration.ofSeconds(5), Mode.FAST, Retry.DEFAULT,
        List.of(), Map.of(), 4);
  }

  private static Sample bind(Object raw, ConfigErrors errors) {
    return ConfigBinder.bind(raw, Sample.DEFAULT, "", errors);
  }

  record Switched(@OnWhenKeyGiven Retry rotation, Retry other) {
    static final Switched DEFAULT = new Switched(null, null);
  }

  @Test
  void aKeyMarkedOnWhenGivenTurnsItsRecordOnEvenWithNoValue() {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> noValues = new java.util.HashMap<>();
    noValues.put("rotation", null);
    noValues.put("other", null);
    assertEquals(new Switched(Retry.DEFAULT, null), ConfigBinder.bind(noValues, Switched.DEFAULT, "", errors));
    assertEquals(Switched.DEFAULT, ConfigBinder.bind(Map.of(), Switched.DEFAULT, "", errors), "left out: off");
    assertEquals(new Switched(new Retry(false, Duration.ofSeconds(5)), null),
        ConfigBinder.bind(Map.of("rotation", Map.of("enabled", false)), Switched.DEFAULT, "", errors));
    assertTrue(errors.isEmpty(), errors::toString);
  }

  @Test
  void absentOrEmptyConfigMeansDefaults() {
    ConfigErrors errors = new ConfigErrors();
    assertEquals(Sample.DEFAULT, bind(null, errors));
    assertEquals(Sample.DEFAULT, bind(Map.of(), errors));
    assertTrue(errors.isEmpty());
  }

  @Test
  void bindsSnakeCaseKeysOverDefaultsKeepingNestedDefaults() {
    ConfigErrors errors = new ConfigErrors();
    Sample s = bind(Map.of("queue_size", 5, "timeout", "250ms", "mode", "SAFE",
        "retry_on_failure", Map.of("enabled", false), "tags", List.of("a", "b"),
        "headers", Map.of("x-api", "k"), "max_recv_msg_size_mib", "16"), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(new Sample("localhost:1", 5, Duration.ofMillis(250), Mode.SAFE,
        new Retry(false, Duration.ofSeconds(5)), List.of("a", "b"), Map.of("x-api", "k"), 16), s);
  }

  @Test
  void reportsEveryErrorWithItsPath() {
    ConfigErrors errors = new ConfigErrors();
    bind(Map.of("queue_size", "many", "timeout", "5", "mode", "turbo", "bogus", 1, "auth", Map.of(),
        "retry_on_failure", Map.of("initial_interval", "soon", "extra", true)), errors);
    List<String> list = errors.list();
    assertEquals(7, list.size(), errors::toString);
    assertTrue(list.stream().anyMatch(e -> e.startsWith("bogus: unknown key (valid keys: endpoint, headers,")), errors::toString);
    assertTrue(list.contains("auth: not supported by Telegate yet"), errors::toString);
    assertTrue(list.contains("queue_size: expected an integer, got 'many'"), errors::toString);
    assertTrue(list.stream().anyMatch(e -> e.startsWith("timeout: invalid duration '5'")), errors::toString);
    assertTrue(list.contains("mode: invalid value 'turbo' (expected one of: fast, safe)"), errors::toString);
    assertTrue(list.stream().anyMatch(e -> e.startsWith("retry_on_failure::initial_interval: invalid duration 'soon'")), errors::toString);
    assertTrue(list.stream().anyMatch(e -> e.startsWith("retry_on_failure::extra: unknown key")), errors::toString);
  }

  @Test
  void acceptsAMapWrittenAsAListOfSingleEntryMaps() {
    ConfigErrors errors = new ConfigErrors();
    Sample s = bind(Map.of("headers", List.of(Map.of("authorization", "Bearer x"), Map.of("x-tenant", "a"))), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(Map.of("authorization", "Bearer x", "x-tenant", "a"), s.headers());
  }

  @Test
  void unbindWritesTheKeysTheBinderReads() {
    Object tree = ConfigBinder.unbind(Sample.DEFAULT);
    ConfigErrors errors = new ConfigErrors();
    assertEquals(Sample.DEFAULT, bind(tree, errors));
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals("5s", ((Map<?, ?>) tree).get("timeout"));
  }
}
