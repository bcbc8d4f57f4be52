package io.telegate.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as the Collector's config writes them: {@code 200ms}, {@code 1m30s}, {@code 0}. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static Duration parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double nanos = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw invalid(text);
      }
      double value = Double.parseDouble(m.group(1));
      nanos += value * switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      at = m.end();
    }
    Duration d = Duration.ofNanos(Math.round(nanos));
    return negative ? d.negated() : d;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration '" + text + "' (expected: a number with a unit, such as 200ms, 10s, 1m30s)");
  }

  /** Formats like Go: {@code 10s}, {@code 200ms}, {@code 1m30s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      if (nanos % 1_000 == 0) {
        return nanos / 1_000 + "us";
      }
      return nanos + "ns";
    }
    StringBuilder sb = new StringBuilder();
    long h = d.toHours();
    long m = d.toMinutesPart();
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    long s = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (ms == 0) {
      sb.append(s).append('s');
    } else {
      sb.append(s).append('.').append(String.format("%03d", ms).replaceAll("0+$", "")).append('s');
    }
    return sb.toString();
  }
}
