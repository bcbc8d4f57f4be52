package io.telegate.core.exporter;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An HTTP {@code Retry-After} header (RFC 9110, 10.2.3): delay-seconds or an HTTP-date, read
 * against the caller's clock (the host's, so that tests run on a manual one). One reader for every
 * exporter that talks HTTP.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * The delay {@code value} asks for: delay-seconds as given, an HTTP-date as the time from
   * {@code now} until it (zero when it is past). Empty when absent, negative or unreadable, so
   * that the caller falls back to its own backoff.
   */
  public static Optional<Duration> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      // not delay-seconds: an HTTP-date?
    }
    try {
      Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
