package io.telegate.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code scenario --peer COMMAND}: another gateway, started by a shell in Telegate's place on
 * the ports the scenario chose. The command gets the scenario's values as {@code {name}}
 * placeholders and as {@code TELEGATE_LOAD_NAME} environment variables (quote those in the shell
 * when a path may hold spaces; the placeholders are put in as they are).
 */
public final class PeerCommand {

  /** The placeholders a command may use, in the order the usage lists them. */
  public static final List<String> PLACEHOLDERS = List.of("otlp_grpc_port", "otlp_http_port", "sink_grpc_port",
      "sink_http_port", "metrics_port", "config", "collector_config", "prometheus_config", "target_port", "dir");

  // {name} not preceded by '$', so that the shell's own ${VAR} passes through untouched.
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([a-z_]+)}");

  private final String template;
  private final Map<String, String> values;

  /**
   * @param config the Telegate config the scenario would have run
   * @param collectorConfig the same pipeline in the OpenTelemetry Collector's YAML
   * @param dir the scenario's scratch directory
   */
  public PeerCommand(String template, Scenarios.Ports ports, Path config, Path collectorConfig, Path dir) {
    this(template, ports, config, collectorConfig, dir.resolve("prometheus.yml"), 0, dir);
  }

  /**
   * A scrape scenario's peer ({@link ScrapeScenarios}).
   *
   * @param prometheusConfig the same scrape as a Prometheus server's config (scrape configs and a
   *     remote write to the sink)
   * @param targetPort the port of the load tool's targets (0 when there are none)
   */
  public PeerCommand(String template, Scenarios.Ports ports, Path config, Path collectorConfig,
      Path prometheusConfig, int targetPort, Path dir) {
    this.template = template;
    Map<String, String> v = new LinkedHashMap<>();
    v.put("otlp_grpc_port", Integer.toString(ports.otlpGrpc()));
    v.put("otlp_http_port", Integer.toString(ports.otlpHttp()));
    v.put("sink_grpc_port", Integer.toString(ports.sinkGrpc()));
    v.put("sink_http_port", Integer.toString(ports.sinkHttp()));
    v.put("metrics_port", Integer.toString(ports.metrics()));
    v.put("config", config.toString());
    v.put("collector_config", collectorConfig.toString());
    v.put("prometheus_config", prometheusConfig.toString());
    v.put("target_port", Integer.toString(targetPort));
    v.put("dir", dir.toString());
    this.values = Map.copyOf(v);
  }

  /** The command with every placeholder replaced. */
  public String command() {
    validate(template);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Refuses a command with an unknown placeholder, naming it and the known ones. */
  public static void validate(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    List<String> unknown = new ArrayList<>();
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        unknown.add(m.group());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("--peer: unknown placeholder" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + " (expected: " + known() + ")");
    }
    if (template.isBlank()) {
      throw new IllegalArgumentException("--peer: the command is empty");
    }
  }

  /** {@code TELEGATE_LOAD_OTLP_GRPC_PORT} and the others: the placeholders' values. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : PLACEHOLDERS) {
      env.put(environmentName(name), values.get(name));
    }
    return env;
  }

  static String environmentName(String placeholder) {
    return "TELEGATE_LOAD_" + placeholder.toUpperCase(Locale.ROOT);
  }

  /** {@code {otlp_grpc_port} ...}, for messages and the usage. */
  public static String known() {
    return String.join(" ", PLACEHOLDERS.stream().map(p -> "{" + p + "}").toList());
  }

  /** Starts {@code bash -c COMMAND} with the environment, stdout and stderr into {@code log}. */
  public Process start(Path log) throws IOException {
    ProcessBuilder b = new ProcessBuilder("bash", "-c", command()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().putAll(environment());
    return b.start();
  }

  /**
   * SIGTERM to the process and every descendant (a shell does not pass it on to what it started),
   * up to {@code grace} for all of them to end, then SIGKILL to what is left. Returns the
   * process's exit status.
   */
  public static int stopTree(Process p, Duration grace) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(p.toHandle());
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : all) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // killed below
      }
    }
    for (ProcessHandle h : all) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    p.waitFor(10, TimeUnit.SECONDS);
    return p.isAlive() ? -1 : p.exitValue();
  }
}
