package io.telegate.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scrape scenario ({@link ScrapeScenarios}): the targets and the sink in this JVM, the
 * gateway (or the {@code --peer}, e.g. a Prometheus agent) scraping them and remote-writing to the
 * sink; after the warm-up, samples the scraper's CPU, RSS and threads and counts, over the measured
 * phase, the samples the sink received, the scrapes the targets served, the longest gap between two
 * scrapes of a target and the {@code up} and {@code scrape_duration_seconds} samples written. Prints
 * one result line.
 */
public final class ScrapeScenarioRunner {

  /** How to run: {@link ScenarioRunner.Options}' fields that apply, and a heap histogram at the end. */
  public record Options(Path home, Duration warmup, Duration duration, List<String> gatewayJvmOptions,
      boolean keepDir, String peer, boolean heapHistogram) {}

  private final ScrapeScenarios.Scenario scenario;
  private final Options options;
  private String report;

  public ScrapeScenarioRunner(ScrapeScenarios.Scenario scenario, Options options) {
    this.scenario = scenario;
    this.options = options;
  }

  /** The result line of the last {@link #run}, null before. */
  public String report() {
    return report;
  }

  /** Runs the scenario; returns the exit status: 0 when every scrape of the measured phase was complete. */
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
    Expositions exposition = Expositions.of(scenario.shape(), scenario.series(), false);
    Path dir = Files.createTempDirectory("telegate-scenario-" + scenario.name() + "-");
    ScrapeReports reports = new ScrapeReports();
    Process gateway = null;
    try (Sink sink = new Sink(0, 0); ScrapeTargets targets = new ScrapeTargets(exposition, scenario.targets())) {
      sink.watchRemoteWrite(reports);
      int[] free = ScenarioRunner.freePorts(3);
      Scenarios.Ports ports = new Scenarios.Ports(free[0], free[1], free[2], sink.grpcPort(), sink.httpPort());
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(config, ScrapeScenarios.config(scenario, targets.port(), sink.httpPort(), ports.metrics()));
      Path prometheusConfig = dir.resolve("prometheus.yml");
      Files.writeString(prometheusConfig, ScrapeScenarios.prometheusConfig(scenario, targets.port(), sink.httpPort()));
      Path log = dir.resolve(subject + ".log");
      System.err.println("scenario " + scenario.name() + ": " + description());
      String shown;
      if (peer) {
        PeerCommand command = new PeerCommand(options.peer(), ports, config, config, prometheusConfig,
            targets.port(), dir);
        shown = "peer: " + command.command();
        System.err.println("scenario: peer (in Telegate's place) bash -c " + command.command());
        gateway = command.start(log);
      } else {
        shown = "gw " + String.join(" ", ScenarioRunner.launcherOptions(options.gatewayJvmOptions()));
        gateway = ScenarioRunner.startGateway(dist, options.gatewayJvmOptions(), config, log);
      }
      System.err.println("scenario: configs and log in " + dir);
      if (!(peer ? ScenarioRunner.awaitListening(gateway, ports.metrics(), Duration.ofSeconds(90))
          : ScenarioRunner.awaitReady(gateway, ports.metrics(), Duration.ofSeconds(90)))) {
        System.err.println("scenario: the " + subject + " did not become ready; its log:");
        System.err.println(ScenarioRunner.tail(log, 40));
        return 1;
      }
      System.err.println("scenario: " + subject + " ready (pid " + gateway.pid() + "), warm-up "
          + options.warmup().toSeconds() + " s, then " + options.duration().toSeconds() + " s measured");
      String date = Instant.now().toString();
      ProcSampler wholeRun = peer ? ProcSampler.tree(gateway.pid()) : new ProcSampler(gateway.pid());
      Thread.sleep(options.warmup().toMillis());

      targets.mark();
      reports.record(true);
      long samplesAtStart = sink.samples.items.sum();
      long started = System.nanoTime();
      ProcSampler measured = peer ? ProcSampler.tree(gateway.pid()) : new ProcSampler(gateway.pid());
      ProcSampler self = new ProcSampler(ProcessHandle.current().pid());
      int maxThreads = 0;
      long end = started + options.duration().toNanos();
      while (System.nanoTime() < end && gateway.isAlive()) {
        maxThreads = Math.max(maxThreads, threads(gateway.toHandle(), peer));
        Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long samples = sink.samples.items.sum() - samplesAtStart;
      reports.record(false);
      long served = targets.servedSinceMark();
      double maxGap = targets.maxGapSeconds();
      int missed = targets.targetsWithGapOver(scenario.intervalSeconds() * 1.5);
      int notScraped = targets.targetsNotScrapedSinceMark();
      measured.close();
      self.close();
      double[] proc = measured.summary();
      double[] tool = self.summary();
      String histogram = options.heapHistogram() && !peer ? heapHistogram(gateway.pid(), dir) : "";

      int exit = peer ? ScenarioRunner.stopPeer(gateway, log) : ScenarioRunner.stopGateway(gateway, log);
      gateway = null;
      wholeRun.close();
      double[] whole = wholeRun.summary();
      awaitQuiet(sink);
      long servedTotal = targets.servedTotal();
      long expectedTotal = servedTotal * (targets.samplesPerScrape() + REPORT_SERIES);
      long receivedTotal = sink.samples.items.sum();

      double perSecond = samples / seconds;
      double cores = proc[0] / 100;
      double expectedScrapes = scenario.targets() * seconds / scenario.intervalSeconds();
      boolean complete = reports.upOther() == 0 && missed == 0 && notScraped == 0 && reports.upOne() > 0;
      String line = String.format(Locale.ROOT,
          "%s%s [prometheus->batch->prometheusremotewrite | %d targets x %d samples (%s), interval %ds | %s] "
              + "measured %.0f s: %.0f samples/s at the sink, %s CPU avg=%.1f%% max=%.1f%% of one core = %.0f samples/s per core, "
              + "RSS avg=%.0f MiB max=%.0f MiB (whole run max %.0f), threads max=%d | scrapes served %d (%.0f expected), "
              + "longest gap %.1f s, targets with a missed interval %d, not scraped %d | %s | whole run: %d scrapes x %d "
              + "samples = %d expected, %d received at the sink | load tool CPU avg=%.0f%%%s | %s exit=%d | %s | %s",
          peer ? "PEER " : "", scenario.name(), scenario.targets(), targets.samplesPerScrape(), scenario.shape(),
          scenario.intervalSeconds(), shown, seconds, perSecond, subject, proc[0], proc[1],
          cores > 0 ? perSecond / cores : 0, proc[2], proc[3], whole[3], maxThreads, served, expectedScrapes, maxGap,
          missed, notScraped, reports.summary(), servedTotal, targets.samplesPerScrape() + REPORT_SERIES,
          expectedTotal, receivedTotal, tool[0], histogram, subject, exit, complete ? "COMPLETE" : "INCOMPLETE", date);
      System.out.println(line);
      report = line;
      return complete ? 0 : 1;
    } finally {
      if (gateway != null) {
        if (peer) {
          PeerCommand.stopTree(gateway, Duration.ZERO);
        } else {
          gateway.destroyForcibly();
          gateway.waitFor(10, TimeUnit.SECONDS);
        }
      }
      if (!options.keepDir()) {
        try (var files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            if (!f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)) {
              Files.deleteIfExists(f);
            }
          }
        }
      }
    }
  }

  /** The series a scraper adds per target and scrape: up, scrape_duration_seconds, samples_scraped, post_metric_relabeling, series_added. */
  static final int REPORT_SERIES = 5;

  private String description() {
    return scenario.description() + String.format(Locale.ROOT, " (%d targets x ~%d series, every %d s)",
        scenario.targets(), scenario.series(), scenario.intervalSeconds());
  }

  /** Threads of the process ({@code /proc/<pid>/status}), or of its whole tree. */
  static int threads(ProcessHandle p, boolean tree) {
    int n = threadsOf(p.pid());
    if (tree) {
      n += p.descendants().mapToInt(d -> threadsOf(d.pid())).sum();
    }
    return n;
  }

  private static int threadsOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring(8).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /**
   * {@code jcmd PID GC.class_histogram} (a full GC first: live objects only), written next to the
   * log; returns its total and its top classes for the line.
   */
  static String heapHistogram(long pid, Path dir) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = dir.resolve("heap-histogram.txt");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return " | heap histogram: jcmd did not answer in 60 s";
    }
    List<String> lines = Files.readAllLines(out);
    String total = lines.stream().filter(l -> l.startsWith("Total")).findFirst().orElse("Total ? ?");
    String[] t = total.trim().split("\\s+");
    StringBuilder top = new StringBuilder();
    int shown = 0;
    for (String l : lines) {
      String[] f = l.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && shown < 5) {
        top.append(shown == 0 ? "" : ", ").append(f[3]).append(' ')
            .append(String.format(Locale.ROOT, "%.1f MiB", Long.parseLong(f[2]) / 1048576.0));
        shown++;
      }
    }
    double mib = t.length >= 3 ? Long.parseLong(t[2]) / 1048576.0 : Double.NaN;
    return String.format(Locale.ROOT, " | live heap after a full GC %.1f MiB (%s objects; top: %s; %s)", mib,
        t.length >= 2 ? t[1] : "?", top, out);
  }

  /** Until the sink's sample count has not moved for 2 s (at most 30 s). */
  private static void awaitQuiet(Sink sink) throws InterruptedException {
    awaitQuiet(sink.samples.items::sum);
  }

  /** Until {@code count} (a sink's) has not moved for 2 s (duplicates get the chance to show), at most 30 s. */
  static void awaitQuiet(java.util.function.LongSupplier count) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long last = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = count.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > 2_000_000_000L) {
        return;
      }
      Thread.sleep(100);
    }
  }
}
