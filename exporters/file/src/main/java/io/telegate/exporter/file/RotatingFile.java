package io.telegate.exporter.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A file rotated by size with the rules of lumberjack, which the Collector's file exporter uses.
 *
 * <ul>
 *   <li>The file is opened at the first write: an existing file is appended to, unless that write
 *       would take it to {@code max_megabytes} or past, in which case it is rotated first.
 *   <li>Before a write that would take the file past {@code max_megabytes} it is rotated: renamed
 *       to {@code <name>-<yyyy-MM-ddTHH-mm-ss.SSS><ext>} (the time of the rotation, UTC unless
 *       {@code localtime}; {@code data.json} becomes {@code data-2022-09-14T05-02-14.173.json}),
 *       and a new file is started under the original name. A record is never split; one larger
 *       than {@code max_megabytes} is refused.
 *   <li>After each rotation the backups beyond the {@code max_backups} newest (by the time in
 *       their name), and those older than {@code max_days}, are deleted.
 * </ul>
 *
 * <p>Unlike lumberjack, two rotations within the same millisecond do not overwrite a backup: the
 * second takes the next free millisecond. Writes are buffered until the exporter's flush (or a
 * rotation).
 */
final class RotatingFile implements OutputFile {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");

  private final Path path;
  private final FileExporterConfig.Rotation rotation;
  private final Clock clock;
  private final ZoneId zone;
  private final String prefix;
  private final String ext;
  private OutputStream out;
  private long size;

  RotatingFile(Path path, FileExporterConfig.Rotation rotation, Clock clock) {
    this.path = path;
    this.rotation = rotation;
    this.clock = clock;
    this.zone = rotation.localtime() ? clock.getZone() : ZoneOffset.UTC;
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.prefix = (dot < 0 ? name : name.substring(0, dot)) + "-";
    this.ext = dot < 0 ? "" : name.substring(dot);
  }

  @Override
  public void write(byte[]... parts) throws IOException {
    long n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    long max = rotation.maxBytes();
    if (n > max) {
      throw new IOException("write length " + n + " exceeds maximum file size " + max);
    }
    if (out == null) {
      openExistingOrNew(n);
    } else if (size + n > max) {
      rotate();
    }
    for (byte[] p : parts) {
      out.write(p);
    }
    size += n;
  }

  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      OutputStream o = out;
      out = null;
      o.close();
    }
  }

  private void openExistingOrNew(long writeLength) throws IOException {
    removeOldBackups();
    if (!Files.exists(path)) {
      openNew();
      return;
    }
    long existing = Files.size(path);
    if (existing + writeLength >= rotation.maxBytes()) {
      rotate();
      return;
    }
    out = stream(StandardOpenOption.APPEND);
    size = existing;
  }

  private void rotate() throws IOException {
    close();
    openNew();
    removeOldBackups();
  }

  private void openNew() throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (Files.exists(path)) {
      Instant t = clock.instant();
      Path backup = backupPath(t);
      while (Files.exists(backup)) {
        t = t.plusMillis(1);
        backup = backupPath(t);
      }
      Files.move(path, backup);
    }
    out = stream(StandardOpenOption.TRUNCATE_EXISTING);
    size = 0;
  }

  private OutputStream stream(StandardOpenOption mode) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        mode), PlainFile.BUFFER_BYTES);
  }

  /** The backup's name for a rotation at {@code t}, beside the file. */
  Path backupPath(Instant t) {
    return path.resolveSibling(prefix + STAMP.format(LocalDateTime.ofInstant(t, zone)) + ext);
  }

  private record Backup(Path path, Instant time) {}

  private void removeOldBackups() throws IOException {
    Path dirPath = path.toAbsolutePath().getParent();
    if (rotation.maxBackups() == 0 && rotation.maxDays() == 0 || !Files.isDirectory(dirPath)) {
      return;
    }
    List<Backup> backups = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(dirPath)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p) || !name.startsWith(prefix) || !name.endsWith(ext)
            || name.length() < prefix.length() + ext.length()) {
          continue;
        }
        try {
          LocalDateTime t = LocalDateTime.parse(name.substring(prefix.length(), name.length() - ext.length()), STAMP);
          backups.add(new Backup(p, t.atZone(zone).toInstant()));
        } catch (DateTimeParseException e) {
          // Not one of our backups.
        }
      }
    }
    backups.sort(Comparator.comparing(Backup::time).reversed());
    Instant cutoff = rotation.maxDays() > 0 ? clock.instant().minus(Duration.ofDays(rotation.maxDays())) : null;
    for (int i = 0; i < backups.size(); i++) {
      Backup b = backups.get(i);
      boolean tooMany = rotation.maxBackups() > 0 && i >= rotation.maxBackups();
      boolean tooOld = cutoff != null && b.time().isBefore(cutoff);
      if (tooMany || tooOld) {
        Files.deleteIfExists(b.path());
      }
    }
  }
}
