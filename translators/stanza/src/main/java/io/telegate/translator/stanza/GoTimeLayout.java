package io.telegate.translator.stanza;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Go time layout ({@code Mon Jan _2 15:04:05 MST 2006}) for parsing, with Go's parsing rules:
 * padded and unpadded numbers, fractional seconds after the seconds even when the layout has
 * none, {@code Z07:00} offsets, zone abbreviations. {@link #fromStrptime} translates stanza's
 * strptime directives into such a layout, as the Collector does.
 */
final class GoTimeLayout {

  private enum Std {
    LITERAL, LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, UNDER_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY,
    ZERO_DAY, YEAR_DAY_ZERO, YEAR_DAY_UNDER, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
    LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ, ISO_HMS_COLON, ISO_HMS, ISO_HM_COLON, ISO_HM, ISO_H,
    NUM_HMS_COLON, NUM_HMS, NUM_HM_COLON, NUM_HM, NUM_H, FRAC0, FRAC9
  }

  private record Chunk(Std std, String text, int digits) {}

  private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"};
  private static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday"};

  /** Common abbreviations for when the location does not define the one a timestamp gives. */
  private static final Map<String, Integer> ZONE_ABBREVIATIONS = new HashMap<>();

  static {
    Object[][] z = {{"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"UT", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6},
        {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}, {"AKST", -9}, {"AKDT", -8},
        {"HST", -10}, {"WET", 0}, {"WEST", 1}, {"BST", 1}, {"CET", 1}, {"CEST", 2}, {"EET", 2}, {"EEST", 3},
        {"MSK", 3}, {"IST", 5}, {"JST", 9}, {"KST", 9}, {"AEST", 10}, {"AEDT", 11}, {"NZST", 12},
        {"NZDT", 13}};
    for (Object[] e : z) {
      ZONE_ABBREVIATIONS.put((String) e[0], ((Integer) e[1]) * 3600);
    }
    // IST is India's in Go's database use; half hours:
    ZONE_ABBREVIATIONS.put("IST", 5 * 3600 + 1800);
  }

  private final String layout;
  private final List<Chunk> chunks;
  private final boolean hasYear;

  private GoTimeLayout(String layout, List<Chunk> chunks) {
    this.layout = layout;
    this.chunks = chunks;
    boolean year = false;
    for (Chunk c : chunks) {
      year |= c.std == Std.LONG_YEAR || c.std == Std.YEAR;
    }
    this.hasYear = year;
  }

  boolean hasYear() {
    return hasYear;
  }

  static GoTimeLayout compile(String layout) {
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      Chunk c = stdAt(layout, i);
      if (c == null) {
        lit.append(layout.charAt(i));
        i++;
        continue;
      }
      if (lit.length() > 0) {
        chunks.add(new Chunk(Std.LITERAL, lit.toString(), 0));
        lit.setLength(0);
      }
      chunks.add(c);
      i += c.text.length();
    }
    if (lit.length() > 0) {
      chunks.add(new Chunk(Std.LITERAL, lit.toString(), 0));
    }
    return new GoTimeLayout(layout, chunks);
  }

  private static Chunk stdAt(String l, int i) {
    String[][] table = {
        {"January", "LONG_MONTH"}, {"Jan", "MONTH"}, {"Monday", "LONG_WEEKDAY"}, {"Mon", "WEEKDAY"},
        {"MST", "TZ"}, {"002", "YEAR_DAY_ZERO"}, {"01", "ZERO_MONTH"}, {"02", "ZERO_DAY"}, {"03", "ZERO_HOUR12"},
        {"04", "ZERO_MINUTE"}, {"05", "ZERO_SECOND"}, {"06", "YEAR"}, {"15", "HOUR"}, {"1", "NUM_MONTH"},
        {"2006", "LONG_YEAR"}, {"2", "DAY"}, {"__2", "YEAR_DAY_UNDER"}, {"_2", "UNDER_DAY"}, {"_1", "UNDER_MONTH"},
        {"3", "HOUR12"}, {"4", "MINUTE"}, {"5", "SECOND"}, {"PM", "PM_UPPER"}, {"pm", "PM_LOWER"},
        {"-07:00:00", "NUM_HMS_COLON"}, {"-070000", "NUM_HMS"}, {"-07:00", "NUM_HM_COLON"}, {"-0700", "NUM_HM"},
        {"-07", "NUM_H"}, {"Z07:00:00", "ISO_HMS_COLON"}, {"Z070000", "ISO_HMS"}, {"Z07:00", "ISO_HM_COLON"},
        {"Z0700", "ISO_HM"}, {"Z07", "ISO_H"}};
    char c = l.charAt(i);
    if ((c == '.' || c == ',') && i + 1 < l.length() && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
      char d = l.charAt(i + 1);
      int j = i + 1;
      while (j < l.length() && l.charAt(j) == d) {
        j++;
      }
      if (j >= l.length() || !Character.isDigit(l.charAt(j))) {
        return new Chunk(d == '0' ? Std.FRAC0 : Std.FRAC9, l.substring(i, j), j - i - 1);
      }
      return null;
    }
    for (String[] t : table) {
      if (l.startsWith(t[0], i)) {
        // "Mon" must not be the start of a lower-case word ("Month"), as in Go
        if ((t[0].equals("Mon") || t[0].equals("Jan")) && i + 3 < l.length()
            && Character.isLowerCase(l.charAt(i + 3)) && !l.startsWith("Monday", i) && !l.startsWith("January", i)) {
          return null;
        }
        if (t[0].equals("_2") && l.startsWith("_2006", i)) {
          return null; // Go reads "_2006" as '_' then the year
        }
        return new Chunk(Std.valueOf(t[1]), t[0], 0);
      }
    }
    return null;
  }

  /**
   * Converts a strptime layout with stanza's directives.
   *
   * @throws IllegalArgumentException for digits in the layout or an unsupported directive
   */
  static String fromStrptime(String format) {
    for (int i = 0; i < format.length(); i++) {
      if (Character.isDigit(format.charAt(i))) {
        throw new IllegalArgumentException("format string should not contain decimals");
      }
    }
    StringBuilder sb = new StringBuilder();
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        sb.append(c);
        continue;
      }
      char d = format.charAt(++i);
      String s = switch (d) {
        case 'Y' -> "2006";
        case 'y' -> "06";
        case 'm' -> "01";
        case 'o' -> "_1";
        case 'q' -> "1";
        case 'b', 'h' -> "Jan";
        case 'B' -> "January";
        case 'd' -> "02";
        case 'e' -> "_2";
        case 'g' -> "2";
        case 'a' -> "Mon";
        case 'A' -> "Monday";
        case 'H' -> "15";
        case 'l' -> "3";
        case 'I' -> "03";
        case 'p' -> "PM";
        case 'P' -> "pm";
        case 'M' -> "04";
        case 'S' -> "05";
        case 'L' -> "999";
        case 'f' -> "999999";
        case 's' -> "99999999";
        case 'Z' -> "MST";
        case 'z' -> "-0700";
        case 'w' -> "-070000";
        case 'i' -> "-07";
        case 'j' -> "-07:00";
        case 'k' -> "-07:00:00";
        case 'D', 'x' -> "01/02/2006";
        case 'F' -> "2006-01-02";
        case 'T', 'X' -> "15:04:05";
        case 'r' -> "03:04:05 pm";
        case 'R' -> "15:04";
        case 'n' -> "\n";
        case 't' -> "\t";
        case '%' -> "%";
        case 'c' -> "Mon Jan 02 15:04:05 2006";
        default -> null;
      };
      if (s == null) {
        bad.add("%" + d);
      } else {
        sb.append(s);
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("unsupported strptime directive(s): " + String.join(", ", bad));
    }
    return sb.toString();
  }

  /**
   * Parses a timestamp; a time without a zone is read in {@code location}.
   *
   * @return the time; with no year in the layout, in year 0. Safe for several threads at once.
   */
  ZonedDateTime parse(String value, ZoneId location) {
    return parse(value, location, Map.of());
  }

  /** As {@link #parse(String, ZoneId)}; a zone abbreviation in {@code zoneLocations} is read as that zone. */
  ZonedDateTime parse(String value, ZoneId location, Map<String, ZoneId> zoneLocations) {
    String[] zoneName = new String[1];
    int[] f = parseFields(value, zoneName);
    // f: year, month, day, hour, minute, second, nanos, offsetSeconds (or MIN), zone-abbrev index
    try {
      LocalDateTime ldt = LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
      ZoneId zone = location;
      if (f[7] != Integer.MIN_VALUE) {
        zone = ZoneOffset.ofTotalSeconds(f[7]);
      } else if (zoneName[0] != null && zoneLocations.containsKey(zoneName[0])) {
        ZoneId mapped = zoneLocations.get(zoneName[0]);
        ZoneId named = offsetNamed(zoneName[0], mapped);
        zone = named != null ? named : mapped;
      } else if (zoneName[0] != null) {
        zone = zoneFor(zoneName[0], location, ldt);
      }
      return ZonedDateTime.of(ldt, zone);
    } catch (DateTimeException e) {
      throw new OperatorException("parsing time \"" + value + "\" as \"" + layout + "\": " + e.getMessage());
    }
  }

  private static ZoneId zoneFor(String abbrev, ZoneId location, LocalDateTime ldt) {
    if (abbrev.equals("UTC") || abbrev.equals("GMT") || abbrev.equals("Z")) {
      return ZoneOffset.UTC;
    }
    ZoneId named = offsetNamed(abbrev, location);
    if (named != null) {
      return named;
    }
    Integer known = ZONE_ABBREVIATIONS.get(abbrev);
    if (known != null) {
      return ZoneOffset.ofTotalSeconds(known);
    }
    if (abbrev.startsWith("GMT") && abbrev.length() > 3) {
      return ZoneOffset.ofHours(Integer.parseInt(abbrev.substring(3)));
    }
    return ZoneOffset.UTC; // Go: an unknown abbreviation is a zone with offset 0
  }

  /** The offset {@code zone} has under the abbreviation (standard or daylight time), or null. */
  private static ZoneId offsetNamed(String abbrev, ZoneId zone) {
    java.util.TimeZone tz = java.util.TimeZone.getTimeZone(zone);
    if (abbrev.equals(tz.getDisplayName(false, java.util.TimeZone.SHORT, Locale.US))) {
      return ZoneOffset.ofTotalSeconds(tz.getRawOffset() / 1000);
    }
    if (abbrev.equals(tz.getDisplayName(true, java.util.TimeZone.SHORT, Locale.US))) {
      return ZoneOffset.ofTotalSeconds((tz.getRawOffset() + tz.getDSTSavings()) / 1000);
    }
    return null;
  }

  private OperatorException mismatch(String value, String rest, String elem) {
    return new OperatorException("parsing time \"" + value + "\" as \"" + layout + "\": cannot parse \"" + rest
        + "\" as \"" + elem + "\"");
  }

  /** Reads the fields of {@code value}; a zone abbreviation goes to {@code zoneName[0]}. */
  private int[] parseFields(String value, String[] zoneName) {
    int year = 0;
    int month = 1;
    int day = 1;
    int yday = -1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nanos = 0;
    int offset = Integer.MIN_VALUE;
    int pm = 0; // 1 am, 2 pm
    int p = 0;
    int n = value.length();
    for (int ci = 0; ci < chunks.size(); ci++) {
      Chunk c = chunks.get(ci);
      String rest = value.substring(p);
      switch (c.std) {
        case LITERAL -> {
          if (!value.startsWith(c.text, p)) {
            throw mismatch(value, rest, c.text);
          }
          p += c.text.length();
        }
        case LONG_MONTH, MONTH -> {
          int found = -1;
          for (int m = 0; m < 12; m++) {
            String name = c.std == Std.LONG_MONTH ? LONG_MONTHS[m] : LONG_MONTHS[m].substring(0, 3);
            if (value.regionMatches(true, p, name, 0, name.length())) {
              found = m;
              p += name.length();
              break;
            }
          }
          if (found < 0) {
            throw mismatch(value, rest, c.text);
          }
          month = found + 1;
        }
        case LONG_WEEKDAY, WEEKDAY -> {
          boolean ok = false;
          for (String d : LONG_DAYS) {
            String name = c.std == Std.LONG_WEEKDAY ? d : d.substring(0, 3);
            if (value.regionMatches(true, p, name, 0, name.length())) {
              p += name.length();
              ok = true;
              break;
            }
          }
          if (!ok) {
            throw mismatch(value, rest, c.text);
          }
        }
        case NUM_MONTH, ZERO_MONTH, UNDER_MONTH -> {
          if (c.std == Std.UNDER_MONTH && p < n && value.charAt(p) == ' ') {
            p++;
          }
          int[] r = number(value, p, c.std == Std.ZERO_MONTH ? 2 : 0, 2, c);
          month = r[0];
          p = r[1];
          if (month < 1 || month > 12) {
            throw new OperatorException("parsing time \"" + value + "\": month out of range");
          }
        }
        case DAY, UNDER_DAY, ZERO_DAY -> {
          if (c.std == Std.UNDER_DAY && p < n && value.charAt(p) == ' ') {
            p++;
          }
          int[] r = number(value, p, c.std == Std.ZERO_DAY ? 2 : 0, 2, c);
          day = r[0];
          p = r[1];
          if (day < 1 || day > 31) {
            throw new OperatorException("parsing time \"" + value + "\": day out of range");
          }
        }
        case YEAR_DAY_ZERO, YEAR_DAY_UNDER -> {
          if (c.std == Std.YEAR_DAY_UNDER) {
            while (p < n && value.charAt(p) == ' ') {
              p++;
            }
          }
          int[] r = number(value, p, c.std == Std.YEAR_DAY_ZERO ? 3 : 0, 3, c);
          yday = r[0];
          p = r[1];
        }
        case HOUR -> {
          int[] r = number(value, p, 0, 2, c);
          hour = r[0];
          p = r[1];
          if (hour > 23) {
            throw new OperatorException("parsing time \"" + value + "\": hour out of range");
          }
        }
        case HOUR12, ZERO_HOUR12 -> {
          int[] r = number(value, p, c.std == Std.ZERO_HOUR12 ? 2 : 0, 2, c);
          hour = r[0];
          p = r[1];
          if (hour > 12) {
            throw new OperatorException("parsing time \"" + value + "\": hour out of range");
          }
        }
        case MINUTE, ZERO_MINUTE -> {
          int[] r = number(value, p, c.std == Std.ZERO_MINUTE ? 2 : 0, 2, c);
          minute = r[0];
          p = r[1];
          if (minute > 59) {
            throw new OperatorException("parsing time \"" + value + "\": minute out of range");
          }
        }
        case SECOND, ZERO_SECOND -> {
          int[] r = number(value, p, c.std == Std.ZERO_SECOND ? 2 : 0, 2, c);
          second = r[0];
          p = r[1];
          if (second > 59) {
            throw new OperatorException("parsing time \"" + value + "\": second out of range");
          }
          boolean layoutHasFraction = ci + 1 < chunks.size()
              && (chunks.get(ci + 1).std == Std.FRAC0 || chunks.get(ci + 1).std == Std.FRAC9);
          if (!layoutHasFraction && p + 1 < n && (value.charAt(p) == '.' || value.charAt(p) == ',')
              && Character.isDigit(value.charAt(p + 1))) {
            int q = p + 1;
            while (q < n && Character.isDigit(value.charAt(q))) {
              q++;
            }
            nanos = fraction(value.substring(p + 1, q));
            p = q;
          }
        }
        case LONG_YEAR -> {
          if (n - p < 4 || !allDigits(value, p, 4)) {
            throw mismatch(value, rest, c.text);
          }
          year = Integer.parseInt(value.substring(p, p + 4));
          p += 4;
        }
        case YEAR -> {
          if (n - p < 2 || !allDigits(value, p, 2)) {
            throw mismatch(value, rest, c.text);
          }
          year = Integer.parseInt(value.substring(p, p + 2));
          year += year >= 69 ? 1900 : 2000;
          p += 2;
        }
        case PM_UPPER, PM_LOWER -> {
          if (n - p < 2) {
            throw mismatch(value, rest, c.text);
          }
          String s = value.substring(p, p + 2);
          String am = c.std == Std.PM_UPPER ? "AM" : "am";
          String pmText = c.std == Std.PM_UPPER ? "PM" : "pm";
          if (s.equals(pmText)) {
            pm = 2;
          } else if (s.equals(am)) {
            pm = 1;
          } else {
            throw mismatch(value, rest, c.text);
          }
          p += 2;
        }
        case ISO_HMS_COLON, ISO_HMS, ISO_HM_COLON, ISO_HM, ISO_H, NUM_HMS_COLON, NUM_HMS, NUM_HM_COLON, NUM_HM,
            NUM_H -> {
          if (c.std.name().startsWith("ISO") && p < n && value.charAt(p) == 'Z') {
            p++;
            offset = 0;
            break;
          }
          boolean colon = c.std.name().endsWith("COLON");
          int parts = c.std.name().contains("HMS") ? 3 : c.std.name().contains("HM") ? 2 : 1;
          if (p >= n || (value.charAt(p) != '+' && value.charAt(p) != '-')) {
            throw mismatch(value, rest, c.text);
          }
          int sign = value.charAt(p) == '-' ? -1 : 1;
          int q = p + 1;
          int total = 0;
          for (int part = 0; part < parts; part++) {
            if (part > 0 && colon) {
              if (q >= n || value.charAt(q) != ':') {
                throw mismatch(value, rest, c.text);
              }
              q++;
            }
            if (!allDigits(value, q, 2)) {
              throw mismatch(value, rest, c.text);
            }
            int v = Integer.parseInt(value.substring(q, q + 2));
            total += v * (part == 0 ? 3600 : part == 1 ? 60 : 1);
            q += 2;
          }
          offset = sign * total;
          p = q;
        }
        case TZ -> {
          if (n - p >= 3 && value.startsWith("UTC", p)) {
            zoneName[0] = "UTC";
            p += 3;
            break;
          }
          int q = p;
          while (q < n && Character.isUpperCase(value.charAt(q))) {
            q++;
          }
          if (q - p < 3 && !(q - p == 1 && value.charAt(p) == 'Z')) {
            throw mismatch(value, rest, c.text);
          }
          String name = value.substring(p, q);
          if (name.equals("GMT") && q < n && (value.charAt(q) == '+' || value.charAt(q) == '-')) {
            int r = q + 1;
            while (r < n && Character.isDigit(value.charAt(r))) {
              r++;
            }
            name = value.substring(p, r);
            q = r;
          }
          zoneName[0] = name;
          p = q;
        }
        case FRAC0 -> {
          int need = 1 + c.digits;
          if (n - p < need || (value.charAt(p) != '.' && value.charAt(p) != ',') || !allDigits(value, p + 1, c.digits)) {
            throw mismatch(value, rest, c.text);
          }
          nanos = fraction(value.substring(p + 1, p + need));
          p += need;
        }
        case FRAC9 -> {
          if (n - p < 2 || (value.charAt(p) != '.' && value.charAt(p) != ',') || !Character.isDigit(value.charAt(p + 1))) {
            break;
          }
          int q = p + 1;
          while (q < n && q - p - 1 < 9 && Character.isDigit(value.charAt(q))) {
            q++;
          }
          nanos = fraction(value.substring(p + 1, q));
          p = q;
        }
        default -> throw new IllegalStateException(c.std.name());
      }
    }
    if (p < n) {
      throw new OperatorException("parsing time \"" + value + "\": extra text: \"" + value.substring(p) + "\"");
    }
    if (pm == 2 && hour < 12) {
      hour += 12;
    } else if (pm == 1 && hour == 12) {
      hour = 0;
    }
    if (yday >= 0) {
      java.time.LocalDate d = java.time.LocalDate.ofYearDay(Math.max(year, 1), yday);
      month = d.getMonthValue();
      day = d.getDayOfMonth();
    }
    return new int[] {year, month, day, hour, minute, second, nanos, offset};
  }

  private static boolean allDigits(String s, int from, int count) {
    if (from + count > s.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Reads a number at {@code p}: exactly {@code fixed} digits, or (fixed 0) 1 to {@code max} digits. */
  private int[] number(String value, int p, int fixed, int max, Chunk c) {
    int n = value.length();
    if (fixed > 0) {
      if (!allDigits(value, p, fixed)) {
        throw mismatch(value, value.substring(Math.min(p, n)), c.text);
      }
      return new int[] {Integer.parseInt(value.substring(p, p + fixed)), p + fixed};
    }
    int q = p;
    while (q < n && q - p < max && Character.isDigit(value.charAt(q))) {
      q++;
    }
    if (q == p) {
      throw mismatch(value, value.substring(Math.min(p, n)), c.text);
    }
    return new int[] {Integer.parseInt(value.substring(p, q)), q};
  }

  private static int fraction(String digits) {
    String d = digits.length() > 9 ? digits.substring(0, 9) : digits;
    int v = Integer.parseInt(d);
    for (int i = d.length(); i < 9; i++) {
      v *= 10;
    }
    return v;
  }

  @Override
  public String toString() {
    return layout;
  }

  static String shortZoneName(ZoneId zone) {
    return zone.getDisplayName(TextStyle.SHORT, Locale.US);
  }
}
