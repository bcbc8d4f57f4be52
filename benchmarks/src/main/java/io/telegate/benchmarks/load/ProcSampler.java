package io.telegate.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples a process's CPU time ({@code /proc/<pid>/stat}: utime + stime) and resident set
 * ({@code /proc/<pid>/status}: VmRSS) once a second from its own thread; or, made with {@link
 * #tree}, of the process and every descendant it has at each sample (a {@code --peer} command:
 * a shell, the gateway it starts, that gateway's helpers).
 */
public final class ProcSampler implements AutoCloseable {

  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  static final long TICKS = clockTicks();

  private final long pid;
  private final boolean tree;
  private final Thread thread;
  private final List<double[]> cpuPercent = new ArrayList<>(); // per interval, % of one core
  private final List<Long> rssKib = new ArrayList<>();
  private volatile boolean running = true;
  private long firstTicks = -1;
  private long firstNanos;
  private long lastTicks;
  private long lastNanos;
  private int maxProcesses;

  /** Samples {@code pid} alone. */
  public ProcSampler(long pid) {
    this(pid, false);
  }

  /** Samples {@code pid} and its descendants, summed. */
  public static ProcSampler tree(long pid) {
    return new ProcSampler(pid, true);
  }

  private ProcSampler(long pid, boolean tree) {
    this.pid = pid;
    this.tree = tree;
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
      long ticks;
      long rss;
      if (tree) {
        long[] t = treeTicksAndRss(pid);
        ticks = t[0];
        rss = t[1];
        maxProcesses = Math.max(maxProcesses, (int) t[2]);
      } else {
        ticks = cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        rss = rssKib(Files.readString(Path.of("/proc/" + pid + "/status")));
        maxProcesses = 1;
      }
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

  /**
   * utime + stime + cutime + cstime (fields 14-17): the process's own CPU and that of the children
   * it has waited for. Summed over a live tree this only grows: a child that ends and is reaped
   * moves its time into its parent's cutime.
   */
  static long cpuTicksWithReapedChildren(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]) + Long.parseLong(f[16 - 3])
        + Long.parseLong(f[17 - 3]);
  }

  /**
   * CPU ticks ({@link #cpuTicksWithReapedChildren}) and VmRSS (KiB) summed over {@code root} and
   * its live descendants, and how many processes that was. Shared pages count once per process,
   * so the RSS is an upper bound. A process that ends between listing and reading is skipped; the
   * root's absence is an error.
   */
  static long[] treeTicksAndRss(long root) throws IOException {
    long ticks = cpuTicksWithReapedChildren(Files.readString(Path.of("/proc/" + root + "/stat")));
    long rss = rssOrZero(Files.readString(Path.of("/proc/" + root + "/status")));
    long processes = 1;
    for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.of(root).orElseThrow(
        () -> new IOException("process " + root + " is gone")).descendants()::iterator) {
      try {
        ticks += cpuTicksWithReapedChildren(Files.readString(Path.of("/proc/" + child.pid() + "/stat")));
        rss += rssOrZero(Files.readString(Path.of("/proc/" + child.pid() + "/status")));
        processes++;
      } catch (IOException e) {
        // ended meanwhile: its time is in its parent's cutime from now on
      }
    }
    return new long[] {ticks, rss, processes};
  }

  /** A zombie's status has no VmRSS line: it holds no memory. */
  private static long rssOrZero(String status) {
    return status.contains("VmRSS:") ? rssKib(status) : 0;
  }

  /** The most processes a sample of the tree counted (1 for a single process). */
  public synchronized int maxProcesses() {
    return maxProcesses;
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
