package io.telegate.translator.stanza;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses an entry's timestamp from a field: the {@code timestamp} block of parsers and the
 * {@code time_parser} operator ({@code parse_from}, {@code layout_type} strptime, gotime or
 * epoch, {@code layout}, {@code location}, {@code time_zone_locations}).
 */
final class TimeParser {

  private final Field parseFrom;
  private final String layoutType;
  private final String layout;
  private final GoTimeLayout goLayout;
  private final ZoneId location;
  private final Map<String, ZoneId> zoneLocations;
  private final Clock clock;

  private TimeParser(Field parseFrom, String layoutType, String layout, GoTimeLayout goLayout, ZoneId location,
      Map<String, ZoneId> zoneLocations, Clock clock) {
    this.zoneLocations = zoneLocations;
    this.parseFrom = parseFrom;
    this.layoutType = layoutType;
    this.layout = layout;
    this.goLayout = goLayout;
    this.location = location;
    this.clock = clock;
  }

  /** Reads the keys from {@code c} (a block, or the time_parser operator itself); null on errors. */
  static TimeParser read(OperatorConfig c, Clock clock) {
    Field parseFrom = c.requiredField("parse_from");
    String layoutType = c.choice("layout_type", "strptime", "gotime", "epoch");
    String layout = c.requiredString("layout");
    String loc = c.string("location", "Local");
    ZoneId location = ZoneId.systemDefault();
    if (!loc.equals("Local")) {
      try {
        location = ZoneId.of(loc);
      } catch (DateTimeException e) {
        c.error("location", "unknown time zone '" + loc + "'");
      }
    }
    Map<String, ZoneId> zoneLocations = new HashMap<>();
    Map<String, Object> tzl = c.map("time_zone_locations");
    if (tzl != null) {
      tzl.forEach((abbrev, zone) -> {
        try {
          zoneLocations.put(abbrev, ZoneId.of(String.valueOf(zone)));
        } catch (DateTimeException e) {
          c.errors().add(c.path("time_zone_locations") + "::" + abbrev, "unknown time zone '" + zone + "'");
        }
      });
    }
    if (parseFrom == null || layout == null) {
      return null;
    }
    GoTimeLayout go = null;
    switch (layoutType) {
      case "strptime" -> {
        try {
          go = GoTimeLayout.compile(GoTimeLayout.fromStrptime(layout));
        } catch (IllegalArgumentException e) {
          c.error("layout", "invalid strptime layout '" + layout + "': " + e.getMessage());
          return null;
        }
      }
      case "gotime" -> go = GoTimeLayout.compile(layout);
      default -> {
        if (!java.util.List.of("s", "ms", "us", "ns", "s.ms", "s.us", "s.ns").contains(layout)) {
          c.error("layout", "invalid epoch layout '" + layout + "' (expected: s, ms, us, ns, s.ms, s.us or s.ns)");
          return null;
        }
      }
    }
    return new TimeParser(parseFrom, layoutType, layout, go, location, Map.copyOf(zoneLocations), clock);
  }

  void parse(Entry e) {
    if (!parseFrom.has(e)) {
      throw new OperatorException("log entry does not have the expected parse_from field " + parseFrom);
    }
    Object value = parseFrom.get(e);
    e.timestampNanos = goLayout != null ? parseLayout(value) : parseEpoch(value);
  }

  private long parseLayout(Object value) {
    String s;
    if (value instanceof String str) {
      s = str;
    } else if (value instanceof byte[] b) {
      s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
    } else {
      throw new OperatorException("type " + Expr.describe(value) + " cannot be parsed as a time");
    }
    ZonedDateTime t = goLayout.parse(s, location, zoneLocations);
    if (!goLayout.hasYear()) {
      t = withCurrentYear(t, clock);
    }
    return t.toEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** A time read without a year is this year's, or last year's when it would be more than 7 days ahead. */
  static ZonedDateTime withCurrentYear(ZonedDateTime t, Clock clock) {
    Instant now = clock.instant();
    ZonedDateTime d = t.withYear(now.atZone(t.getZone()).getYear());
    if (d.toInstant().isAfter(now.plus(java.time.Duration.ofDays(7)))) {
      d = d.minusYears(1);
    }
    return d;
  }

  private long parseEpoch(Object value) {
    BigDecimal v;
    if (value instanceof String s) {
      try {
        v = new BigDecimal(s.strip());
      } catch (NumberFormatException ex) {
        throw new OperatorException("invalid value '" + s + "' for layout '" + layout + "'");
      }
    } else if (value instanceof Long || value instanceof Integer) {
      v = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      v = BigDecimal.valueOf(((Number) value).doubleValue());
    } else {
      throw new OperatorException("type " + Expr.describe(value) + " cannot be parsed as an epoch time");
    }
    long unit = switch (layout) {
      case "ms" -> 1_000_000L;
      case "us" -> 1_000L;
      case "ns" -> 1L;
      default -> 1_000_000_000L;
    };
    return v.multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.DOWN).longValueExact();
  }

  @Override
  public String toString() {
    return layoutType + " " + layout;
  }
}
