package io.telegate.exporter.loki;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that the wire path writes UTF-8 text into: Loki lines, label values and
 * JSON push bodies. Bytes copied from a request are valid UTF-8 already (the receiver checked
 * them), so text goes from the request to the push without becoming a {@code String}.
 *
 * <p>The JSON quoting is {@link io.telegate.core.telemetry.Json#quote}'s, applied to UTF-8 bytes:
 * quote, backslash and control characters escaped the same way, every other byte (multi-byte
 * characters included) as it is; for valid UTF-8 both write the same bytes.
 */
final class ByteText {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int size;

  ByteText(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  byte[] array() {
    return buf;
  }

  int size() {
    return size;
  }

  /** Forgets what was written from {@code size} on. */
  void truncate(int size) {
    this.size = size;
  }

  private void ensure(int more) {
    if (buf.length - size < more) {
      long want = Math.max((long) buf.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 16) {
        if ((long) size + more > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("text longer than 2 GB");
        }
        want = Integer.MAX_VALUE - 16;
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  ByteText append(byte b) {
    ensure(1);
    buf[size++] = b;
    return this;
  }

  ByteText append(char asciiChar) {
    return append((byte) asciiChar);
  }

  ByteText append(byte[] src) {
    return append(src, 0, src.length);
  }

  ByteText append(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, size, len);
    size += len;
    return this;
  }

  /** Appends text that is known to be ASCII (names, numbers). */
  ByteText ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends any text as UTF-8. */
  ByteText utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return append(s.getBytes(StandardCharsets.UTF_8));
      }
    }
    return ascii(s);
  }

  ByteText decimal(long v) {
    if (v >= 0 && v < 10) {
      return append((byte) ('0' + v));
    }
    return ascii(Long.toString(v));
  }

  /** Lowercase hex of {@code len} bytes of {@code src}. */
  ByteText hex(byte[] src, int off, int len) {
    ensure(2 * len);
    for (int i = 0; i < len; i++) {
      int b = src[off + i] & 0xff;
      buf[size++] = HEX[b >>> 4];
      buf[size++] = HEX[b & 0xf];
    }
    return this;
  }

  /** Appends UTF-8 bytes as a quoted JSON string. */
  ByteText jsonQuoted(byte[] src, int off, int len) {
    ensure(len + 2);
    buf[size++] = '"';
    int end = off + len;
    int clean = off;
    for (int i = off; i < end; i++) {
      int b = src[i];
      if (b >= 0x20 && b != '"' && b != '\\' || b < 0) {
        continue;
      }
      append(src, clean, i - clean);
      escape(b);
      clean = i + 1;
    }
    append(src, clean, end - clean);
    return append((byte) '"');
  }

  /** Appends text as a quoted JSON string. */
  ByteText jsonQuoted(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    return jsonQuoted(utf8, 0, utf8.length);
  }

  private void escape(int b) {
    switch (b) {
      case '"' -> append((byte) '\\').append((byte) '"');
      case '\\' -> append((byte) '\\').append((byte) '\\');
      case '\n' -> append((byte) '\\').append((byte) 'n');
      case '\r' -> append((byte) '\\').append((byte) 'r');
      case '\t' -> append((byte) '\\').append((byte) 't');
      default -> {
        ensure(6);
        buf[size++] = '\\';
        buf[size++] = 'u';
        buf[size++] = '0';
        buf[size++] = '0';
        buf[size++] = HEX[b >> 4];
        buf[size++] = HEX[b & 0xf];
      }
    }
  }

  /** The bytes from {@code from} to the end, as a new string. */
  String string(int from) {
    return new String(buf, from, size - from, StandardCharsets.UTF_8);
  }

  /** A copy of the bytes from {@code from} to the end. */
  byte[] copy(int from) {
    return Arrays.copyOfRange(buf, from, size);
  }

  /**
   * Compares two UTF-8 byte ranges as {@link String#compareTo} compares the strings they encode
   * (UTF-16 code units), which is how the object path sorts map keys. Byte order is code point
   * order; the two differ only where a character above U+FFFF meets one in U+E000–U+FFFF.
   */
  static int compareUtf16(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    int n = Math.min(aLen, bLen);
    int i = 0;
    while (i < n && a[aOff + i] == b[bOff + i]) {
      i++;
    }
    if (i == n) {
      return aLen - bLen;
    }
    // Back to the start of the character both differ in (continuation bytes are 10xxxxxx).
    int start = i;
    while (start > 0 && (a[aOff + start] & 0xC0) == 0x80) {
      start--;
    }
    int ca = codePoint(a, aOff + start, aOff + aLen);
    int cb = codePoint(b, bOff + start, bOff + bLen);
    int ua = ca < 0x10000 ? ca : 0xD800 + ((ca - 0x10000) >> 10);
    int ub = cb < 0x10000 ? cb : 0xD800 + ((cb - 0x10000) >> 10);
    return ua != ub ? ua - ub : ca - cb;
  }

  private static int codePoint(byte[] s, int p, int end) {
    int b = s[p] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
    int cp = b & (0x3F >> n);
    for (int k = 1; k <= n && p + k < end; k++) {
      cp = cp << 6 | (s[p + k] & 0x3F);
    }
    return cp;
  }
}
