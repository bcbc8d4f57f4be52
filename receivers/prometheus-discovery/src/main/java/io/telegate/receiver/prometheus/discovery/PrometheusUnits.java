package io.telegate.receiver.prometheus.discovery;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and byte sizes as Prometheus's config writes them: {@code 1m30s}, {@code 1d}, {@code 2w}
 * (integers per unit, units in descending order, as {@code model.ParseDuration}; scrape intervals,
 * timeouts and every discoverer's {@code refresh_interval}), and base-2 sizes
 * such as {@code 10MB} or {@code 512KiB} (both mean powers of 1024, as {@code units.Base2Bytes}).
 */
public final class PrometheusUnits {

  private static final Pattern DURATION = Pattern.compile(
      "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] DURATION_MILLIS = {
    365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1_000, 1};
  private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGTPE]i?B|B)?");

  private PrometheusUnits() {}

  /**
   * Parses a Prometheus duration.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static Duration duration(String text) {
    String s = text == null ? "" : text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("invalid duration '" + text
          + "' (expected: integers with units y, w, d, h, m, s, ms in that order, such as 30s, 1m30s, 1d)");
    }
    long millis = 0;
    for (int g = 1; g <= DURATION_MILLIS.length; g++) {
      if (m.group(g) != null) {
        millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(m.group(g)), DURATION_MILLIS[g - 1]));
      }
    }
    return Duration.ofMillis(millis);
  }

  /** Writes a duration the way Prometheus prints one: {@code 1m30s}, {@code 15s}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < units.length; i++) {
      long n = ms / DURATION_MILLIS[i];
      if (n > 0) {
        sb.append(n).append(units[i]);
        ms -= n * DURATION_MILLIS[i];
      }
    }
    return sb.toString();
  }

  /**
   * Parses a byte size; 0 or empty means no limit.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static long bytes(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      return 0;
    }
    Matcher m = SIZE.matcher(s.toUpperCase(Locale.ROOT).replace("IB", "iB"));
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size '" + text + "' (expected: an integer with B, KB, MB, GB, "
          + "KiB, MiB, GiB, ..., all powers of 1024, such as 10MB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      case 'P' -> 50;
      case 'E' -> 60;
      default -> 0;
    };
    if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size '" + text + "' is too large");
    }
    return n << shift;
  }
}
