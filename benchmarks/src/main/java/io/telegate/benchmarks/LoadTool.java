package io.telegate.benchmarks;

import io.telegate.benchmarks.load.FileScenarioRunner;
import io.telegate.benchmarks.load.FileScenarios;
import io.telegate.benchmarks.load.LoadGenerator;
import io.telegate.benchmarks.load.PeerCommand;
import io.telegate.benchmarks.load.ScenarioRunner;
import io.telegate.benchmarks.load.Scenarios;
import io.telegate.benchmarks.load.ScrapeScenarioRunner;
import io.telegate.benchmarks.load.ScrapeScenarios;
import io.telegate.benchmarks.load.Shapes;
import io.telegate.benchmarks.load.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code telegate-load load | sink | scenario NAME | scenarios | shapes}: see {@link #USAGE}. */
public final class LoadTool {

  static final String USAGE = """
      usage: telegate-load <command> [options]

        load       replay a pre-encoded OTLP request
                     --endpoint HOST:PORT (127.0.0.1:4317)  --protocol grpc|http (grpc)
                     --shape traces-typical|traces-testbed|logs|metrics (traces-typical)
                     --connections C (1)  --in-flight F (1)  --rate ITEMS_PER_S (0 = flat out)
                     --duration S (30)  --warmup S (5)  --gzip  --timeout S (10)  --json FILE
                     --backoff (after a throttled answer, RESOURCE_EXHAUSTED or 429, wait as long as the
                       server asked, 1 s if it did not say, as the OTel SDKs do; else send again after 1 ms)
        sink       count what arrives: OTLP gRPC + HTTP, remote write, Loki push
                     --grpc-port P (4317)  --http-port P (4318; also /api/v1/write, /loki/api/v1/push)
                     --interval S (5)  --duration S (0 = until SIGTERM/Ctrl-C)
                     --max-items-per-s N (0 = no limit: a backend that works through N items/s,
                       one request after another, answering each with its protocol's success)
        scenario NAME   run a scenario end to end and print one result line
                     --warmup S (40)  --duration S (the scenario's, else 30)  --rate ITEMS_PER_S  --connections C
                     --in-flight F  --sink-rate ITEMS_PER_S (the scenario's; 0 = as fast as it can)  --backoff  --keep
                     --gateway-opts "JVM OPTIONS" (after the scenario's own; also $GATEWAY_JAVA_OPTS)
                     --json FILE  --home DIR
                     --peer COMMAND (run COMMAND with bash -c in the gateway's place, on the same ports;
                       CPU and RSS are then its whole process tree's; placeholders in COMMAND, also as
                       TELEGATE_LOAD_<NAME> environment variables: {otlp_grpc_port} {otlp_http_port}
                       {sink_grpc_port} {sink_http_port} {metrics_port} {config} (the Telegate config)
                       {collector_config} (the same pipeline as OpenTelemetry Collector YAML)
                       {prometheus_config} (scrape scenarios: the same scrape for Prometheus, remote-writing
                       to the sink) {target_port} (scrape scenarios: the targets' server) {dir})
                     scrape scenarios (prom-*): --targets N --series N --interval S (the scenario's)
                       --heap-histogram (after the measured phase: jcmd GC.class_histogram, live objects)
                     file scenarios (filelog-*): --files N --rate LINES_PER_S --burst-mib MIB (the scenario's;
                       a burst is written before the gateway starts and read from the beginning)
        scenarios  list the scenarios
        shapes     list the request shapes with their sizes
      """;

  private LoadTool() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    Map<String, String> o;
    String positional = null;
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    if (args[0].equals("scenario")) {
      if (rest.isEmpty() || rest.get(0).startsWith("--")) {
        System.err.println("scenario: name missing; one of " + Scenarios.ALL.keySet() + " or "
            + ScrapeScenarios.ALL.keySet() + " or " + FileScenarios.ALL.keySet());
        System.exit(2);
      }
      positional = rest.remove(0);
    }
    try {
      o = options(rest);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    int exit = switch (args[0]) {
      case "load" -> load(o);
      case "sink" -> sink(o);
      case "scenario" -> scenario(positional, o);
      case "scenarios" -> {
        ScrapeScenarios.ALL.values().forEach(s -> System.out.printf(
            "%-10s %s; prometheus -> batch -> prometheusremotewrite, %d targets x %d series (%s), every %d s; "
                + "target: %s%n", s.name(), s.description(), s.targets(), s.series(), s.shape(), s.intervalSeconds(),
            s.target()));
        FileScenarios.ALL.values().forEach(s -> System.out.printf("%-10s %s; %d files, %s; target: %s%n", s.name(),
            s.description(), s.files(), s.burst() ? "burst of " + s.burstMib() + " MiB"
                : String.format("%.0f lines/s, rotation at %d MiB", s.linesPerSecond(), s.rotateMib()), s.target()));
        Scenarios.ALL.values().forEach(s -> System.out.printf("%-10s %s; %s %s c=%d f=%d %s%s%s%s; target: %s%n",
            s.name(), s.description(), s.intake(), s.shape(), s.connections(), s.inFlight(),
            s.itemsPerSecond() == 0 ? "flat out" : String.format("%.0f items/s", s.itemsPerSecond()),
            s.durationSeconds() > 0 ? " for " + s.durationSeconds() + " s" : "",
            s.sinkItemsPerSecond() > 0 ? String.format(", sink %.0f items/s", s.sinkItemsPerSecond()) : "",
            s.gatewayOptions().isEmpty() ? "" : ", gateway " + String.join(" ", s.gatewayOptions()), s.target()));
        yield 0;
      }
      case "shapes" -> {
        for (String n : List.of("traces-typical", "traces-testbed", "logs", "metrics")) {
          Shapes.Shape s = Shapes.of(n);
          System.out.printf("%-15s %-7s %,7d B, %4d items, %.1f B/item%n", n, s.signal().pipeline(),
              s.bytes().length, s.items(), s.bytes().length / (double) s.items());
        }
        yield 0;
      }
      default -> {
        System.err.println("unknown command: " + args[0]);
        System.err.print(USAGE);
        yield 2;
      }
    };
    System.exit(exit);
  }

  static Map<String, String> options(List<String> args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      String key = a.substring(2);
      if (key.contains("=")) {
        o.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
      } else if (key.equals("gzip") || key.equals("keep") || key.equals("backoff") || key.equals("heap-histogram")) {
        o.put(key, "true");
      } else if (i + 1 < args.size()) {
        o.put(key, args.get(++i));
      } else {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
    }
    return o;
  }

  private static int load(Map<String, String> o) throws Exception {
    String endpoint = o.getOrDefault("endpoint", "127.0.0.1:4317");
    int colon = endpoint.lastIndexOf(':');
    LoadGenerator.Options options = new LoadGenerator.Options(endpoint.substring(0, colon),
        Integer.parseInt(endpoint.substring(colon + 1)), o.getOrDefault("protocol", "grpc"),
        Shapes.of(o.getOrDefault("shape", "traces-typical")), Integer.parseInt(o.getOrDefault("connections", "1")),
        Integer.parseInt(o.getOrDefault("in-flight", "1")), Double.parseDouble(o.getOrDefault("rate", "0")),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "5"))),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "30"))), o.containsKey("gzip"),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout", "10"))), o.containsKey("backoff"));
    LoadGenerator.Result r = new LoadGenerator(options).run();
    System.out.println(r.summary());
    if (o.containsKey("json")) {
      Files.writeString(Path.of(o.get("json")), r.json() + "\n");
    }
    return r.errors().isEmpty() ? 0 : 1;
  }

  private static int sink(Map<String, String> o) throws Exception {
    Sink sink = new Sink(Integer.parseInt(o.getOrDefault("grpc-port", "4317")),
        Integer.parseInt(o.getOrDefault("http-port", "4318")));
    sink.limitTo(Double.parseDouble(o.getOrDefault("max-items-per-s", "0")));
    System.err.println("sink: OTLP gRPC on 127.0.0.1:" + sink.grpcPort() + ", HTTP on 127.0.0.1:" + sink.httpPort()
        + " (/v1/traces, /v1/metrics, /v1/logs, /api/v1/write, /loki/api/v1/push)"
        + (sink.maxItemsPerSecond() > 0 ? "; at most " + o.get("max-items-per-s") + " items/s" : ""));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println(sink.totals());
      System.out.flush();
      stop.countDown();
    }));
    long interval = Long.parseLong(o.getOrDefault("interval", "5")) * 1000;
    long duration = Long.parseLong(o.getOrDefault("duration", "0")) * 1000;
    long start = System.currentTimeMillis();
    long last = 0;
    while (duration == 0 || System.currentTimeMillis() - start < duration) {
      Thread.sleep(Math.max(1, interval));
      long now = sink.totalItems();
      System.err.printf("sink: +%.0f items/s; %s%n", (now - last) * 1000.0 / interval, sink.totals());
      last = now;
    }
    sink.close();
    return 0; // the shutdown hook prints the totals
  }

  private static int scenario(String name, Map<String, String> o) throws Exception {
    ScrapeScenarios.Scenario scrape = ScrapeScenarios.find(name);
    if (scrape != null) {
      return scrapeScenario(scrape, o);
    }
    FileScenarios.Scenario file = FileScenarios.find(name);
    if (file != null) {
      return fileScenario(file, o);
    }
    Scenarios.Scenario s;
    try {
      s = Scenarios.get(name);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (!peerValid(o)) {
      return 2;
    }
    List<String> jvm = gatewayOptions(o);
    Path home = home(o);
    long duration = o.containsKey("duration") ? Long.parseLong(o.get("duration"))
        : s.durationSeconds() > 0 ? s.durationSeconds() : 30;
    ScenarioRunner.Options options = new ScenarioRunner.Options(home,
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "40"))), Duration.ofSeconds(duration), jvm,
        o.containsKey("rate") ? Double.valueOf(o.get("rate")) : null,
        o.containsKey("connections") ? Integer.valueOf(o.get("connections")) : null,
        o.containsKey("in-flight") ? Integer.valueOf(o.get("in-flight")) : null,
        o.containsKey("sink-rate") ? Double.valueOf(o.get("sink-rate")) : null, o.containsKey("backoff"),
        o.get("json"), o.containsKey("keep"), o.get("peer"));
    return new ScenarioRunner(s, options).run();
  }

  private static int scrapeScenario(ScrapeScenarios.Scenario s, Map<String, String> o) throws Exception {
    if (!peerValid(o)) {
      return 2;
    }
    List<String> jvm = gatewayOptions(o);
    Path home = home(o);
    ScrapeScenarios.Scenario sized = s.with(
        o.containsKey("targets") ? Integer.valueOf(o.get("targets")) : null,
        o.containsKey("series") ? Integer.valueOf(o.get("series")) : null,
        o.containsKey("interval") ? Integer.valueOf(o.get("interval")) : null);
    ScrapeScenarioRunner.Options options = new ScrapeScenarioRunner.Options(home,
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "45"))),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "90"))), jvm, o.containsKey("keep"),
        o.get("peer"), o.containsKey("heap-histogram"));
    return new ScrapeScenarioRunner(sized, options).run();
  }

  private static int fileScenario(FileScenarios.Scenario s, Map<String, String> o) throws Exception {
    if (o.containsKey("peer")) {
      System.err.println("scenario " + s.name() + ": --peer is not supported for the file scenarios");
      return 2;
    }
    FileScenarios.Scenario sized = s.with(
        o.containsKey("files") ? Integer.valueOf(o.get("files")) : null,
        o.containsKey("rate") ? Double.valueOf(o.get("rate")) : null,
        o.containsKey("burst-mib") ? Integer.valueOf(o.get("burst-mib")) : null);
    FileScenarioRunner.Options options = new FileScenarioRunner.Options(home(o),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "30"))),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "60"))), gatewayOptions(o),
        o.containsKey("keep"));
    return new FileScenarioRunner(sized, options).run();
  }

  /** False (after saying why) when {@code --peer} is given and refused. */
  private static boolean peerValid(Map<String, String> o) {
    if (o.containsKey("peer")) {
      try {
        PeerCommand.validate(o.get("peer"));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return false;
      }
    }
    return true;
  }

  /** {@code --gateway-opts}, else {@code $GATEWAY_JAVA_OPTS}, split at blanks. */
  private static List<String> gatewayOptions(Map<String, String> o) {
    String opts = o.getOrDefault("gateway-opts", System.getenv().getOrDefault("GATEWAY_JAVA_OPTS", ""));
    return opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  private static Path home(Map<String, String> o) {
    return Path.of(o.getOrDefault("home", System.getProperty("telegate.home", "."))).toAbsolutePath();
  }
}
