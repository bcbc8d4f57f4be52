package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathScenariosTest {

  private static final Scenarios.Ports PORTS = new Scenarios.Ports(41001, 41002, 41003, 42001, 42002);

  @TempDir
  Path dir;

  @Test
  void everyScenariosConfigIsAcceptedByTheGatewaysOwnResolver() throws Exception {
    for (Scenarios.Scenario s : Scenarios.ALL.values()) {
      GatewayConfigs.assertAccepted(dir, s.name(), Scenarios.config(s, PORTS));
    }
  }

  @Test
  void eachPathRunsAtBothConcurrenciesOverGrpcAndHttp() {
    Map<String, List<String>> paths = Map.of(
        "B2", List.of("traces", "otlp", "otlphttp", "attributes,batch"),
        "logs-loki", List.of("logs", "loki", "loki", "batch"),
        "metrics-rw", List.of("metrics", "prometheusremotewrite", "prometheusremotewrite", "batch"));
    paths.forEach((stem, p) -> {
      for (String intake : List.of("", "-http")) {
        for (String concurrency : List.of("", "-8x1")) {
          Scenarios.Scenario s = Scenarios.get(stem + intake + concurrency);
          assertEquals(p.get(0), Shapes.of(s.shape()).signal().pipeline(), s.name());
          assertEquals(intake.isEmpty() ? "grpc" : "http", s.intake(), s.name());
          assertEquals(List.of(intake.isEmpty() ? p.get(1) : p.get(2)), s.exporters(), s.name());
          assertEquals(List.of(p.get(3).split(",")), s.processors(), s.name());
          assertEquals(concurrency.isEmpty() ? 4 : 8, s.connections(), s.name());
          assertEquals(concurrency.isEmpty() ? 32 : 1, s.inFlight(), s.name());
          assertEquals(0, s.itemsPerSecond(), s.name() + " runs flat out");
        }
      }
    });
    // The scenarios that were there before keep the gRPC intake.
    assertEquals("grpc", Scenarios.get("B1").intake());
    assertEquals("grpc", Scenarios.get("F2-logs").intake());
  }
}
