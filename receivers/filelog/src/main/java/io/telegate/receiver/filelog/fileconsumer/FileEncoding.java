package io.telegate.receiver.filelog.fileconsumer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a file's bytes become text: the Collector's {@code encoding}. Splitting works on code units
 * of {@link #unitWidth()} bytes (1, or 2 for UTF-16), so a newline is found without decoding.
 */
public final class FileEncoding {

  private final String name;
  private final Charset charset; // null for nop
  private final int unitWidth;
  private final boolean bigEndian;

  private FileEncoding(String name, Charset charset, int unitWidth, boolean bigEndian) {
    this.name = name;
    this.charset = charset;
    this.unitWidth = unitWidth;
    this.bigEndian = bigEndian;
  }

  public static final FileEncoding UTF_8 = new FileEncoding("utf-8", StandardCharsets.UTF_8, 1, false);
  public static final FileEncoding NOP = new FileEncoding("nop", null, 1, false);

  /**
   * The encoding named {@code name} (case-insensitive): {@code nop}, {@code utf-8}, {@code utf8},
   * {@code utf-16le}, {@code utf-16be}, {@code ascii}, or another charset whose newline is the byte 0x0A.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static FileEncoding of(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    switch (n) {
      case "", "utf-8", "utf8":
        return UTF_8;
      case "nop":
        return NOP;
      case "ascii", "us-ascii":
        return new FileEncoding("ascii", StandardCharsets.US_ASCII, 1, false);
      case "utf-16le":
        return new FileEncoding("utf-16le", StandardCharsets.UTF_16LE, 2, false);
      case "utf-16be":
        return new FileEncoding("utf-16be", StandardCharsets.UTF_16BE, 2, true);
      default:
        break;
    }
    Charset cs;
    try {
      cs = Charset.forName(n);
    } catch (UnsupportedCharsetException | java.nio.charset.IllegalCharsetNameException e) {
      throw new IllegalArgumentException("unsupported encoding '" + name
          + "' (expected: nop, utf-8, utf-16le, utf-16be, ascii, or a charset the JVM knows)");
    }
    if (!Arrays.equals("\n".getBytes(cs), new byte[] {'\n'})) {
      throw new IllegalArgumentException("unsupported encoding '" + name
          + "': its newline is not the single byte 0x0A (use utf-16le or utf-16be for UTF-16)");
    }
    return new FileEncoding(n, cs, 1, false);
  }

  public String name() {
    return name;
  }

  /** Bytes per code unit: 1, or 2 for UTF-16. */
  public int unitWidth() {
    return unitWidth;
  }

  public boolean bigEndian() {
    return bigEndian;
  }

  /** The code unit at {@code i} (a byte, or a UTF-16 unit). */
  int unit(byte[] b, int i) {
    if (unitWidth == 1) {
      return b[i] & 0xff;
    }
    return bigEndian ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff) : (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
  }

  /** A token's body: a string, or for {@code nop} its bytes. Malformed input becomes U+FFFD. */
  public Object decode(byte[] b, int off, int len) {
    if (charset == null) {
      return Arrays.copyOfRange(b, off, off + len);
    }
    return new String(b, off, len, charset);
  }

  /**
   * A regex that matches this encoding's bytes viewed as code units ({@link UnitChars}): for
   * single-byte units the pattern's literal characters are spelled as their bytes in the charset,
   * so that non-ASCII literals match; UTF-16 units are characters already.
   */
  String unitPattern(String regex) {
    if (unitWidth == 2 || charset == null) {
      return regex;
    }
    return new String(regex.getBytes(charset), StandardCharsets.ISO_8859_1);
  }
}
