package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCommandTest {

  private static final Scenarios.Ports PORTS = new Scenarios.Ports(41001, 41002, 41003, 42001, 42002);

  @TempDir
  Path dir;

  private PeerCommand peer(String template) {
    return new PeerCommand(template, PORTS, dir.resolve("gateway.yaml"), dir.resolve("collector.yaml"), dir);
  }

  @Test
  void everyPlaceholderIsReplacedWithTheScenariosValue() {
    String command = peer("otelcol --config {collector_config} # {otlp_grpc_port} {otlp_http_port} "
        + "{sink_grpc_port} {sink_http_port} {metrics_port} {config} {dir} {config}").command();
    assertEquals("otelcol --config " + dir.resolve("collector.yaml") + " # 41001 41002 42001 42002 41003 "
        + dir.resolve("gateway.yaml") + " " + dir + " " + dir.resolve("gateway.yaml"), command);
  }

  @Test
  void aScrapeScenarioGivesThePrometheusConfigAndTheTargetsPort() {
    PeerCommand p = new PeerCommand("prometheus --enable-feature=agent --config.file={prometheus_config} # {target_port}",
        PORTS, dir.resolve("gateway.yaml"), dir.resolve("gateway.yaml"), dir.resolve("prometheus.yml"), 43001, dir);
    assertEquals("prometheus --enable-feature=agent --config.file=" + dir.resolve("prometheus.yml") + " # 43001",
        p.command());
    assertEquals("43001", p.environment().get("TELEGATE_LOAD_TARGET_PORT"));
  }

  @Test
  void theShellsOwnBracesPassThrough() {
    assertEquals("echo ${HOME} {a,b} 41001", peer("echo ${HOME} {a,b} {otlp_grpc_port}").command());
  }

  @Test
  void anUnknownPlaceholderIsRefusedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PeerCommand.validate("fluent-bit -c {fluentbit_config} -p {grpc_port}"));
    assertEquals("--peer: unknown placeholders {fluentbit_config}, {grpc_port} (expected: {otlp_grpc_port} "
        + "{otlp_http_port} {sink_grpc_port} {sink_http_port} {metrics_port} {config} {collector_config} {prometheus_config} {target_port} {dir})",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> peer("run {confg}").command());
    assertThrows(IllegalArgumentException.class, () -> PeerCommand.validate("  "));
  }

  @Test
  void theStartedCommandSeesTheValuesAsEnvironmentVariables() throws Exception {
    Path log = dir.resolve("peer.log");
    Process p = peer("echo \"grpc=$TELEGATE_LOAD_OTLP_GRPC_PORT http=$TELEGATE_LOAD_OTLP_HTTP_PORT "
        + "sinks=$TELEGATE_LOAD_SINK_GRPC_PORT,$TELEGATE_LOAD_SINK_HTTP_PORT metrics=$TELEGATE_LOAD_METRICS_PORT "
        + "config=$TELEGATE_LOAD_CONFIG collector=$TELEGATE_LOAD_COLLECTOR_CONFIG dir=$TELEGATE_LOAD_DIR "
        + "placeholder={sink_http_port}\"; echo oops >&2").start(log);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertEquals(List.of("grpc=41001 http=41002 sinks=42001,42002 metrics=41003 config=" + dir.resolve("gateway.yaml")
        + " collector=" + dir.resolve("collector.yaml") + " dir=" + dir + " placeholder=42002", "oops"),
        Files.readAllLines(log));
  }

  @Test
  void stoppingEndsTheShellAndWhatItStarted() throws Exception {
    // The shell does not pass SIGTERM on to its children: without the tree stop they would outlive it.
    Process p = peer("sleep 600 & sleep 600 & wait").start(dir.resolve("peer.log"));
    Await.until("the shell's two children", Duration.ofSeconds(60), () -> p.descendants().count() >= 2);
    List<ProcessHandle> children = p.descendants().toList();
    assertEquals(2, children.size(), children.toString());
    PeerCommand.stopTree(p, Duration.ofSeconds(30));
    assertFalse(p.isAlive());
    for (ProcessHandle c : children) {
      c.onExit().get(30, TimeUnit.SECONDS);
      assertFalse(c.isAlive(), "child " + c.pid());
    }
  }
}
