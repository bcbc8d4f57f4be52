package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeScenariosTest {

  private static final ScrapeScenarios.Scenario SMALL = ScrapeScenarios.find("prom-1000x1000").with(3, 50, 5);
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path dir;

  @Test
  void everyScrapeScenariosConfigIsAcceptedByTheGatewaysOwnResolver() throws Exception {
    for (ScrapeScenarios.Scenario s : ScrapeScenarios.ALL.values()) {
      GatewayConfigs.assertAccepted(dir, s.name(), ScrapeScenarios.config(s, 40001, 40002, 40003));
    }
  }

  @Test
  void everyTargetIsAGroupWithItsOwnPathAndInstance() throws Exception {
    JsonNode c = yaml.readTree(ScrapeScenarios.config(SMALL, 40001, 40002, 40003));
    JsonNode job = c.at("/receivers/prometheus/config/scrape_configs/0");
    assertEquals("5s", c.at("/receivers/prometheus/config/global/scrape_interval").asText());
    assertEquals("5s", c.at("/receivers/prometheus/config/global/scrape_timeout").asText());
    assertEquals(3, job.get("static_configs").size());
    for (int i = 0; i < 3; i++) {
      JsonNode g = job.get("static_configs").get(i);
      assertEquals("127.0.0.1:40001", g.at("/targets/0").asText());
      assertEquals("/targets/" + i + "/metrics", g.at("/labels/__metrics_path__").asText());
      assertEquals(String.format("target-%04d", i), g.at("/labels/instance").asText());
    }
    assertEquals("http://127.0.0.1:40002/api/v1/write", c.at("/exporters/prometheusremotewrite/endpoint").asText());
    assertEquals("40003", c.at("/service/telemetry/metrics/address").asText().split(":")[1]);
    assertEquals("prometheus", c.at("/service/pipelines/metrics/receivers/0").asText());
  }

  @Test
  void thePrometheusConfigScrapesTheSameTargetsAndWritesToTheSink() throws Exception {
    JsonNode ours = yaml.readTree(ScrapeScenarios.config(SMALL, 40001, 40002, 40003)).at("/receivers/prometheus/config");
    JsonNode prometheus = yaml.readTree(ScrapeScenarios.prometheusConfig(SMALL, 40001, 40002));
    assertEquals(ours.get("global"), prometheus.get("global"));
    assertEquals(ours.get("scrape_configs"), prometheus.get("scrape_configs"));
    assertEquals("http://127.0.0.1:40002/api/v1/write", prometheus.at("/remote_write/0/url").asText());
  }

  @Test
  void promtoolAcceptsThePrometheusConfig() throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "Debian's prometheus package (promtool) is not installed");
    for (ScrapeScenarios.Scenario s : ScrapeScenarios.ALL.values()) {
      Path file = dir.resolve(s.name() + ".yml");
      Files.writeString(file, ScrapeScenarios.prometheusConfig(s, 40001, 40002));
      Process p = new ProcessBuilder(promtool.toString(), "check", "config", file.toString()).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
      assertEquals(0, p.exitValue(), s.name() + ": " + out);
    }
  }

  @Test
  void theScenariosHaveTheIssuesSizes() {
    ScrapeScenarios.Scenario one = ScrapeScenarios.find("prom-100k");
    assertEquals(1, one.targets());
    assertEquals(100_000, one.series());
    ScrapeScenarios.Scenario many = ScrapeScenarios.find("PROM-1000x1000");
    assertEquals(1000, many.targets());
    assertEquals(1000, many.series());
    assertEquals(15, many.intervalSeconds());
  }
}
