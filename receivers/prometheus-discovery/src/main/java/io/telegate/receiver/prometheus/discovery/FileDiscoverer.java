package io.telegate.receiver.prometheus.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the files of a {@code file_sd_configs} entry again when their directory changes (a watch,
 * looked at every second) and every {@code refresh_interval}. Each file's groups have source {@code path:index} and the
 * label {@code __meta_filepath}; a file that cannot be read or parsed keeps its last good groups
 * (and is logged), a file that is gone takes its groups with it.
 */
final class FileDiscoverer extends RefreshingDiscoverer {

  static final String META_FILEPATH = "__meta_filepath";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private final FileSdConfig config;
  private final Map<Path, List<TargetGroup>> lastGood = new HashMap<>();
  private final Set<Path> watched = new HashSet<>();
  private volatile WatchService watcher;

  FileDiscoverer(String name, DiscoveryContext ctx, FileSdConfig config) {
    super(name, ctx, config.refreshInterval());
    this.config = config;
  }

  @Override
  protected Collection<TargetGroup> refresh() {
    watch();
    Map<Path, List<TargetGroup>> current = new java.util.LinkedHashMap<>();
    for (Path file : matchingFiles()) {
      try {
        current.put(file, read(file));
      } catch (NoSuchFileException e) {
        // Removed between the listing and the read: its groups go.
      } catch (IOException | RuntimeException e) {
        log.rateLimited(GatewayLogger.Level.ERROR, "file-sd/" + file, Duration.ofSeconds(30),
            "cannot read service discovery file, keeping its last targets", null,
            "file", file.toString(), "error", e.getMessage());
        List<TargetGroup> last = lastGood.get(file);
        if (last != null) {
          current.put(file, last);
        }
      }
    }
    lastGood.clear();
    lastGood.putAll(current);
    List<TargetGroup> all = new ArrayList<>();
    current.values().forEach(all::addAll);
    return all;
  }

  private Set<Path> matchingFiles() {
    Set<Path> files = new TreeSet<>();
    for (String pattern : config.files()) {
      Path p = Path.of(pattern);
      Path dir = p.getParent() == null ? Path.of("") : p.getParent();
      String glob = p.getFileName().toString();
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
      if (!Files.isDirectory(listed)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(listed)) {
        for (Path e : entries) {
          if (matcher.matches(e.getFileName()) && Files.isRegularFile(e)) {
            files.add(dir.resolve(e.getFileName()));
          }
        }
      } catch (IOException e) {
        log.rateLimited(GatewayLogger.Level.WARN, "file-sd-dir/" + listed, Duration.ofSeconds(30),
            "cannot list service discovery directory", null, "directory", listed.toString(), "error", e.toString());
      }
    }
    return files;
  }

  private static List<TargetGroup> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    Object doc = (lower.endsWith(".json") ? JSON : YAML).readValue(bytes, Object.class);
    try {
      return GroupFormat.read(doc, file.toString(), Map.of(META_FILEPATH, file.toString()));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Watches every pattern's directory that exists and is not watched yet. */
  private void watch() {
    try {
      if (watcher == null) {
        watcher = FileSystems.getDefault().newWatchService();
      }
      for (String pattern : config.files()) {
        Path parent = Path.of(pattern).toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent) && watched.add(parent)) {
          parent.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
              StandardWatchEventKinds.ENTRY_MODIFY);
        }
      }
    } catch (IOException e) {
      log.rateLimited(GatewayLogger.Level.WARN, "file-sd-watch/" + name, Duration.ofSeconds(60),
          "cannot watch service discovery files, reading them every refresh_interval only", null,
          "error", e.toString());
    }
  }

  /** The watch is looked at every second (without waiting on it), the files read at once when it saw a change. */
  @Override
  protected Duration checkInterval() {
    Duration second = Duration.ofSeconds(1);
    return refreshInterval.compareTo(second) < 0 && !refreshInterval.isZero() ? refreshInterval : second;
  }

  @Override
  protected boolean changedSinceLastRefresh() {
    WatchService w = watcher;
    if (w == null) {
      return false;
    }
    boolean changed = false;
    try {
      for (WatchKey key = w.poll(); key != null; key = w.poll()) {
        changed |= !key.pollEvents().isEmpty();
        if (!key.reset()) {
          watched.remove((Path) key.watchable());
          changed = true;
        }
      }
    } catch (ClosedWatchServiceException e) {
      return false;
    }
    return changed;
  }

  @Override
  protected void onClose() {
    WatchService w = watcher;
    if (w != null) {
      try {
        w.close();
      } catch (IOException ignored) {
        // Closing only releases the inotify handle.
      }
    }
  }
}
