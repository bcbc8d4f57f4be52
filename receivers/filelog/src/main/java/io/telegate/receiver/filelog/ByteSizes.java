package io.telegate.receiver.filelog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as the Collector's stanza config writes them: an integer, or a number with a unit ({@code 1kb} = 1000, {@code 1KiB} = 1024, {@code 1MiB}). */
final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

  private ByteSizes() {}

  /**
   * @throws IllegalArgumentException when {@code raw} is not a size
   */
  static long parse(Object raw) {
    if (raw instanceof Number n) {
      return n.longValue();
    }
    String s = String.valueOf(raw).strip().toLowerCase(Locale.ROOT).replace("_", "");
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid byte size '" + raw + "' (expected: a number of bytes, or one "
          + "with a unit such as 1kb, 16KiB, 1MiB)");
    }
    double v = Double.parseDouble(m.group(1));
    long unit = switch (m.group(2)) {
      case "", "b" -> 1L;
      case "k", "kb" -> 1000L;
      case "ki", "kib" -> 1024L;
      case "m", "mb" -> 1000L * 1000;
      case "mi", "mib" -> 1024L * 1024;
      case "g", "gb" -> 1000L * 1000 * 1000;
      case "gi", "gib" -> 1024L * 1024 * 1024;
      default -> throw new IllegalArgumentException("invalid byte size '" + raw + "': unknown unit '" + m.group(2)
          + "' (expected: b, kb, KiB, mb, MiB, gb, GiB)");
    };
    return (long) (v * unit);
  }
}
