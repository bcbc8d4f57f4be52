package io.telegate.exporter.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file without rotation, opened at start: truncated, or appended to with {@code append}, as
 * the Collector opens it. Writes are buffered until the exporter's flush.
 */
final class PlainFile implements OutputFile {

  static final int BUFFER_BYTES = 64 * 1024;

  private final OutputStream out;
  private boolean closed;

  PlainFile(Path path, boolean append) throws IOException {
    this.out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING), BUFFER_BYTES);
  }

  @Override
  public void write(byte[]... parts) throws IOException {
    for (byte[] p : parts) {
      out.write(p);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
