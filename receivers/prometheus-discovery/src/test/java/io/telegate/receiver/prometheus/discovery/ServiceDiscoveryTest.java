package io.telegate.receiver.prometheus.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceDiscoveryTest {

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    try {
      return new YAMLMapper().readValue(text, Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    Map<String, Object> scrape = yaml("""
        job_name: x
        scrape_interval: 10s
        file_sd_configs:
          - files: [targets.txt]
            refresh_interval: soon
          - {}
          - files: [a/*/b.json]
            refresh: 1m
        consul_sd_configs:
          - server: localhost:8500
        static_configs:
          - targets: [a:1]
            lables: {x: y}
        """);
    List<String> errors = ServiceDiscovery.validate(scrape, "scrape_configs[0]");
    assertEquals(List.of(
        "scrape_configs[0]::consul_sd_configs: not supported by Telegate yet (supported: static_configs, "
            + String.join(", ", supportedSdKeys()) + ")",
        "scrape_configs[0]::static_configs[0]::lables: unknown key (valid keys: labels, targets)",
        "scrape_configs[0]::file_sd_configs[0]::files[0]: 'targets.txt' (expected: a path ending in .json, .yml or"
            + " .yaml, with a glob only in its last element, such as targets/*.json)",
        "scrape_configs[0]::file_sd_configs[0]::refresh_interval: invalid duration 'soon' (expected: integers with units"
            + " y, w, d, h, m, s, ms in that order, such as 30s, 1m30s, 1d)",
        "scrape_configs[0]::file_sd_configs[1]::files: file service discovery needs at least one path",
        "scrape_configs[0]::file_sd_configs[2]::refresh: unknown key (valid keys: files, refresh_interval)",
        "scrape_configs[0]::file_sd_configs[2]::files[0]: 'a/*/b.json' (expected: a path ending in .json, .yml or"
            + " .yaml, with a glob only in its last element, such as targets/*.json)"),
        errors);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServiceDiscovery.create(scrape, DiscoveryContext.standalone("t")));
    assertTrue(e.getMessage().contains("file_sd_configs[1]::files: file service discovery needs at least one path"),
        e.getMessage());
  }

  static List<String> supportedSdKeys() {
    return List.of("file_sd_configs", "http_sd_configs", "dns_sd_configs", "kubernetes_sd_configs");
  }

  @Test
  void leavesTheOtherScrapeKeysAlone() {
    assertTrue(ServiceDiscovery.validate(yaml("""
        job_name: x
        metrics_path: /m
        static_configs: [{targets: ['a:1']}]
        """), "").isEmpty());
    assertTrue(ServiceDiscovery.isDiscoveryKey("ec2_sd_configs"));
    assertTrue(ServiceDiscovery.isDiscoveryKey("static_configs"));
    assertFalse(ServiceDiscovery.isDiscoveryKey("relabel_configs"));
  }

  @Test
  void staticConfigsAreOneGroupPerEntryWithItsIndexAsSource() {
    try (FullSet set = new FullSet(yaml("""
        static_configs:
          - targets: ['a:9100', 'b:9100']
            labels: {env: prod}
          - targets: ['c:80']
        """), "static")) {
      List<TargetGroup> groups = set.awaitAddresses("a:9100", "b:9100", "c:80");
      assertEquals(List.of(
          new TargetGroup("0", List.of(Map.of("__address__", "a:9100"), Map.of("__address__", "b:9100")),
              Map.of("env", "prod")),
          new TargetGroup("1", List.of(Map.of("__address__", "c:80")), Map.of())), groups);
    }
  }

  @Test
  void noDiscoveryIsAnEmptySetAtOnce() {
    try (FullSet set = new FullSet(yaml("job_name: x"), "none")) {
      set.await("an empty set", List::isEmpty);
    }
  }

  @Test
  void prometheusDurations() {
    assertEquals(Duration.ofSeconds(90), PrometheusUnits.duration("1m30s"));
    assertEquals(Duration.ofDays(8), PrometheusUnits.duration("1w1d"));
    assertEquals(Duration.ofMillis(1500), PrometheusUnits.duration("1s500ms"));
    assertEquals(Duration.ZERO, PrometheusUnits.duration("0"));
    assertThrows(IllegalArgumentException.class, () -> PrometheusUnits.duration("1.5s"));
    assertThrows(IllegalArgumentException.class, () -> PrometheusUnits.duration("30s1m"));
    assertEquals("1m30s", PrometheusUnits.format(Duration.ofSeconds(90)));
    assertEquals(512L << 10, PrometheusUnits.bytes("512KiB"));
    assertEquals(512L << 10, PrometheusUnits.bytes("512KB"));
    assertEquals(0, PrometheusUnits.bytes("0"));
  }
}
