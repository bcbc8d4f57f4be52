package io.telegate.translator.prometheus;

import io.telegate.core.data.MalformedDataException;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 of protobuf {@code string} fields read as bytes: checked as protobuf-java checks them when
 * it parses (proto3 strings must be valid UTF-8), turned into text, or hashed as {@link
 * String#hashCode} hashes the text, without making it.
 */
final class Utf8 {

  private Utf8() {}

  /** The text of {@code len} bytes at {@code off}. */
  static String string(byte[] b, int off, int len) {
    if (len == 0) {
      return "";
    }
    javaHash(b, off, len);
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /**
   * {@code new String(b, off, len, UTF_8).hashCode()}, computed from the bytes.
   *
   * @throws MalformedDataException if they are not valid UTF-8 (overlong forms, surrogates and
   *     code points above U+10FFFF included)
   */
  static int javaHash(byte[] b, int off, int len) {
    int h = 0;
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        h = 31 * h + c;
        i++;
        continue;
      }
      int cp;
      int n;
      int min;
      if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        n = 1;
        min = 0x80;
      } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        n = 2;
        min = 0x800;
      } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07;
        n = 3;
        min = 0x10000;
      } else {
        throw invalid(i);
      }
      if (end - i <= n) {
        throw invalid(i);
      }
      for (int k = 1; k <= n; k++) {
        int cc = b[i + k];
        if ((cc & 0xC0) != 0x80) {
          throw invalid(i);
        }
        cp = cp << 6 | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw invalid(i);
      }
      if (cp >= 0x10000) {
        h = 31 * (31 * h + Character.highSurrogate(cp)) + Character.lowSurrogate(cp);
      } else {
        h = 31 * h + cp;
      }
      i += n + 1;
    }
    return h;
  }

  private static MalformedDataException invalid(int offset) {
    return new MalformedDataException("invalid UTF-8 in a string at byte " + offset);
  }
}
