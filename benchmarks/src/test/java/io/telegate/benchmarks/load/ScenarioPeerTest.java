package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario run through {@code --peer}: the gateway itself, started by the command as a user
 * would start another gateway (its own JVM, the test classpath, the generated {@code {config}}),
 * loaded at a low fixed rate; the report is the peer's and counts what the sink received.
 */
class ScenarioPeerTest {

  private static final Pattern COUNTS = Pattern.compile("sent=(\\d+) received=(\\d+) loss=0 dup=0");

  @TempDir
  Path dir;

  private static String peerCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The environment variable and the placeholder both name the config the scenario wrote.
    return "test -f \"$TELEGATE_LOAD_CONFIG\" && exec " + java + " -Xmx256m -XX:+UseSerialGC -cp '"
        + System.getProperty("java.class.path") + "' io.telegate.dist.Main run --config {config}";
  }

  private ScenarioRunner.Options options(Path json) {
    return new ScenarioRunner.Options(dir, Duration.ofSeconds(2), Duration.ofSeconds(3), List.of(), 2_000.0, 1, 2,
        null, false, json.toString(), false, peerCommand());
  }

  @Test
  void theGatewayRunAsAPeerDeliversWhatWasAcknowledgedAndTheReportSaysItIsThePeers() throws Exception {
    Path json = dir.resolve("b1.json");
    ScenarioRunner runner = new ScenarioRunner(Scenarios.get("B1"), options(json));
    assertEquals(0, runner.run(), runner.report());
    String report = runner.report();
    assertTrue(report.startsWith("PEER B1 [otlp->batch->otlp | grpc traces-testbed c=1 f=2 rate=2000/s | peer: "),
        report);
    assertTrue(report.contains("| peer CPU avg="), report);
    assertTrue(report.contains("the peer's CPU and RSS: its whole process tree"), report);
    Matcher m = COUNTS.matcher(report);
    assertTrue(m.find(), report);
    long sent = Long.parseLong(m.group(1));
    assertTrue(sent > 0, report);
    assertEquals(sent, Long.parseLong(m.group(2)), report);
    String result = Files.readString(json);
    assertTrue(result.contains("\"peer\":true,\"sent\":" + sent + ",\"received\":" + sent + ","), result);
  }

  @Test
  void theHttpIntakeReachesThePeersHttpPort() throws Exception {
    Scenarios.Scenario b1 = Scenarios.get("B1");
    Scenarios.Scenario overHttp = new Scenarios.Scenario("B1-http-test", b1.description(), b1.shape(), 1, 2,
        b1.itemsPerSecond(), b1.processors(), b1.processorYaml(), List.of("otlphttp"), 0, b1.target(), List.of(), 0,
        0, false, "http");
    ScenarioRunner runner = new ScenarioRunner(overHttp, options(dir.resolve("http.json")));
    assertEquals(0, runner.run(), runner.report());
    Matcher m = COUNTS.matcher(runner.report());
    assertTrue(m.find(), runner.report());
    assertTrue(Long.parseLong(m.group(1)) > 0, runner.report());
    assertEquals(m.group(1), m.group(2), runner.report());
    assertTrue(runner.report().contains("| http traces-testbed "), runner.report());
  }
}
