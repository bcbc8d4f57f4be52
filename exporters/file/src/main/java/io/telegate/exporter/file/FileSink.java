package io.telegate.exporter.file;

import com.github.luben.zstd.Zstd;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.data.OtlpJsonWriter;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.time.Scheduler;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What the {@code file} exporter's signals share: the file (or, with {@code group_by}, the open
 * files by path), the encoding of requests into records, and the flush timer. One per exporter
 * id, as the Collector shares one writer between the traces, metrics and logs of one config; it
 * opens at the first signal's start and closes at the last one's shutdown.
 *
 * <p>Records: with {@code format: json} and no compression, a request's OTLP/JSON and a newline;
 * otherwise its protobuf bytes or its JSON, each zstd-compressed on its own with {@code
 * compression: zstd}, after their length as 4 bytes, big-endian. Writes are buffered and reach
 * the file each {@code flush_interval}, at a rotation, when a {@code group_by} file is closed to
 * make room, and at shutdown. A write happens under this object's lock, on the caller's thread.
 */
final class FileSink {

  private static final byte[] NEWLINE = {'\n'};

  private final ComponentId id;
  private final FileExporterConfig config;
  private final GroupPaths groupPaths;
  // Guarded by this.
  private int users;
  private boolean open;
  private OutputFile single;
  /** The group_by files, least recently written first. */
  private final LinkedHashMap<String, OutputFile> groups = new LinkedHashMap<>(16, 0.75f, true);
  /**
   * The group_by files opened since start: one closed to make room is appended to when it is
   * opened again, not truncated (the Collector truncates it, losing what it held).
   */
  private final Set<String> openedGroups = new HashSet<>();
  private Scheduler.Cancellable flushTimer;
  private Scheduler scheduler;
  private Executor executor;
  private Clock clock;
  private GatewayLogger log = GatewayLogger.root();

  FileSink(ComponentId id, FileExporterConfig config) {
    this.id = id;
    this.config = config;
    this.groupPaths = config.groupBy().enabled() ? new GroupPaths(config.path()) : null;
  }

  /** Opens the file at the first signal's start; the later ones only count. */
  synchronized void start(Host host) throws IOException {
    if (users++ > 0) {
      return;
    }
    log = host.logger(ComponentKind.EXPORTER, id);
    scheduler = host.scheduler();
    executor = host.executor();
    clock = host.clock();
    if (config.createDirectory() && groupPaths == null) {
      // group_by files get their directories as they are opened.
      createDirectories(Path.of(config.path()).toAbsolutePath().getParent());
    }
    if (groupPaths == null) {
      single = openFile(Path.of(config.path()), config.append());
    }
    open = true;
    scheduleFlush();
  }

  /** Flushes and closes everything at the last signal's shutdown. */
  synchronized void shutdown() {
    if (users == 0 || --users > 0) {
      return;
    }
    open = false;
    if (flushTimer != null) {
      flushTimer.cancel();
      flushTimer = null;
    }
    if (single != null) {
      close(single, config.path());
      single = null;
    }
    groups.forEach((path, file) -> close(file, path));
    groups.clear();
    openedGroups.clear();
  }

  /**
   * Writes one request as a record, or as one record per {@code group_by} value.
   *
   * @return the items dropped because their resource had no {@code group_by} value
   */
  synchronized int write(TelemetryData<?> data) throws IOException {
    if (!open) {
      throw new IOException("the file exporter is not running");
    }
    if (groupPaths == null) {
      writeRecord(single, data);
      return 0;
    }
    ResourceGroups split = ResourceGroups.of(data, config.groupBy().resourceAttribute());
    IOException failure = null;
    for (Map.Entry<String, TelemetryData<?>> g : split.groups().entrySet()) {
      try {
        writeRecord(groupFile(groupPaths.pathOf(g.getKey())), g.getValue());
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return split.droppedItems();
  }

  private void writeRecord(OutputFile file, TelemetryData<?> data) throws IOException {
    byte[] payload = config.format() == FileExporterConfig.Format.PROTO ? data.encoded()
        : OtlpJsonWriter.write(data.request());
    if (config.zstd()) {
      payload = Zstd.compress(payload);
    }
    if (config.lengthPrefixed()) {
      int n = payload.length;
      file.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, payload);
    } else {
      file.write(payload, NEWLINE);
    }
  }

  /** The open file of a group, opening it (and closing the least recently written) as needed. */
  private OutputFile groupFile(String path) throws IOException {
    OutputFile file = groups.get(path);
    if (file != null) {
      return file;
    }
    Path p = Path.of(path);
    Path dir = p.toAbsolutePath().getParent();
    if (dir != null) {
      createDirectories(dir);
    }
    file = openFile(p, config.append() || !openedGroups.add(path));
    if (groups.size() >= config.groupBy().maxOpenFiles()) {
      Iterator<Map.Entry<String, OutputFile>> eldest = groups.entrySet().iterator();
      Map.Entry<String, OutputFile> e = eldest.next();
      eldest.remove();
      close(e.getValue(), e.getKey());
    }
    groups.put(path, file);
    return file;
  }

  private OutputFile openFile(Path path, boolean append) throws IOException {
    return config.rotation() != null ? new RotatingFile(path, config.rotation(), clock) : new PlainFile(path, append);
  }

  private void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
      int mode = config.directoryMode();
      PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
      for (int bit = 0; bit < 9; bit++) {
        if ((mode & (1 << (8 - bit))) != 0) {
          perms.add(order[bit]);
        }
      }
      FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(perms);
      Files.createDirectories(dir, attr);
    } else {
      Files.createDirectories(dir);
    }
  }

  private void close(OutputFile file, String path) {
    try {
      file.close();
    } catch (IOException e) {
      log.warn("failed to close file", "path", path, "error", String.valueOf(e.getMessage()));
    }
  }

  private void scheduleFlush() {
    Duration interval = config.effectiveFlushInterval();
    flushTimer = scheduler.schedule(() -> executor.execute(this::flushTick), interval);
  }

  private synchronized void flushTick() {
    if (!open) {
      return;
    }
    flushAll();
    scheduleFlush();
  }

  /** Hands every buffered record to the operating system. */
  synchronized void flushAll() {
    try {
      if (single != null) {
        single.flush();
      }
      for (OutputFile f : groups.values()) {
        f.flush();
      }
    } catch (IOException e) {
      log.rateLimited(GatewayLogger.Level.ERROR, "file-flush", Duration.ofMinutes(1), "failed to flush file", e,
          "path", config.path());
    }
  }
}
