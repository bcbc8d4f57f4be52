package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.ConfigValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusReceiverConfigTest {

  @TempDir
  Path dir;

  private Object receiverTree(String yaml) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, yaml);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).load(List.of(f), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    return ((Map<?, ?>) tree.get("receivers")).get("prometheus");
  }

  private PrometheusReceiverConfig bind(String yaml, ConfigErrors errors) throws Exception {
    return ConfigBinder.bind(receiverTree(yaml), PrometheusReceiverConfig.DEFAULT, "receivers::prometheus", errors);
  }

  private List<String> errors(String yaml) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    PrometheusReceiverConfig c = bind(yaml, errors);
    List<String> all = new java.util.ArrayList<>(errors.list());
    all.addAll(ConfigValidation.validate(c));
    return all;
  }

  @Test
  void aPrometheusConfigBindsWithPrometheusDefaults() throws Exception {
    ConfigErrors errors = new ConfigErrors();
    PrometheusReceiverConfig c = bind("""
        receivers:
          prometheus:
            config:
              global:
                scrape_interval: 15s
              scrape_configs:
                - job_name: node
                  static_configs:
                    - targets: ['localhost:9100']
                      labels: {env: dev}
                - job_name: slow
                  scrape_interval: 1m30s
                  scrape_timeout: 20s
                  metrics_path: /probe
                  params: {module: [http_2xx]}
                  scheme: https
                  body_size_limit: 10MB
                  basic_auth: {username: u, password: p}
                  tls_config: {insecure_skip_verify: true, min_version: TLS13}
                  static_configs: [{targets: ['a:1']}]
        """, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), ConfigValidation.validate(c));
    List<ScrapeConfig.Resolved> jobs = c.config().resolved();
    ScrapeConfig.Resolved node = jobs.get(0);
    assertEquals(Duration.ofSeconds(15), node.interval());
    assertEquals(Duration.ofSeconds(10), node.timeout());
    assertEquals("/metrics", node.config().metricsPath());
    assertEquals("http", node.config().scheme());
    assertTrue(node.config().honorTimestamps());
    ScrapeConfig.Resolved slow = jobs.get(1);
    assertEquals(Duration.ofSeconds(90), slow.interval());
    assertEquals(Duration.ofSeconds(20), slow.timeout());
    assertEquals(10L << 20, slow.bodySizeLimit());
    assertEquals(List.of("http_2xx"), slow.config().params().get("module"));
    assertEquals("1.3", slow.http().tls().minVersion());
    assertTrue(slow.http().tls().insecureSkipVerify());
    assertEquals("Basic dTpw", slow.http().authorizationHeader());
  }

  @Test
  void theDefaultTimeoutNeverExceedsTheInterval() throws Exception {
    ConfigErrors errors = new ConfigErrors();
    PrometheusReceiverConfig c = bind("""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: fast
                  scrape_interval: 5s
                  static_configs: [{targets: ['a:1']}]
        """, errors);
    ScrapeConfig.Resolved r = c.config().resolved().get(0);
    assertEquals(Duration.ofSeconds(5), r.timeout());
    assertEquals(Duration.ofMinutes(1), c.config().scrapeConfigs().get(0).resolve(GlobalConfig.DEFAULT).interval()
        .plusSeconds(55));
  }

  @Test
  void doubledDollarsReachRelabelingAsOneAsTheCollectorDocuments() throws Exception {
    ConfigErrors errors = new ConfigErrors();
    PrometheusReceiverConfig c = bind("""
        receivers:
          prometheus:
            config:
              scrape_configs:
                - job_name: k
                  static_configs: [{targets: ['a:1']}]
                  relabel_configs:
                    - source_labels: [__address__]
                      regex: '(.*):(\\d+)'
                      target_label: host
                      replacement: '$$1'
        """, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals("$1", c.config().scrapeConfigs().get(0).relabelConfigs().get(0).replacement());
  }

  @Test
  void everyErrorIsReportedWithItsPath() throws Exception {
    List<String> errors = errors("""
        receivers:
          prometheus:
            target_allocator: {endpoint: http://ta}
            config:
              global: {scrape_interval: 10x}
              scrape_configs:
                - job_name: a
                  scrape_interval: 10s
                  scrape_timeout: 20s
                  scheme: ftp
                  static_configs: [{targets: ['http://a:1/metrics']}]
                  relabel_configs: [{action: hashmod, source_labels: [x], target_label: y}]
                  kubernetes_sd_configs: [{role: pods}]
                  basic_auth: {username: u}
                  authorization: {credentials: t}
                  consul_sd_configs: [{server: 'c:8500'}]
                - job_name: a
                  static_configs: [{targets: ['b:1']}]
        """);
    assertEquals(List.of(
        "receivers::prometheus::config::scrape_configs[0]::consul_sd_configs: not supported by Telegate yet",
        "target_allocator: not supported by Telegate (it has no target allocator client; list the jobs under "
            + "config::scrape_configs, see docs/compatibility.md)",
        "config::scrape_configs[0]::scrape_timeout: scrape timeout greater than scrape interval for scrape config "
            + "with job name 'a'",
        "config::scrape_configs[0]::scheme: 'ftp' (expected: http or https)",
        "config::scrape_configs[0]: at most one of basic_auth, bearer_token, bearer_token_file and authorization "
            + "must be configured",
        "config::scrape_configs[0]::static_configs[0]::targets[0]: 'http://a:1/metrics' is not a valid target "
            + "(expected: host:port, without scheme or path)",
        "config::scrape_configs[0]::kubernetes_sd_configs[0]::role: unknown Kubernetes SD role 'pods' (expected: pod, service, endpoints, "
            + "endpointslice or node)",
        "config::scrape_configs[1]::job_name: found multiple scrape configs with job name 'a'",
        "config::global::scrape_interval: invalid duration '10x' (expected: integers with units y, w, d, h, m, s, "
            + "ms in that order, such as 30s, 1m30s, 1d)",
        "config::scrape_configs[0]::relabel_configs[0]::modulus: relabel configuration for hashmod requires "
            + "non-zero modulus"), errors);
  }

  @Test
  void theAcceptHeaderIsPrometheussForTheDefaultProtocols() {
    assertEquals("application/openmetrics-text;version=1.0.0;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
        + "text/plain;version=1.0.0;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
        ScrapeProtocols.acceptHeader(ScrapeProtocols.DEFAULT));
  }
}
