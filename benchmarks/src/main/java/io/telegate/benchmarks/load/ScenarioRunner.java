package io.telegate.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario end to end: the sink (in this JVM), the gateway (a child JVM with a generated
 * config in a temporary directory, or the {@code --peer} command in its place), the load (in this
 * JVM); samples the gateway's CPU and RSS (a peer's: over its whole process tree) during the
 * measurement; stops the gateway and the sink; prints one result line.
 */
public final class ScenarioRunner {

  /**
   * How to run: the repo (for the gateway's jars), timings, the gateway's JVM options (after the
   * scenario's own), what overrides the scenario's load and sink, and the {@code --peer} command
   * (null: Telegate).
   */
  public record Options(Path home, Duration warmup, Duration duration, List<String> gatewayJvmOptions,
      Double rateOverride, Integer connectionsOverride, Integer inFlightOverride, Double sinkRateOverride,
      boolean backoff, String jsonOut, boolean keepDir, String peer) {}

  private final Scenarios.Scenario scenario;
  private final Options options;
  private String report;

  public ScenarioRunner(Scenarios.Scenario scenario, Options options) {
    this.scenario = scenario;
    this.options = options;
  }

  /**
   * The default JVM options of {@code bin/telegate}, without its class-data-sharing archive: G1
   * unless {@code extra} picks a collector (as the launcher does with {@code JAVA_OPTS}), then
   * {@code extra}.
   */
  static List<String> launcherOptions(List<String> extra) {
    List<String> flags = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-Xss512k"));
    if (extra.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
      flags.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50"));
    }
    flags.addAll(extra);
    return flags;
  }

  /** Runs the scenario; returns the process exit status the command should end with. */
  public int run() throws Exception {
    Path dist = options.home().resolve("dist/target");
    Path jar = dist.resolve("telegate-dist.jar");
    boolean peer = options.peer() != null;
    String subject = peer ? "peer" : "gateway";
    if (!peer && (!Files.isRegularFile(jar) || !Files.isDirectory(dist.resolve("lib")))) {
      System.err.println("scenario: " + jar + " is missing; build the gateway first: "
          + "flock /tmp/telegate-mvn.lock mvn -q -o install -DskipTests -pl dist -am");
      return 2;
    }
    Shapes.Shape shape = Shapes.of(scenario.shape());
    double sinkRate = options.sinkRateOverride() != null ? options.sinkRateOverride() : scenario.sinkItemsPerSecond();
    Path dir = Files.createTempDirectory("telegate-scenario-" + scenario.name() + "-");
    Sink sink = new Sink(0, 0);
    sink.limitTo(sinkRate);
    Process gateway = null;
    ProcSampler sampler = null;
    ProcSampler wholeRun = null;
    try {
      int[] free = freePorts(3);
      Scenarios.Ports ports = new Scenarios.Ports(free[0], free[1], free[2], sink.grpcPort(), sink.httpPort());
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(config, Scenarios.config(scenario, ports));
      Path log = dir.resolve(subject + ".log");
      System.err.println("scenario " + scenario.name() + ": " + scenario.description());
      String shown;
      if (peer) {
        Path collectorConfig = dir.resolve("collector.yaml");
        Files.writeString(collectorConfig, CollectorConfig.of(scenario, ports));
        PeerCommand command = new PeerCommand(options.peer(), ports, config, collectorConfig, dir);
        shown = command.command();
        System.err.println("scenario: peer (in Telegate's place) bash -c " + shown);
        gateway = command.start(log);
      } else {
        shown = "gw " + gatewayFlags();
        gateway = startGateway(dist, gatewayJvmOptions(), config, log);
      }
      System.err.println("scenario: config and log in " + dir);
      int intakePort = "http".equals(scenario.intake()) ? ports.otlpHttp() : ports.otlpGrpc();
      if (!(peer ? awaitListening(gateway, intakePort, Duration.ofSeconds(90))
          : awaitReady(gateway, ports.metrics(), Duration.ofSeconds(90)))) {
        System.err.println("scenario: the " + subject + " did not become ready; its log:");
        System.err.println(tail(log, 40));
        return 1;
      }
      System.err.println("scenario: " + subject + " ready (pid " + gateway.pid() + "), warm-up "
          + options.warmup().toSeconds() + " s, then " + options.duration().toSeconds() + " s measured"
          + (sinkRate > 0 ? String.format(Locale.ROOT, "; the sink answers at most %.0f items/s", sinkRate) : ""));
      wholeRun = peer ? ProcSampler.tree(gateway.pid()) : new ProcSampler(gateway.pid());

      double rate = options.rateOverride() != null ? options.rateOverride() : scenario.itemsPerSecond();
      int connections = options.connectionsOverride() != null ? options.connectionsOverride() : scenario.connections();
      int inFlight = options.inFlightOverride() != null ? options.inFlightOverride() : scenario.inFlight();
      LoadGenerator.Options load = new LoadGenerator.Options("127.0.0.1", intakePort, scenario.intake(), shape,
          connections, inFlight, rate, options.warmup(), options.duration(), false,
          Duration.ofSeconds(10), options.backoff());
      LoadGenerator generator = new LoadGenerator(load);
      final long pid = gateway.pid();
      ProcSampler[] holder = new ProcSampler[2];
      long[] sinkAtStart = new long[2];
      Thread starter = new Thread(() -> {
        try {
          Thread.sleep(options.warmup().toMillis());
          sinkAtStart[0] = sink.totalItems();
          sinkAtStart[1] = System.nanoTime();
          holder[0] = peer ? ProcSampler.tree(pid) : new ProcSampler(pid);
          holder[1] = new ProcSampler(ProcessHandle.current().pid());
          if (scenario.stallSeconds() > 0) {
            sink.stallFor(scenario.stallSeconds() * 1000L);
            System.err.println("scenario: sink stalled for " + scenario.stallSeconds() + " s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "scenario-phase");
      starter.setDaemon(true);
      starter.start();
      String date = Instant.now().toString();
      LoadGenerator.Result result = generator.run();
      starter.join();
      // At the end of the load, before anything drains: what was acknowledged and not yet delivered,
      // and what the gateway says it holds.
      long expected = result.totalOkItems() * expectedCopies(scenario);
      long backlog = expected - sink.totalItems();
      Map<String, Double> atEnd = GatewayMetrics.scrape(ports.metrics());
      double delivered = (sink.totalItems() - sinkAtStart[0]) / ((System.nanoTime() - sinkAtStart[1]) / 1e9);
      sampler = holder[0];
      double[] proc = sampler != null ? stop(sampler) : new double[5];
      double[] self = holder[1] != null ? stop(holder[1]) : new double[5];
      double[] whole = stop(wholeRun);
      int processes = wholeRun.maxProcesses();
      sampler = null;
      wholeRun = null;
      System.err.println(result.summary());
      System.err.println("scenario: at the end of the load: acknowledged - delivered = " + backlog + " items; gateway: "
          + GatewayMetrics.format(atEnd));

      // Let the gateway flush (batch timeout, queues; a slow sink takes backlog / rate), then
      // compare what arrived with what was acknowledged.
      long drainSeconds = 20 + (sinkRate > 0 ? (long) Math.ceil(Math.max(0, backlog) * 1.5 / sinkRate) : 0);
      long received = awaitSink(sink, expected, ports.metrics(), Duration.ofSeconds(drainSeconds));
      int exit = peer ? stopPeer(gateway, log) : stopGateway(gateway, log);
      gateway = null;
      received = sinkItems(sink, scenario);
      String gatewayLog = Files.exists(log) ? Files.readString(log) : "";
      boolean oom = gatewayLog.contains("OutOfMemoryError");
      long droppedAtShutdown = droppedItems(gatewayLog);
      long warnings = gatewayLog.lines().filter(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\""))
          .count();
      System.err.println(sink.totals());
      long diff = received - expected;
      String line = String.format(Locale.ROOT,
          "%s%s [%s | %s %s c=%d f=%d rate=%s%s%s | %s] sent=%d received=%d %s measured: %.0f items/s acked, %.0f items/s at the sink, %.1f MB/s, "
              + "p50=%s p99=%s max=%s, throttled=%d, errors=%s | %s CPU avg=%.1f%% max=%.1f%% of one core, "
              + "RSS avg=%.0f MiB max=%.0f MiB (whole run: avg=%.0f max=%.0f, %d samples%s) | load tool + sink CPU avg=%.0f%% "
              + "| at load end: %s | %s log: %d warnings/errors, dropped_items=%d | %s exit=%d%s | %s",
          peer ? "PEER " : "", scenario.name(), pipeline(scenario), scenario.intake(), shape.name(), connections,
          inFlight, rate == 0 ? "max" : String.format(Locale.ROOT, "%.0f/s", rate), options.backoff() ? " backoff" : "",
          sinkRate > 0 ? String.format(Locale.ROOT, " sink=%.0f/s", sinkRate) : "",
          peer ? "peer: " + shown : shown,
          expected, received, verdict(diff, result, scenario),
          result.itemsPerSecond(), delivered, result.megabytesPerSecond(), LoadGenerator.Result.ms(result.p50()),
          LoadGenerator.Result.ms(result.p99()), LoadGenerator.Result.ms(result.max()), result.throttled(),
          result.errors(), subject, proc[0], proc[1], proc[2], proc[3], whole[2], whole[3], (int) whole[4],
          peer ? "; the peer's CPU and RSS: its whole process tree, at most " + processes + " processes, "
              + "RSS summed over them" : "", self[0],
          held(backlog, shape, atEnd), subject, warnings, droppedAtShutdown, subject, exit,
          oom ? " OutOfMemoryError in the gateway log" : "", date);
      if (scenario.stallSeconds() > 0) {
        line += " | " + recovery(result, options.warmup(), scenario.stallSeconds());
      }
      System.out.println(line);
      report = line;
      if (options.jsonOut() != null) {
        Files.writeString(Path.of(options.jsonOut()), String.format(Locale.ROOT,
            "{\"scenario\":\"%s\",\"peer\":%s,\"sent\":%d,\"received\":%d,\"cpu_avg\":%.2f,\"cpu_max\":%.2f,\"rss_avg_mib\":%.1f,"
                + "\"rss_max_mib\":%.1f,\"rss_run_avg_mib\":%.1f,\"rss_run_max_mib\":%.1f,\"backlog_at_end\":%d,"
                + "\"oom\":%b,\"load\":%s}%n",
            scenario.name(), peer ? "true" : "false", expected, received, proc[0], proc[1], proc[2], proc[3], whole[2], whole[3], backlog, oom,
            result.json()));
      }
      if (oom || (droppedAtShutdown > 0 && scenario.stallSeconds() == 0)) {
        return 1;
      }
      return diff == 0 || scenario.stallSeconds() > 0 || (diff > 0 && diff <= unanswered(result, scenario)) ? 0 : 1;
    } finally {
      if (sampler != null) {
        sampler.close();
      }
      if (wholeRun != null) {
        wholeRun.close();
      }
      if (gateway != null) {
        if (peer) {
          PeerCommand.stopTree(gateway, Duration.ZERO);
        } else {
          gateway.destroyForcibly();
          gateway.waitFor(10, TimeUnit.SECONDS);
        }
      }
      sink.close();
      if (!options.keepDir()) {
        try (var files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            if (!f.getFileName().toString().endsWith(".log")) {
              Files.deleteIfExists(f);
            }
          }
        }
      }
    }
  }

  /**
   * Starts the gateway of {@code dist} (its jar and lib/) as a child JVM with the launcher's
   * default options and {@code jvmOptions}, on {@code config}, its output into {@code log}.
   */
  static Process startGateway(Path dist, List<String> jvmOptions, Path config, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(launcherOptions(jvmOptions));
    cmd.addAll(List.of("-cp", dist.resolve("telegate-dist.jar") + ":" + dist.resolve("lib") + "/*",
        "io.telegate.dist.Main", "run", "--config", config.toString()));
    System.err.println("scenario: gateway " + String.join(" ", cmd));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The scenario's own gateway options, then {@code --gateway-opts} (a later {@code -Xmx} wins). */
  private List<String> gatewayJvmOptions() {
    List<String> jvm = new ArrayList<>(scenario.gatewayOptions());
    jvm.addAll(options.gatewayJvmOptions());
    return jvm;
  }

  private String gatewayFlags() {
    return String.join(" ", launcherOptions(gatewayJvmOptions()));
  }

  /**
   * Acknowledged but not yet delivered items at the end of the load, in items and in the request
   * shape's encoded bytes, against the gateway's bound on buffered bytes (its gauge, converted to
   * items of the shape), then the gateway's flow-control series.
   */
  static String held(long backlog, Shapes.Shape shape, Map<String, Double> gateway) {
    double bytesPerItem = shape.bytes().length / (double) shape.items();
    Double limit = gateway.get("telegate_buffers_memory_limit_bytes");
    String bound = limit == null ? "bound unknown" : String.format(Locale.ROOT,
        "service::buffers %.0f MiB = %.0f items", limit / (1 << 20), limit / bytesPerItem);
    return String.format(Locale.ROOT, "acknowledged-delivered=%d items = %.1f MiB at %.1f B/item (%s); gateway %s",
        backlog, backlog * bytesPerItem / (1 << 20), bytesPerItem, bound, GatewayMetrics.format(gateway));
  }

  static String pipeline(Scenarios.Scenario s) {
    List<String> parts = new ArrayList<>();
    parts.add("otlp");
    parts.addAll(s.processors());
    parts.add(String.join("+", s.exporters()));
    return String.join("->", parts);
  }

  /**
   * Items of requests that did not end OK at the client (timed out, failed), times the exporters:
   * the gateway may have delivered them, so up to this many more than acknowledged is not a
   * duplicate. A throttled request was refused before any exporter held it, so it counts only
   * where a pipeline has several exporters (one may have taken it while another refused).
   */
  static long unanswered(LoadGenerator.Result r, Scenarios.Scenario s) {
    int items = r.options().shape().items();
    long notOk = r.totalRequests() - r.totalOkItems() / items;
    if (expectedCopies(s) == 1) {
      notOk -= r.totalThrottled();
    }
    return Math.max(0, notOk) * items * expectedCopies(s);
  }

  /** The {@code dropped_items} the gateway logged (shutdown drain deadline, refused at shutdown). */
  static long droppedItems(String gatewayLog) {
    long n = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"dropped_items\":(\\d+)").matcher(gatewayLog);
    while (m.find()) {
      n += Long.parseLong(m.group(1));
    }
    return n;
  }

  /** {@code loss=0 dup=0}, or what differs: received minus acknowledged items. */
  static String verdict(long diff, LoadGenerator.Result r, Scenarios.Scenario s) {
    long open = unanswered(r, s);
    if (diff == 0) {
      return "loss=0 dup=0";
    }
    if (diff < 0) {
      return "LOSS=" + (-diff);
    }
    if (diff <= open) {
      return "loss=0, +" + diff + " beyond the acknowledged (within the " + open
          + " items of requests that failed at the client: delivered anyway, or resent after an exporter timeout)";
    }
    return "DUP=" + (diff - open) + " (beyond " + open + " items of requests that failed at the client)";
  }

  /** Each exporter of the pipeline gets every item once. */
  static long expectedCopies(Scenarios.Scenario s) {
    return s.exporters().size();
  }

  static long sinkItems(Sink sink, Scenarios.Scenario s) {
    return sink.totalItems();
  }

  private static double[] stop(ProcSampler s) {
    s.close();
    return s.summary();
  }

  /** After the stall: seconds until the first second with answers and no errors. */
  static String recovery(LoadGenerator.Result r, Duration warmup, int stallSeconds) {
    long[] ok = r.okItemsPerSecond();
    long[] err = r.errorsPerSecond();
    int stallEnd = (int) (warmup.toSeconds() + stallSeconds);
    for (int i = stallEnd; i < ok.length; i++) {
      if (ok[i] > 0 && err[i] == 0) {
        return "recovered " + (i - stallEnd) + " s after the stall ended; ok items/s per second: "
            + Arrays.toString(ok) + "; not-OK answers (throttled or errors) per second: " + Arrays.toString(err);
      }
    }
    return "NOT recovered; ok items per second: " + Arrays.toString(ok)
        + "; not-OK answers (throttled or errors) per second: " + Arrays.toString(err);
  }

  /**
   * Waits until the sink has what was acknowledged and the gateway holds nothing more (its buffers
   * gauge and its exporters' in-flight requests at 0: resends can make the sink reach the count
   * while acknowledged data is still queued), at most {@code max}, or until the sink has made no
   * progress for 5 s.
   */
  private static long awaitSink(Sink sink, long expected, int metricsPort, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = sink.totalItems();
      if (now >= expected && gatewayEmpty(GatewayMetrics.scrape(metricsPort))) {
        Thread.sleep(500); // duplicates, if any, get the chance to show
        return sink.totalItems();
      }
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 5_000_000_000L) {
        break;
      }
      Thread.sleep(100);
    }
    return sink.totalItems();
  }

  /** True when the gateway's buffers and exporters hold nothing (or it does not say). */
  static boolean gatewayEmpty(Map<String, Double> m) {
    return m.getOrDefault("telegate_buffers_memory_used_bytes", 0.0) == 0
        && m.getOrDefault("otelcol_exporter_in_flight_requests", 0.0) == 0
        && m.getOrDefault("otelcol_exporter_queue_size", 0.0) == 0
        && m.getOrDefault("telegate_processor_batch_buffered_items", 0.0) == 0;
  }

  static boolean awaitReady(Process p, int port, Duration max) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** The result line of the last {@link #run}, null before. */
  public String report() {
    return report;
  }

  /** For a peer, which need not serve Telegate's health path: until its intake port accepts a connection. */
  static boolean awaitListening(Process p, int port, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
        return true;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** A peer's tree: SIGTERM to all, up to 40 s, SIGKILL after that. Returns the exit status. */
  static int stopPeer(Process p, Path log) throws InterruptedException, IOException {
    int exit = PeerCommand.stopTree(p, Duration.ofSeconds(40));
    if (exit != 0 && exit != 143) {
      System.err.println("scenario: the peer exited " + exit + "; its log:");
      System.err.println(tail(log, 30));
    }
    return exit;
  }

  /** SIGTERM, then up to 40 s for the drain; SIGKILL after that. Returns the exit status. */
  static int stopGateway(Process p, Path log) throws InterruptedException, IOException {
    p.destroy();
    if (!p.waitFor(40, TimeUnit.SECONDS)) {
      System.err.println("scenario: the gateway did not stop in 40 s; killing it");
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    int exit = p.exitValue();
    if (exit != 0 && exit != 143) {
      System.err.println("scenario: the gateway exited " + exit + "; its log:");
      System.err.println(tail(log, 30));
    }
    return exit;
  }

  static String tail(Path log, int lines) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> all = Files.readAllLines(log);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Ports free on 127.0.0.1 now (held together, so they differ). */
  static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }
}
