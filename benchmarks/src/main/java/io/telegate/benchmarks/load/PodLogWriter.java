package io.telegate.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes container logs as the kubelet and containerd leave them on a node: one CRI file per
 * container under {@code <root>/<namespace>_<pod>_<uid>/<container>/0.log}, each line
 * {@code <time> stdout F <slog JSON>} of about {@link #LINE_BYTES} bytes, rotated as the kubelet
 * does (rename to {@code 0.log.<n>} at {@code rotateBytes}, a new {@code 0.log}, the oldest rotated
 * file deleted beyond {@code keepRotated}). Lines go round the files, at a fixed total rate or flat
 * out, from the thread that calls {@link #write}; {@link #written} counts the lines that reached the
 * files (the writer flushes before it waits, so a reader sees what is counted).
 */
final class PodLogWriter implements AutoCloseable {

  /** About the size of each line, newline included: the issue's ~300 B container-format JSON line. */
  static final int LINE_BYTES = 300;

  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};

  private final Path root;
  private final long rotateBytes;
  private final int keepRotated;
  private final Path[] paths;
  private final OutputStream[] out;
  private final long[] sizes;
  private final int[] rotations;
  private final Deque<Path>[] rotated;
  private final AtomicLong written = new AtomicLong();
  private final byte[] line = new byte[LINE_BYTES + 128];
  private final StringBuilder text = new StringBuilder(LINE_BYTES + 128);
  private volatile boolean stop;

  /**
   * @param rotateBytes rename a file once it holds this many bytes; 0 never rotates
   * @param keepRotated rotated files kept per container (the kubelet's {@code containerLogMaxFiles} - 1)
   */
  @SuppressWarnings("unchecked")
  PodLogWriter(Path root, int files, long rotateBytes, int keepRotated) throws IOException {
    this.root = root;
    this.rotateBytes = rotateBytes;
    this.keepRotated = keepRotated;
    this.paths = new Path[files];
    this.out = new OutputStream[files];
    this.sizes = new long[files];
    this.rotations = new int[files];
    this.rotated = new Deque[files];
    for (int f = 0; f < files; f++) {
      paths[f] = path(root, f);
      Files.createDirectories(paths[f].getParent());
      out[f] = open(paths[f]);
      rotated[f] = new ArrayDeque<>();
    }
  }

  /** Container {@code f}'s current log file under {@code root}, named as the kubelet names it. */
  static Path path(Path root, int f) {
    String pod = String.format(Locale.ROOT, "checkout-7d9f8c6b5-%05d", f);
    String uid = String.format(Locale.ROOT, "1f2e3d4c-aaaa-bbbb-cccc-%012x", f);
    return root.resolve("shop_" + pod + "_" + uid).resolve("app").resolve("0.log");
  }

  /** The glob that finds every container's current file, as a DaemonSet's {@code include} does. */
  static String include(Path root) {
    return root + "/*/*/*.log";
  }

  /** Lines written so far (all files). */
  long written() {
    return written.get();
  }

  /** Makes a running {@link #write} return after its current line. */
  void stop() {
    stop = true;
  }

  /**
   * Writes {@code lines} lines round the files (fewer if stopped), at {@code linesPerSecond} in
   * total (0: flat out).
   */
  void write(long lines, double linesPerSecond) throws IOException {
    long start = System.nanoTime();
    double interval = linesPerSecond > 0 ? 1e9 / linesPerSecond : 0;
    int files = paths.length;
    long n = written.get();
    for (long i = 0; i < lines && !stop; i++, n++) {
      int f = (int) (n % files);
      int len = line(n / files, f, n);
      if (rotateBytes > 0 && sizes[f] + len > rotateBytes) {
        rotate(f);
      }
      out[f].write(line, 0, len);
      sizes[f] += len;
      if (interval > 0) {
        long due = start + (long) ((i + 1) * interval);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          flushAll();
          written.set(n + 1);
          LockSupport.parkNanos(wait);
          continue;
        }
      }
      if ((n & 1023) == 1023) {
        flushAll();
        written.set(n + 1);
      }
    }
    flushAll();
    written.set(n);
  }

  private void flushAll() throws IOException {
    for (OutputStream o : out) {
      o.flush();
    }
  }

  /** The kubelet's rotation: rename, a new file, the oldest rotated one deleted beyond the kept ones. */
  private void rotate(int f) throws IOException {
    out[f].close();
    Path to = paths[f].resolveSibling("0.log." + (++rotations[f]));
    Files.move(paths[f], to);
    rotated[f].addLast(to);
    while (rotated[f].size() > keepRotated) {
      Files.deleteIfExists(rotated[f].removeFirst());
    }
    out[f] = open(paths[f]);
    sizes[f] = 0;
  }

  /**
   * Line {@code seq} of container {@code f} ({@code n}: its number over all files) into {@link
   * #line}; returns its length. The JSON is a Go service's {@code log/slog} record: its fields vary
   * per line as a service's do; {@code msg} names the container and the line's number in it.
   */
  private int line(long seq, int f, long n) {
    StringBuilder b = text;
    b.setLength(0);
    long ms = n % 3_600_000;
    int timeAt = b.length();
    b.append("2026-12-03T12:");
    digits(b, ms / 60_000, 2).append(':');
    digits(b, ms / 1000 % 60, 2).append('.');
    digits(b, ms % 1000, 3);
    int timeEnd = b.length();
    b.append("123456Z stdout F {\"time\":\"").append(b, timeAt, timeEnd).append("Z\",\"level\":\"")
        .append(LEVELS[(int) (n % LEVELS.length)]).append("\",\"msg\":\"c").append(f).append(" line ").append(seq)
        .append("\",\"service\":\"checkout\",\"trace_id\":\"4bf92f3577b34da6a3ce9");
    for (int shift = 40; shift >= 0; shift -= 4) {
      b.append(Character.forDigit((int) (n >>> shift) & 0xf, 16));
    }
    b.append("\",\"tenant_id\":\"tenant-").append(n % 17).append("\",\"duration_ms\":").append(n % 250)
        .append(",\"path\":\"/api/v1/orders/").append(n % 100_000).append("\",\"status\":200,\"pad\":\"");
    while (b.length() < LINE_BYTES - 3) {
      b.append('x');
    }
    b.append("\"}\n");
    int len = b.length();
    for (int i = 0; i < len; i++) {
      line[i] = (byte) b.charAt(i); // ASCII only
    }
    return len;
  }

  private static StringBuilder digits(StringBuilder b, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s);
  }

  /** The text of what {@link #line} makes, for tests. */
  String lineText(long seq, int f, long n) {
    int len = line(seq, f, n);
    return new String(line, 0, len, StandardCharsets.US_ASCII);
  }

  private static OutputStream open(Path p) throws IOException {
    return new java.io.BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND), 64 * 1024);
  }

  /** The directory the containers' directories are in. */
  Path root() {
    return root;
  }

  @Override
  public void close() throws IOException {
    for (OutputStream o : out) {
      o.close();
    }
  }
}
