package io.telegate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesGoDurations() {
    assertEquals(Duration.ofMillis(200), Durations.parse("200ms"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1.5h"));
    assertEquals(Duration.ofNanos(1500), Durations.parse("1us500ns"));
    assertEquals(Duration.ZERO, Durations.parse("0"));
    assertEquals(Duration.ofSeconds(-5), Durations.parse("-5s"));
  }

  @Test
  void rejectsNumbersWithoutUnitAndUnknownUnits() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("10"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("10 s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("ms"));
  }

  @Test
  void formatsLikeGoAndRoundTrips() {
    for (String s : new String[] {"200ms", "10s", "1m30s", "1h0m0s", "1.5s", "0s"}) {
      assertEquals(s, Durations.format(Durations.parse(s)));
    }
  }
}
