package io.telegate.receiver.prometheus.discovery;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus's config writes them ({@code model.Duration}): units {@code ms}, {@code
 * s}, {@code m}, {@code h}, {@code d}, {@code w}, {@code y} (365 days), largest first, whole numbers
 * ({@code 1h30m}, {@code 15s}, {@code 0}). Shared with the receiver's {@code scrape_interval}.
 */
public final class PrometheusDuration {

  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] MILLIS = {
      365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

  private PrometheusDuration() {}

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
    Matcher m = FORMAT.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("invalid duration '" + text
          + "' (expected: a whole number with a unit ms, s, m, h, d, w or y, such as 30s, 5m, 1h30m)");
    }
    long millis = 0;
    for (int i = 0; i < MILLIS.length; i++) {
      String g = m.group(i + 1);
      if (g != null) {
        millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(g), MILLIS[i]));
      }
    }
    return Duration.ofMillis(millis);
  }
}
