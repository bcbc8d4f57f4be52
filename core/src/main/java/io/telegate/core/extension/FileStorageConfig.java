package io.telegate.core.extension;

import io.telegate.core.component.ComponentConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code file_storage} extension.
 *
 * @param timeout accepted for compatibility (the Collector's file lock timeout)
 * @param compaction accepted and ignored: segments are deleted once sent, nothing to compact
 */
public record FileStorageConfig(
    String directory, boolean createDirectory, boolean fsync, Duration timeout, Object compaction)
    implements ComponentConfig {

  public static final FileStorageConfig DEFAULT =
      new FileStorageConfig("/var/lib/otelcol/file_storage", false, false, Duration.ofSeconds(1), null);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (directory == null || directory.isBlank()) {
      errors.add("directory: must be set");
    }
    return errors;
  }
}
