package io.telegate.receiver.filelog.fileconsumer;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What identifies a file whatever its name: its first {@code fingerprint_size} bytes, fewer while
 * the file is shorter. A file whose fingerprint starts with a known one is that file, grown.
 */
public final class Fingerprint {

  /** The smallest {@code fingerprint_size} the Collector accepts. */
  public static final int MIN_SIZE = 16;

  private final byte[] bytes;

  public Fingerprint(byte[] bytes) {
    this.bytes = bytes;
  }

  public int length() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  byte[] bytes() {
    return bytes;
  }

  /** True when {@code prefix} is this fingerprint's start (the same file, read when it was shorter). */
  public boolean startsWith(Fingerprint prefix) {
    return prefix.bytes.length > 0 && prefix.bytes.length <= bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f && Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 16)) + (bytes.length > 16 ? "..." : "");
  }
}
