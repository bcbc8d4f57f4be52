package io.telegate.exporter.file;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.OnWhenKeyGiven;
import io.telegate.core.component.UnsupportedKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code file} exporter, with the Collector's keys, defaults and rules.
 *
 * @param path the file written; with {@code group_by}, a path with one {@code *} that the
 *     resource attribute's value replaces
 * @param append add to an existing file instead of truncating it at start
 * @param rotation rotate the file by size, keeping backups (lumberjack's rules); on when the key
 *     is given, even with no value, off when it is left out
 * @param format {@code json}: OTLP/JSON, one request per line; {@code proto}: OTLP protobuf,
 *     each request after its length (4 bytes, big-endian)
 * @param compression empty, or {@code zstd}: each request compressed on its own, after its length
 * @param flushInterval how often buffered writes go to the file (0 means the default, 1s)
 * @param groupBy one file per value of a resource attribute
 * @param createDirectory create the file's directory at start
 * @param directoryPermissions the permissions of directories created, octal ({@code 0755})
 */
@UnsupportedKeys({"encoding"})
public record FileExporterConfig(
    String path,
    boolean append,
    @OnWhenKeyGiven Rotation rotation,
    Format format,
    String compression,
    Duration flushInterval,
    GroupBy groupBy,
    boolean createDirectory,
    String directoryPermissions) implements ComponentConfig {

  /** What the Collector's {@code flush_interval} of 0 (or none) means. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  public static final FileExporterConfig DEFAULT = new FileExporterConfig(null, false, null, Format.JSON, "",
      DEFAULT_FLUSH_INTERVAL, GroupBy.DEFAULT, false, "");

  /** How a request is written. */
  public enum Format {
    JSON,
    PROTO
  }

  /** True when each request is written after its 4-byte length rather than as a line. */
  boolean lengthPrefixed() {
    return format == Format.PROTO || zstd();
  }

  boolean zstd() {
    return "zstd".equals(compression);
  }

  /** The interval in effect: 0 means the default, as in the Collector. */
  Duration effectiveFlushInterval() {
    return flushInterval.isZero() ? DEFAULT_FLUSH_INTERVAL : flushInterval;
  }

  /** The directories' permission bits, as given or 0755. */
  int directoryMode() {
    return directoryPermissions.isEmpty() ? 0755 : Integer.parseInt(directoryPermissions, 8);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (path == null || path.isEmpty()) {
      errors.add("path: must be non-empty");
    }
    if (append && !compression.isEmpty()) {
      errors.add("append: append and compression enabled at the same time is not supported");
    }
    if (append && rotation != null) {
      errors.add("append: append and rotation enabled at the same time is not supported");
    }
    if (!compression.isEmpty() && !zstd()) {
      errors.add("compression: '" + compression + "' is not supported (expected: zstd, or none)");
    }
    if (flushInterval.isNegative()) {
      errors.add("flush_interval: must be larger than zero");
    }
    if (groupBy.enabled() && path != null && !path.isEmpty()) {
      String[] parts = path.split("\\*", -1);
      if (parts.length != 2) {
        errors.add("path: must contain exactly one * when group_by is enabled");
      } else if (parts[0].isEmpty()) {
        errors.add("path: must not start with * when group_by is enabled");
      }
    }
    if (createDirectory) {
      if (!directoryPermissions.isEmpty()) {
        try {
          int mode = Integer.parseInt(directoryPermissions, 8);
          if ((mode & ~0777) != 0) {
            errors.add("directory_permissions: '" + directoryPermissions
                + "' contains invalid bits for file access (expected: at most 0777)");
          }
        } catch (NumberFormatException e) {
          errors.add("directory_permissions: '" + directoryPermissions
              + "' must be a valid octal representation, such as 0755");
        }
      }
    } else if (!directoryPermissions.isEmpty()) {
      errors.add("directory_permissions: requires create_directory to be true");
    }
    return errors;
  }

  /**
   * Size-based rotation with lumberjack's rules, which the Collector uses: before a write would
   * take the file past {@code max_megabytes}, it is renamed to {@code name-<time>.ext} and a new
   * one is started.
   *
   * @param maxMegabytes the size (MiB) past which the file is rotated; 0 means 100
   * @param maxDays backups older than this many days (by the time in their name) are deleted; 0
   *     keeps them whatever their age
   * @param maxBackups at most this many backups are kept, the newest; 0 keeps all
   * @param localtime backup names carry local time instead of UTC
   */
  public record Rotation(int maxMegabytes, int maxDays, int maxBackups, boolean localtime)
      implements ConfigValidator {

    public static final Rotation DEFAULT = new Rotation(100, 0, 100, false);

    /** The size in bytes a file may reach. */
    long maxBytes() {
      return (maxMegabytes == 0 ? 100L : maxMegabytes) * 1024 * 1024;
    }

    @Override
    public List<String> validate() {
      List<String> errors = new ArrayList<>();
      if (maxMegabytes < 0) {
        errors.add("max_megabytes: must not be negative, got " + maxMegabytes);
      }
      if (maxDays < 0) {
        errors.add("max_days: must not be negative, got " + maxDays);
      }
      if (maxBackups < 0) {
        errors.add("max_backups: must not be negative, got " + maxBackups);
      }
      return errors;
    }
  }

  /**
   * One file per value of a resource attribute: the value replaces the {@code *} of {@code path}.
   *
   * @param enabled off by default
   * @param resourceAttribute the attribute naming the file; resources without it (or with a value
   *     that is not a string) are dropped, counted and logged
   * @param maxOpenFiles at most this many files are open; the least recently written is closed
   */
  public record GroupBy(boolean enabled, String resourceAttribute, int maxOpenFiles) implements ConfigValidator {

    public static final GroupBy DEFAULT = new GroupBy(false, "fileexporter.path_segment", 100);

    @Override
    public List<String> validate() {
      List<String> errors = new ArrayList<>();
      if (enabled && (resourceAttribute == null || resourceAttribute.isEmpty())) {
        errors.add("resource_attribute: must not be empty when group_by is enabled");
      }
      if (maxOpenFiles < 1) {
        errors.add("max_open_files: must be at least 1, got " + maxOpenFiles);
      }
      return errors;
    }
  }
}
