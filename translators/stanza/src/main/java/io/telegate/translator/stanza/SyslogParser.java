package io.telegate.translator.stanza;

import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code syslog_parser}: RFC 3164 (BSD: {@code <PRI>Mmm dd hh:mm:ss host tag[pid]: msg}, the
 * time read in {@code location}, default UTC, and this year) or RFC 5424 (with structured data;
 * {@code enable_octet_counting}, {@code non_transparent_framing_trailer}). The syslog severity
 * becomes the entry's, the time its timestamp; {@code priority}, {@code facility},
 * {@code hostname}, {@code appname}, {@code proc_id}, {@code msg_id}, {@code message} (and for
 * 5424 {@code version}, {@code structured_data}) go to {@code parse_to}.
 * {@code allow_skip_pri_header} accepts lines without {@code <PRI>}.
 */
final class SyslogParser extends ParserOperator {

  private static final int[] SEVERITY = {21, 19, 18, 17, 13, 10, 9, 5};
  private static final String[] SEVERITY_TEXT = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
  private static final Pattern RFC3164 = Pattern.compile(
      "(?s)^(?:([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})|(\\d{4}-\\d{2}-\\d{2}T\\S+)) (\\S+) ?(.*)$");
  private static final Pattern TAG = Pattern.compile("(?s)^([^:\\[\\s]{1,48})(?:\\[([^\\]]*)\\])?: ?(.*)$");
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private final boolean rfc5424;
  private final ZoneId location;
  private final boolean octetCounting;
  private final boolean allowSkipPri;
  private final String trailer;
  private final Clock clock;

  private SyslogParser(Common common, Keys keys, boolean rfc5424, ZoneId location, boolean octetCounting,
      boolean allowSkipPri, String trailer, Clock clock) {
    super(common, keys);
    this.rfc5424 = rfc5424;
    this.location = location;
    this.octetCounting = octetCounting;
    this.allowSkipPri = allowSkipPri;
    this.trailer = trailer;
    this.clock = clock;
  }

  static Operator build(Common common, OperatorConfig c, Settings s) {
    String protocol = c.string("protocol", null);
    if (protocol == null) {
      c.error("protocol", "required (rfc3164 or rfc5424)");
    } else if (!protocol.equals("rfc3164") && !protocol.equals("rfc5424")) {
      c.error("protocol", "unsupported protocol '" + protocol + "' (expected: rfc3164 or rfc5424)");
    }
    String loc = c.string("location", "UTC");
    ZoneId zone = java.time.ZoneOffset.UTC;
    try {
      zone = loc.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(loc);
    } catch (DateTimeException e) {
      c.error("location", "unknown time zone '" + loc + "'");
    }
    boolean octet = c.bool("enable_octet_counting", false);
    boolean skipPri = c.bool("allow_skip_pri_header", false);
    String trailer = c.string("non_transparent_framing_trailer", null);
    if (trailer != null && !trailer.equals("LF") && !trailer.equals("NUL")) {
      c.error("non_transparent_framing_trailer", "invalid value '" + trailer + "' (expected: LF or NUL)");
    }
    if ("rfc3164".equals(protocol) && (octet || trailer != null)) {
      c.error(octet ? "enable_octet_counting" : "non_transparent_framing_trailer", "only valid with protocol rfc5424");
    }
    if (octet && trailer != null) {
      c.error("non_transparent_framing_trailer", "octet counting and non-transparent framing cannot both be set");
    }
    Keys keys = Keys.read(c, s.clock());
    return new SyslogParser(common, keys, "rfc5424".equals(protocol), zone, octet, skipPri, trailer, s.clock());
  }

  @Override
  Object parse(Object value) {
    throw new IllegalStateException("the syslog parser parses with the entry");
  }

  @Override
  Object parse(Entry e, Object value) {
    String s = asString(value, "syslog");
    if (octetCounting) {
      int sp = s.indexOf(' ');
      if (sp <= 0 || !s.substring(0, sp).chars().allMatch(Character::isDigit)) {
        throw new OperatorException("expecting a MSGLEN (octet counting)");
      }
      s = s.substring(sp + 1);
    } else if (trailer != null) {
      String t = trailer.equals("LF") ? "\n" : "\0";
      if (s.endsWith(t)) {
        s = s.substring(0, s.length() - 1);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    int pri = -1;
    if (s.startsWith("<")) {
      int end = s.indexOf('>');
      if (end < 2 || end > 4 || !s.substring(1, end).chars().allMatch(Character::isDigit)) {
        throw new OperatorException("expecting a priority value within angle brackets");
      }
      pri = Integer.parseInt(s.substring(1, end));
      if (pri > 191) {
        throw new OperatorException("expecting a priority value in the range 0-191");
      }
      s = s.substring(end + 1);
    } else if (!allowSkipPri) {
      throw new OperatorException("expecting a priority value within angle brackets");
    }
    long timestamp = rfc5424 ? parse5424(s, out) : parse3164(s, out);
    if (pri >= 0) {
      out.put("priority", (long) pri);
      out.put("facility", (long) (pri / 8));
      e.severityNumber = SEVERITY[pri % 8];
      e.severityText = SEVERITY_TEXT[pri % 8];
    }
    if (timestamp != Long.MIN_VALUE) {
      e.timestampNanos = timestamp;
    }
    return out;
  }

  private long parse3164(String s, Map<String, Object> out) {
    Matcher m = RFC3164.matcher(s);
    if (!m.matches()) {
      throw new OperatorException("parsing time: expecting a Stamp (Mmm dd hh:mm:ss) or RFC3339 timestamp");
    }
    long ts;
    try {
      if (m.group(1) != null) {
        int month = MONTHS.indexOf(m.group(1)) / 3 + 1;
        if (MONTHS.indexOf(m.group(1)) < 0 || MONTHS.indexOf(m.group(1)) % 3 != 0) {
          throw new OperatorException("expecting a month name");
        }
        ZonedDateTime t = ZonedDateTime.of(LocalDateTime.of(2000, month, Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))), location);
        t = TimeParser.withCurrentYear(t, clock);
        ts = t.toEpochSecond() * 1_000_000_000L + t.getNano();
      } else {
        OffsetDateTime t = OffsetDateTime.parse(m.group(6));
        ts = t.toEpochSecond() * 1_000_000_000L + t.getNano();
      }
    } catch (DateTimeException ex) {
      throw new OperatorException("parsing time: " + ex.getMessage());
    }
    out.put("hostname", m.group(7));
    String rest = m.group(8);
    Matcher tag = TAG.matcher(rest);
    if (tag.matches()) {
      out.put("appname", tag.group(1));
      if (tag.group(2) != null && !tag.group(2).isEmpty()) {
        out.put("proc_id", tag.group(2));
      }
      if (!tag.group(3).isEmpty()) {
        out.put("message", tag.group(3));
      }
    } else if (!rest.isEmpty()) {
      out.put("message", rest);
    }
    return ts;
  }

  private static long parse5424(String s, Map<String, Object> out) {
    int[] at = {0};
    String version = token(s, at, "version");
    if (!version.chars().allMatch(Character::isDigit) || version.isEmpty() || version.length() > 3) {
      throw new OperatorException("expecting a version value in the range 1-999");
    }
    out.put("version", Long.parseLong(version));
    String time = token(s, at, "timestamp");
    long ts = Long.MIN_VALUE;
    if (!time.equals("-")) {
      try {
        OffsetDateTime t = OffsetDateTime.parse(time);
        ts = t.toEpochSecond() * 1_000_000_000L + t.getNano();
      } catch (DateTimeException ex) {
        throw new OperatorException("expecting an RFC3339 timestamp, found '" + time + "'");
      }
    }
    putUnlessNil(out, "hostname", token(s, at, "hostname"));
    putUnlessNil(out, "appname", token(s, at, "appname"));
    putUnlessNil(out, "proc_id", token(s, at, "proc_id"));
    putUnlessNil(out, "msg_id", token(s, at, "msg_id"));
    int i = at[0];
    if (i >= s.length()) {
      throw new OperatorException("expecting structured data");
    }
    if (s.charAt(i) == '-') {
      i++;
    } else if (s.charAt(i) == '[') {
      Map<String, Object> sd = new LinkedHashMap<>();
      while (i < s.length() && s.charAt(i) == '[') {
        i = element(s, i + 1, sd);
      }
      out.put("structured_data", sd);
    } else {
      throw new OperatorException("expecting a structured data element or '-'");
    }
    if (i < s.length()) {
      if (s.charAt(i) != ' ') {
        throw new OperatorException("expecting a space before the message");
      }
      String msg = s.substring(i + 1);
      if (msg.startsWith("\uFEFF")) {
        msg = msg.substring(1);
      }
      if (!msg.isEmpty()) {
        out.put("message", msg);
      }
    }
    return ts;
  }

  private static void putUnlessNil(Map<String, Object> out, String key, String v) {
    if (!v.equals("-")) {
      out.put(key, v);
    }
  }

  private static String token(String s, int[] at, String what) {
    int i = at[0];
    int sp = s.indexOf(' ', i);
    if (sp < 0 || sp == i) {
      throw new OperatorException("expecting " + what + " followed by a space");
    }
    at[0] = sp + 1;
    return s.substring(i, sp);
  }

  /** Reads one {@code [id k="v" ...]} element after its '['; returns the index after its ']'. */
  private static int element(String s, int i, Map<String, Object> sd) {
    int n = s.length();
    int start = i;
    while (i < n && s.charAt(i) != ' ' && s.charAt(i) != ']') {
      i++;
    }
    if (i == start || i >= n) {
      throw new OperatorException("expecting a structured data element id");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    sd.put(s.substring(start, i), params);
    while (i < n && s.charAt(i) == ' ') {
      i++;
      int eq = s.indexOf('=', i);
      if (eq < 0 || eq + 1 >= n || s.charAt(eq + 1) != '"') {
        throw new OperatorException("expecting a structured data parameter (name=\"value\")");
      }
      String name = s.substring(i, eq);
      StringBuilder v = new StringBuilder();
      int j = eq + 2;
      while (true) {
        if (j >= n) {
          throw new OperatorException("unterminated structured data parameter value");
        }
        char c = s.charAt(j);
        if (c == '\\' && j + 1 < n && "\"\\]".indexOf(s.charAt(j + 1)) >= 0) {
          v.append(s.charAt(j + 1));
          j += 2;
        } else if (c == '"') {
          j++;
          break;
        } else {
          v.append(c);
          j++;
        }
      }
      params.put(name, v.toString());
      i = j;
    }
    if (i >= n || s.charAt(i) != ']') {
      throw new OperatorException("expecting ']' closing a structured data element");
    }
    return i + 1;
  }
}
