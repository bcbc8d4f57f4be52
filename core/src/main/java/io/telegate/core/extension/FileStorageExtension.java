package io.telegate.core.extension;

import io.telegate.core.component.Component;
import io.telegate.core.component.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Collector's {@code file_storage} extension: a directory that exporters name with {@code
 * sending_queue.storage: file_storage[/name]} to keep their queue on disk.
 */
public final class FileStorageExtension implements Component {

  private final FileStorageConfig config;

  FileStorageExtension(FileStorageConfig config) {
    this.config = config;
  }

  /** Where queues of exporters using this extension live. */
  public Path directory() {
    return Path.of(config.directory());
  }

  /** True when writes must be forced to disk before they are acknowledged. */
  public boolean fsync() {
    return config.fsync();
  }

  @Override
  public void start(Host host) throws IOException {
    Path dir = directory();
    if (config.createDirectory()) {
      Files.createDirectories(dir);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new IOException("file_storage directory " + dir + " does not exist or is not writable"
          + (config.createDirectory() ? "" : " (set create_directory: true to create it)"));
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    // Queues own their files and close them; the directory stays.
  }
}
