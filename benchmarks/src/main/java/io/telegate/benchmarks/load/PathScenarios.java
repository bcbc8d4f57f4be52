package io.telegate.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 19's paths, each at 4 connections x 32 in flight and at 8 x 1, over gRPC and over
 * HTTP/protobuf: traces through {@code attributes} (2 inserts) and {@code batch} to {@code otlp}
 * ({@code otlphttp} when the intake is HTTP), logs through {@code batch} to {@code loki}, metrics
 * through {@code batch} to {@code prometheusremotewrite}. B2 itself is the traces path at 4 x 32
 * over gRPC. The translating exporters keep the short {@code block_on_overflow} queue of B3/B4, so
 * the acknowledged rate is the rate the gateway delivers.
 */
final class PathScenarios {

  private PathScenarios() {}

  /** One path: its name stem, pipeline, shape, the gRPC and HTTP exporters, and the target. */
  private record Path(String stem, String pipeline, String shape, List<String> processors, String processorYaml,
      String grpcExporter, String httpExporter, String target) {}

  private static final List<Path> PATHS = List.of(
      new Path("B2", "traces -> attributes (2 inserts) -> batch -> %s, flat out, typical shape", "traces-typical",
          List.of("attributes", "batch"), Scenarios.ATTRIBUTES_2 + Scenarios.BATCH, "otlp", "otlphttp",
          ">= 2x the Go Collector per core (>= 500k spans/s per core); 8x1 within 25 % of 4x32"),
      new Path("logs-loki", "logs -> batch -> %s, flat out", "logs", List.of("batch"), Scenarios.BATCH, "loki",
          "loki", ">= 2x Fluent Bit per core (>= 500k records/s per core), RSS <= 300 MiB"),
      new Path("metrics-rw", "metrics -> batch -> %s, flat out, testbed shape", "metrics", List.of("batch"),
          Scenarios.BATCH, "prometheusremotewrite", "prometheusremotewrite",
          ">= 2x Fluent Bit per core (>= 400k samples/s per core), RSS <= 300 MiB"));

  /** Every path at both concurrencies and both intakes, except B2 itself (gRPC, 4 x 32). */
  static List<Scenarios.Scenario> all() {
    List<Scenarios.Scenario> out = new ArrayList<>();
    for (Path p : PATHS) {
      for (String intake : List.of("grpc", "http")) {
        for (boolean oneInFlight : List.of(false, true)) {
          String name = p.stem() + (intake.equals("http") ? "-http" : "") + (oneInFlight ? "-8x1" : "");
          if (name.equals("B2")) {
            continue;
          }
          String exporter = intake.equals("http") ? p.httpExporter() : p.grpcExporter();
          String description = p.pipeline().formatted(exporter)
              + (intake.equals("http") ? ", OTLP/HTTP protobuf in" : "");
          out.add(new Scenarios.Scenario(name, description, p.shape(), oneInFlight ? 8 : 4, oneInFlight ? 1 : 32, 0,
              p.processors(), p.processorYaml(), List.of(exporter), 0, p.target(), List.of(), 0, 0, false, intake));
        }
      }
    }
    return out;
  }
}
