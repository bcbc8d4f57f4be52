package io.telegate.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one file scenario ({@link FileScenarios}): the sink and the log writer in this JVM (a
 * process of its own, as a node's containers are to its log agent), the gateway reading the files.
 * At a fixed rate: after the warm-up, samples the gateway's CPU and RSS and, every second, the lag
 * (lines written minus lines the sink received); after the measured phase the writer stops and the
 * sink must end with every written line once. A burst: the lines are written before the gateway
 * starts; it is timed from start to the last line at the sink, with its peak RSS. Prints one result
 * line.
 */
public final class FileScenarioRunner {

  /** How to run: the repo (for the gateway's jars), timings, the gateway's JVM options, keep the directory. */
  public record Options(Path home, Duration warmup, Duration duration, List<String> gatewayJvmOptions,
      boolean keepDir) {}

  /** The longest a burst may take to be read, and the longest the sink may lag once writing stopped. */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(170);

  private final FileScenarios.Scenario scenario;
  private final Options options;
  private String report;

  public FileScenarioRunner(FileScenarios.Scenario scenario, Options options) {
    this.scenario = scenario;
    this.options = options;
  }

  /** The result line of the last {@link #run}, null before. */
  public String report() {
    return report;
  }

  /** Runs the scenario; returns the exit status: 0 when every written line reached the sink exactly once. */
  public int run() throws Exception {
    Path dist = options.home().resolve("dist/target");
    Path jar = dist.resolve("telegate-dist.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(dist.resolve("lib"))) {
      System.err.println("scenario: " + jar + " is missing; build the gateway first: "
          + "flock /tmp/telegate-mvn.lock mvn -q -o install -DskipTests -pl dist -am");
      return 2;
    }
    Path dir = Files.createTempDirectory("telegate-scenario-" + scenario.name() + "-");
    Path logs = dir.resolve("pods");
    Process gateway = null;
    Thread writing = null;
    try (Sink sink = new Sink(0, 0);
        PodLogWriter writer = new PodLogWriter(logs, scenario.files(), scenario.rotateMib() * (1L << 20),
            FileScenarios.KEEP_ROTATED)) {
      int metricsPort = ScenarioRunner.freePorts(1)[0];
      Path config = dir.resolve("gateway.yaml");
      Files.writeString(config, FileScenarios.config(scenario, logs, dir.resolve("storage"), sink.grpcPort(),
          sink.httpPort(), metricsPort));
      Path log = dir.resolve("gateway.log");
      System.err.println("scenario " + scenario.name() + ": " + scenario.description());
      System.err.println("scenario: config, files and log in " + dir);
      String date = Instant.now().toString();
      String load = loadAverage();
      double writeSeconds = 0;
      if (scenario.burst()) {
        long lines = scenario.burstMib() * (1L << 20) / PodLogWriter.LINE_BYTES;
        long t0 = System.nanoTime();
        writer.write(lines, 0);
        writeSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "scenario: %d lines (%d MiB) written in %.1f s%n", lines,
            scenario.burstMib(), writeSeconds);
      }
      long startedNanos = System.nanoTime();
      gateway = ScenarioRunner.startGateway(dist, options.gatewayJvmOptions(), config, log);
      ProcSampler wholeRun = new ProcSampler(gateway.pid());
      if (!ScenarioRunner.awaitReady(gateway, metricsPort, Duration.ofSeconds(90))) {
        System.err.println("scenario: the gateway did not become ready; its log:");
        System.err.println(ScenarioRunner.tail(log, 40));
        return 1;
      }
      double readySeconds = (System.nanoTime() - startedNanos) / 1e9;
      String line;
      if (scenario.burst()) {
        long expected = writer.written();
        long drained = awaitCount(sink, expected, System.nanoTime() + DRAIN_LIMIT.toNanos(), false);
        double seconds = (drained - startedNanos) / 1e9;
        wholeRun.close();
        double[] whole = wholeRun.summary();
        int exit = ScenarioRunner.stopGateway(gateway, log);
        gateway = null;
        ScrapeScenarioRunner.awaitQuiet(sink::totalItems);
        long received = sink.totalItems();
        double cores = whole[0] / 100;
        double perSecond = received / seconds;
        line = String.format(Locale.ROOT,
            "%s [filelog(kubernetes chain)->batch->%s | burst %d MiB = %d lines of ~%d B in %d files, written in "
                + "%.1f s before the start, start_at beginning | gw %s] read in %.1f s from the gateway's start "
                + "(ready after %.1f s): %.0f lines/s (%.0f lines/s from ready), gateway CPU avg=%.1f%% max=%.1f%% of one core = %.0f lines/s "
                + "per core, RSS avg=%.0f MiB max=%.0f MiB | written %d, received %d: %s | gateway exit=%d | load "
                + "average at start %s | %s",
            scenario.name(), scenario.exporter(), scenario.burstMib(), expected, PodLogWriter.LINE_BYTES,
            scenario.files(), writeSeconds, String.join(" ", ScenarioRunner.launcherOptions(
                options.gatewayJvmOptions())), seconds, readySeconds, perSecond,
            received / Math.max(0.001, seconds - readySeconds), whole[0], whole[1],
            cores > 0 ? perSecond / cores : 0, whole[2], whole[3], expected, received, verdict(expected, received),
            exit, load, date);
        report = line;
        System.out.println(line);
        return received == expected ? 0 : 1;
      }

      long total = (long) (scenario.linesPerSecond() * (options.warmup().toSeconds() + options.duration().toSeconds()));
      Throwable[] writeFailure = new Throwable[1];
      writing = new Thread(() -> {
        try {
          writer.write(total, scenario.linesPerSecond());
        } catch (IOException | RuntimeException e) {
          writeFailure[0] = e;
        }
      }, "pod-log-writer");
      writing.setDaemon(true);
      writing.start();
      Thread.sleep(options.warmup().toMillis());
      ProcSampler measured = new ProcSampler(gateway.pid());
      ProcSampler self = new ProcSampler(ProcessHandle.current().pid());
      long receivedAtStart = sink.totalItems();
      long writtenAtStart = writer.written();
      long started = System.nanoTime();
      long end = started + options.duration().toNanos();
      long maxLag = 0;
      long lagSum = 0;
      int lagSamples = 0;
      while (System.nanoTime() < end && gateway.isAlive()) {
        Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        long lag = writer.written() - sink.totalItems();
        maxLag = Math.max(maxLag, lag);
        lagSum += lag;
        lagSamples++;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long received = sink.totalItems() - receivedAtStart;
      long wrote = writer.written() - writtenAtStart;
      measured.close();
      self.close();
      double[] proc = measured.summary();
      double[] tool = self.summary();
      writer.stop();
      writing.join(10_000);
      long expected = writer.written();
      long stoppedNanos = System.nanoTime();
      long caughtUp = awaitCount(sink, expected, stoppedNanos + DRAIN_LIMIT.toNanos(), true);
      double catchUpSeconds = (caughtUp - stoppedNanos) / 1e9;
      int exit = ScenarioRunner.stopGateway(gateway, log);
      gateway = null;
      wholeRun.close();
      double[] whole = wholeRun.summary();
      ScrapeScenarioRunner.awaitQuiet(sink::totalItems);
      long receivedTotal = sink.totalItems();
      double perSecond = received / seconds;
      double cores = proc[0] / 100;
      line = String.format(Locale.ROOT,
          "%s [filelog(kubernetes chain)->batch->%s | %d files, writer %.0f lines/s of ~%d B, rotation by rename "
              + "at %d MiB | gw %s] measured %.0f s: written %.0f lines/s, delivered %.0f lines/s, gateway CPU "
              + "avg=%.1f%% max=%.1f%% of one core = %.0f lines/s per core, RSS avg=%.0f MiB max=%.0f MiB (whole "
              + "run max %.0f) | lag (written - delivered) avg=%.0f max=%d lines | after the writer stopped: "
              + "written %d, received %d (%.1f s to catch up): %s | load tool CPU avg=%.0f%%%s | gateway exit=%d | "
              + "load average at start %s | %s",
          scenario.name(), scenario.exporter(), scenario.files(), scenario.linesPerSecond(), PodLogWriter.LINE_BYTES,
          scenario.rotateMib(), String.join(" ", ScenarioRunner.launcherOptions(options.gatewayJvmOptions())),
          seconds, wrote / seconds, perSecond, proc[0], proc[1], cores > 0 ? perSecond / cores : 0, proc[2], proc[3],
          whole[3], lagSamples == 0 ? 0.0 : lagSum / (double) lagSamples, maxLag, expected, receivedTotal,
          catchUpSeconds, verdict(expected, receivedTotal), tool[0],
          writeFailure[0] == null ? "" : " | WRITER FAILED: " + writeFailure[0], exit, load, date);
      report = line;
      System.out.println(line);
      return receivedTotal == expected && writeFailure[0] == null ? 0 : 1;
    } finally {
      if (writing != null) {
        writing.interrupt();
      }
      if (gateway != null) {
        gateway.destroyForcibly();
        gateway.waitFor(10, TimeUnit.SECONDS);
      }
      if (!options.keepDir()) {
        deleteAllBut(dir, "gateway.log");
      }
    }
  }

  /** {@code exactly once}, or what differs. */
  static String verdict(long written, long received) {
    if (received == written) {
      return "exactly once (loss=0 dup=0)";
    }
    return received < written ? "LOSS=" + (written - received) : "DUP=" + (received - written);
  }

  /**
   * Until the sink has {@code expected} items or the deadline passes; with {@code giveUpWhenStuck},
   * also when nothing arrived for 10 s. Returns the {@link System#nanoTime()} it ended at.
   */
  private static long awaitCount(Sink sink, long expected, long deadline, boolean giveUpWhenStuck)
      throws InterruptedException {
    long last = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = sink.totalItems();
      if (now >= expected) {
        return System.nanoTime();
      }
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (giveUpWhenStuck && System.nanoTime() - since > 10_000_000_000L) {
        break;
      }
      Thread.sleep(20);
    }
    return System.nanoTime();
  }

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void deleteAllBut(Path dir, String keep) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        if (!p.equals(dir) && !p.getFileName().toString().equals(keep)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
