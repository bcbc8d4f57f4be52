package io.telegate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A log-writing process for the file receivers' tests, run as a child JVM ({@link ChildJvm}) so
 * that the files are written by another process, as an application and its log rotation would.
 * Writes {@code --lines} numbered lines ({@code <file> <n> <padding>}) to each of {@code --files}
 * files in {@code --dir}, at {@code --rate} lines per second in total (0: as fast as it can), and
 * every {@code --every} lines of a file rotates it as {@code --rotate} says:
 *
 * <ul>
 *   <li>{@code rename}: renames {@code f.log} to {@code f.log.<k>} and creates a new {@code f.log};
 *   <li>{@code copytruncate}: copies {@code f.log} to {@code f.log.<k>} and truncates it in place;
 *   <li>{@code delete}: deletes {@code f.log} and creates a new one;
 *   <li>{@code truncate}: waits {@code --quiet-ms}, then truncates {@code f.log} and writes on from its start.
 * </ul>
 *
 * Prints {@code started} once the first file exists and {@code done <total>} at the end. Lines
 * are about {@code --size} bytes; with {@code --format cri} each is a CRI container-log line
 * holding a JSON object.
 */
public final class LogWriter {

  private LogWriter() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path dir = Path.of(a.get("dir"));
    int files = Integer.parseInt(a.getOrDefault("files", "1"));
    long lines = Long.parseLong(a.getOrDefault("lines", "1000"));
    double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
    String rotate = a.getOrDefault("rotate", "none");
    long every = Long.parseLong(a.getOrDefault("every", "0"));
    int size = Integer.parseInt(a.getOrDefault("size", "80"));
    long quietMs = Long.parseLong(a.getOrDefault("quiet-ms", "2000"));
    String format = a.getOrDefault("format", "plain");
    Files.createDirectories(dir);
    OutputStream[] out = new OutputStream[files];
    Path[] paths = new Path[files];
    int[] rotations = new int[files];
    for (int f = 0; f < files; f++) {
      paths[f] = dir.resolve("f" + f + ".log");
      out[f] = open(paths[f]);
    }
    System.out.println("started");
    System.out.flush();
    long start = System.nanoTime();
    long written = 0;
    for (long n = 0; n < lines; n++) {
      for (int f = 0; f < files; f++) {
        if (every > 0 && n > 0 && n % every == 0) {
          out[f] = rotate(rotate, paths[f], out[f], ++rotations[f], quietMs);
        }
        out[f].write(line(format, f, n, size));
        written++;
        if (rate > 0) {
          long due = start + (long) (written * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            out[f].flush();
            LockSupport.parkNanos(wait);
          }
        }
      }
    }
    for (OutputStream o : out) {
      o.close();
    }
    System.out.println("done " + written);
    System.out.flush();
  }

  private static OutputStream open(Path p) throws IOException {
    return new java.io.BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND), 8 * 1024);
  }

  private static OutputStream rotate(String how, Path p, OutputStream out, int k, long quietMs) throws IOException {
    out.flush();
    Path rotated = p.resolveSibling(p.getFileName() + "." + k);
    switch (how) {
      case "rename" -> {
        out.close();
        Files.move(p, rotated);
        return open(p);
      }
      case "copytruncate" -> {
        Files.copy(p, rotated, StandardCopyOption.REPLACE_EXISTING);
        try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.truncate(0);
        }
        return out; // opened with O_APPEND: writes go on at the new end
      }
      case "delete" -> {
        out.close();
        Files.delete(p);
        return open(p);
      }
      case "truncate" -> {
        LockSupport.parkNanos(quietMs * 1_000_000L);
        try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.truncate(0);
        }
        return out;
      }
      default -> {
        return out;
      }
    }
  }

  /** The line a writer writes as line {@code n} of file {@code f}. */
  public static byte[] line(String format, int f, long n, int size) {
    String id = "f" + f + " " + n;
    StringBuilder sb = new StringBuilder(size + 64);
    if (format.equals("cri")) {
      sb.append("2026-12-03T12:00:00.").append(String.format("%09d", n % 1_000_000_000L)).append("Z stdout F ")
          .append("{\"time\":\"2026-12-03T12:00:00.123Z\",\"level\":\"INFO\",\"msg\":\"").append(id)
          .append("\",\"service\":\"checkout\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"pad\":\"");
      while (sb.length() < size - 3) {
        sb.append('x');
      }
      sb.append("\"}\n");
    } else {
      sb.append(id).append(' ');
      while (sb.length() < size - 1) {
        sb.append('x');
      }
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
