package io.telegate.exporter.file;

import java.io.IOException;

/** One file the exporter writes records to, buffered until {@link #flush}, rotated or not. */
interface OutputFile {

  /** Appends one record made of {@code parts}, whole: a rotation never splits a record. */
  void write(byte[]... parts) throws IOException;

  /** Hands what is buffered to the operating system. */
  void flush() throws IOException;

  /** Flushes and closes; safe twice. */
  void close() throws IOException;
}
