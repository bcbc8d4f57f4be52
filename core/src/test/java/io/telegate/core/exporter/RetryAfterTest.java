package io.telegate.core.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 9110's Retry-After, as every HTTP exporter reads it. */
class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void delaySecondsAsGiven() {
    assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("7", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", NOW));
  }

  @Test
  void anHttpDateIsTheTimeFromTheCallersClockUntilIt() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse("Tue, 24 Nov 2026 12:00:30 GMT", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Tue, 24 Nov 2026 11:00:00 GMT", NOW), "past: now");
  }

  @Test
  void absentNegativeOrUnreadableLeavesTheBackoffToTheCaller() {
    for (String v : new String[] {null, "", "  ", "-5", "soon", "1.5", "24 Nov 2026"}) {
      assertEquals(Optional.empty(), RetryAfter.parse(v, NOW), String.valueOf(v));
    }
  }
}
