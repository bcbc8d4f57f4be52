package io.telegate.benchmarks;

import io.telegate.benchmarks.load.LoadGenerator;
import io.telegate.benchmarks.load.ScenarioRunner;
import io.telegate.benchmarks.load.Scenarios;
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
        sink       count what arrives: OTLP gRPC + HTTP, remote write, Loki push
                     --grpc-port P (4317)  --http-port P (4318; also /api/v1/write, /loki/api/v1/push)
                     --interval S (5)  --duration S (0 = until SIGTERM/Ctrl-C)
        scenario NAME   run a scenario end to end and print one result line
                     --warmup S (40)  --duration S (30)  --rate ITEMS_PER_S  --connections C  --in-flight F  --keep
                     --gateway-opts "JVM OPTIONS" (also $GATEWAY_JAVA_OPTS)  --json FILE  --home DIR
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
        System.err.println("scenario: name missing; one of " + Scenarios.ALL.keySet());
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
        Scenarios.ALL.values().forEach(s -> System.out.printf("%-8s %s; %s c=%d f=%d %s; target: %s%n", s.name(),
            s.description(), s.shape(), s.connections(), s.inFlight(),
            s.itemsPerSecond() == 0 ? "flat out" : String.format("%.0f items/s", s.itemsPerSecond()), s.target()));
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
      } else if (key.equals("gzip") || key.equals("keep")) {
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
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout", "10"))));
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
    System.err.println("sink: OTLP gRPC on 127.0.0.1:" + sink.grpcPort() + ", HTTP on 127.0.0.1:" + sink.httpPort()
        + " (/v1/traces, /v1/metrics, /v1/logs, /api/v1/write, /loki/api/v1/push)");
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
    Scenarios.Scenario s;
    try {
      s = Scenarios.get(name);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    String opts = o.getOrDefault("gateway-opts", System.getenv().getOrDefault("GATEWAY_JAVA_OPTS", ""));
    List<String> jvm = opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    Path home = Path.of(o.getOrDefault("home", System.getProperty("telegate.home", "."))).toAbsolutePath();
    ScenarioRunner.Options options = new ScenarioRunner.Options(home,
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "40"))),
        Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "30"))), jvm,
        o.containsKey("rate") ? Double.valueOf(o.get("rate")) : null,
        o.containsKey("connections") ? Integer.valueOf(o.get("connections")) : null,
        o.containsKey("in-flight") ? Integer.valueOf(o.get("in-flight")) : null, o.get("json"),
        o.containsKey("keep"));
    return new ScenarioRunner(s, options).run();
  }
}
