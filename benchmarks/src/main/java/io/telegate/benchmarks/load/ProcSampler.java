package io.telegate.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples a process's CPU time ({@code /proc/<pid>/stat}: utime + stime) and resident set
 * ({@code /proc/<pid>/status}: VmRSS) once a second from its own thread.
 */
public final class ProcSampler implements AutoCloseable {

  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  static final long TICKS = clockTicks();

  private final long pid;
  private final Thread thread;
  private final List<double[]> cpuPercent = new ArrayList<>(); // per interval, % of one core
  private final List<Long> rssKib = new ArrayList<>();
  private volatile boolean running = true;
  private long firstTicks = -1;
  private long firstNanos;
  private long lastTicks;
  private long lastNanos;

  public ProcSampler(long pid) {
    this.pid = pid;
    this.thread = new Thread(this::loop, "proc-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    try {
      long ticks = cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
      long rss = rssKib(Files.readString(Path.of("/proc/" + pid + "/status")));
      long now = System.nanoTime();
      if (firstTicks < 0) {
        firstTicks = ticks;
        firstNanos = now;
      } else {
        cpuPercent.add(new double[] {percent(ticks - lastTicks, now - lastNanos)});
      }
      lastTicks = ticks;
      lastNanos = now;
      rssKib.add(rss);
    } catch (IOException | RuntimeException e) {
      running = false; // the process is gone
    }
  }

  static double percent(long ticks, long nanos) {
    return nanos <= 0 ? 0 : ticks * 100.0 / TICKS / (nanos / 1e9);
  }

  /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line. */
  static long cpuTicks(String stat) {
    // The command name (field 2) may hold spaces and parentheses: fields after the last ')' start at 3.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** VmRSS in KiB of a {@code /proc/<pid>/status} text. */
  static long rssKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalArgumentException("no VmRSS");
  }

  /**
   * Average CPU % of one core over the whole sampling, max of the 1 s intervals, avg and max RSS in
   * MiB, the number of RSS samples.
   */
  public synchronized double[] summary() {
    double max = 0;
    for (double[] c : cpuPercent) {
      max = Math.max(max, c[0]);
    }
    double avg = percent(lastTicks - firstTicks, lastNanos - firstNanos);
    double rssAvg = rssKib.stream().mapToLong(Long::longValue).average().orElse(0) / 1024;
    double rssMax = rssKib.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0;
    return new double[] {avg, max, rssAvg, rssMax, rssKib.size()};
  }

  public synchronized int samples() {
    return rssKib.size();
  }

  /** Takes a last sample and stops. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
