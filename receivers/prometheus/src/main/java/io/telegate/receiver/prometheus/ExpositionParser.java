package io.telegate.receiver.prometheus;

import io.telegate.receiver.prometheus.MetricFamily.Exemplar;
import io.telegate.receiver.prometheus.MetricFamily.Sample;
import io.telegate.receiver.prometheus.MetricFamily.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text format 0.0.4 and OpenMetrics 1.0 text into metric families: {@code #
 * HELP}, {@code # TYPE}, {@code # UNIT} (OpenMetrics), samples with labels, values ({@code NaN},
 * {@code +Inf}, {@code -Inf}) and timestamps (ms in the text format, seconds in OpenMetrics), OpenMetrics
 * exemplars and the closing {@code # EOF}, which OpenMetrics requires.
 *
 * <p>Samples go to the family whose metadata names them, directly or with the type's suffix
 * ({@code _bucket}, {@code _total}, ...); a sample that no metadata names is a family of its own, of
 * type unknown. A malformed line fails the whole exposition, as in Prometheus.
 */
public final class ExpositionParser {

  private final String text;
  private final boolean openMetrics;
  private final Map<String, MetricFamily> families = new LinkedHashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private int pos;
  private int line = 1;

  private ExpositionParser(String text, boolean openMetrics) {
    this.text = text;
    this.openMetrics = openMetrics;
  }

  /**
   * Parses one exposition.
   *
   * @param openMetrics OpenMetrics 1.0 rules (else the text format 0.0.4)
   * @throws ExpositionException naming the line and what is wrong
   */
  public static List<MetricFamily> parse(byte[] body, boolean openMetrics) {
    return parse(new String(body, StandardCharsets.UTF_8), openMetrics);
  }

  public static List<MetricFamily> parse(String text, boolean openMetrics) {
    ExpositionParser p = new ExpositionParser(text, openMetrics);
    p.run();
    return new ArrayList<>(p.families.values());
  }

  /** True for a {@code Content-Type} of OpenMetrics text. */
  public static boolean isOpenMetrics(String contentType) {
    return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/openmetrics-text");
  }

  private void run() {
    boolean eof = false;
    int n = text.length();
    while (pos < n) {
      if (eof) {
        throw error("content after # EOF");
      }
      char c = text.charAt(pos);
      if (c == '\n') {
        if (openMetrics) {
          throw error("empty line");
        }
        pos++;
        line++;
        continue;
      }
      if (c == '#') {
        eof = comment();
      } else if (!openMetrics && (c == ' ' || c == '\t')) {
        skipBlanks();
        if (pos < n && text.charAt(pos) != '\n') {
          sample();
        }
      } else {
        sample();
      }
      endLine();
    }
    if (openMetrics && !eof) {
      throw error("missing # EOF at the end of an OpenMetrics exposition");
    }
  }

  /** A comment line; true for {@code # EOF}. */
  private boolean comment() {
    pos++;
    if (!peek(' ')) {
      if (openMetrics) {
        throw error("expected a space after #");
      }
      skipToEol();
      return false;
    }
    pos++;
    String word = token();
    if (word.equals("EOF") && openMetrics) {
      return true;
    }
    boolean help = word.equals("HELP");
    boolean type = word.equals("TYPE");
    boolean unit = word.equals("UNIT") && openMetrics;
    if (!help && !type && !unit) {
      if (openMetrics) {
        throw error("unknown comment '# " + word + "'");
      }
      skipToEol();
      return false;
    }
    expect(' ');
    String name = metricName();
    String rest = "";
    if (peek(' ')) {
      pos++;
      rest = help ? helpText() : restOfLine();
    } else if (!help && !atEol()) {
      throw error("expected a space after the metric name");
    }
    MetricFamily f = families.get(name);
    if (type) {
      Type t = MetricFamily.Type.parse(rest.strip());
      if (t == null || (!openMetrics && (t == Type.GAUGEHISTOGRAM || t == Type.INFO || t == Type.STATESET))) {
        throw error("invalid metric type '" + rest.strip() + "'");
      }
      if (f == null) {
        families.put(name, new MetricFamily(name, t));
      } else if (!f.samples().isEmpty()) {
        throw error("TYPE for " + name + " after its samples");
      } else {
        f.type(t);
      }
      return false;
    }
    if (f == null) {
      f = new MetricFamily(name, Type.UNKNOWN);
      families.put(name, f);
    }
    if (help) {
      f.help(rest);
    } else {
      f.unit(rest.strip());
    }
    return false;
  }

  private void sample() {
    String name = metricName();
    List<String> labels = new ArrayList<>(8);
    if (peek('{')) {
      pos++;
      labels(labels, '}');
    }
    blank();
    double value = number(valueToken());
    long ts = Sample.NO_TIMESTAMP;
    Exemplar exemplar = null;
    if (!atEol() && isBlank(text.charAt(pos))) {
      blank();
      if (!atEol() && text.charAt(pos) != '#') {
        String t = valueToken();
        ts = openMetrics ? secondsToMillis(t) : millis(t);
        if (!atEol() && isBlank(text.charAt(pos))) {
          blank();
        }
      }
      if (!atEol() && text.charAt(pos) == '#') {
        if (!openMetrics) {
          skipToEol();
        } else {
          exemplar = exemplar();
        }
      }
    }
    if (!openMetrics) {
      while (!atEol() && isBlank(text.charAt(pos))) {
        pos++;
      }
    }
    if (!atEol()) {
      throw error("unexpected text after the sample");
    }
    familyFor(name).samples().add(new Sample(name, labels.toArray(new String[0]), value, ts, exemplar));
  }

  private Exemplar exemplar() {
    pos++;
    expect(' ');
    expect('{');
    List<String> labels = new ArrayList<>(4);
    labels(labels, '}');
    expect(' ');
    double value = number(valueToken());
    long ts = Sample.NO_TIMESTAMP;
    if (peek(' ')) {
      pos++;
      ts = secondsToMillis(valueToken());
    }
    return new Exemplar(labels.toArray(new String[0]), value, ts);
  }

  private MetricFamily familyFor(String sampleName) {
    MetricFamily f = families.get(sampleName);
    if (f != null && (f.type() != Type.COUNTER || !openMetrics)) {
      return f;
    }
    int u = sampleName.lastIndexOf('_');
    if (u > 0) {
      MetricFamily base = families.get(sampleName.substring(0, u));
      if (base != null && base.type().hasSuffix(sampleName.substring(u))) {
        return base;
      }
    }
    if (f != null) {
      return f;
    }
    f = new MetricFamily(sampleName, Type.UNKNOWN);
    families.put(sampleName, f);
    return f;
  }

  private void labels(List<String> out, char close) {
    skipOptionalBlanks();
    if (peek(close)) {
      pos++;
      return;
    }
    while (true) {
      skipOptionalBlanks();
      String name = labelName();
      skipOptionalBlanks();
      expect('=');
      skipOptionalBlanks();
      expect('"');
      out.add(name);
      out.add(quoted());
      skipOptionalBlanks();
      if (peek(',')) {
        pos++;
        skipOptionalBlanks();
        if (peek(close)) {
          pos++;
          return;
        }
        continue;
      }
      expect(close);
      return;
    }
  }

  private String quoted() {
    StringBuilder sb = null;
    int start = pos;
    int n = text.length();
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == '"') {
        String v = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
        pos++;
        return v;
      }
      if (c == '\n') {
        break;
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, start, pos);
        if (pos + 1 >= n) {
          break;
        }
        char e = text.charAt(pos + 1);
        switch (e) {
          case '\\' -> sb.append('\\');
          case '"' -> sb.append('"');
          case 'n' -> sb.append('\n');
          default -> throw error("invalid escape sequence '\\" + e + "' in a label value");
        }
        pos += 2;
        start = pos;
        continue;
      }
      pos++;
    }
    throw error("unterminated label value");
  }

  private String helpText() {
    StringBuilder sb = new StringBuilder();
    int n = text.length();
    while (pos < n && text.charAt(pos) != '\n') {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < n) {
        char e = text.charAt(pos + 1);
        if (e == '\\' || e == 'n' || (e == '"' && openMetrics)) {
          sb.append(e == 'n' ? '\n' : e);
          pos += 2;
          continue;
        }
      }
      sb.append(c);
      pos++;
    }
    return sb.toString();
  }

  private String metricName() {
    return name(true, "expected a metric name");
  }

  private String labelName() {
    return name(false, "expected a label name");
  }

  /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or a label name (the same without colons). */
  private String name(boolean colons, String expected) {
    int start = pos;
    int n = text.length();
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == '_' || (colons && c == ':') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (pos > start && c >= '0' && c <= '9')) {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      throw error(expected);
    }
    return intern(text.substring(start, pos));
  }

  // Names repeat on every line; one copy of each keeps the families small.
  private String intern(String s) {
    String known = names.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private String valueToken() {
    int start = pos;
    int n = text.length();
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n') {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error("expected a value");
    }
    return text.substring(start, pos);
  }

  private double number(String s) {
    switch (s) {
      case "+Inf", "Inf", "+inf", "inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN", "nan" -> {
        return Double.NaN;
      }
      default -> {
        char last = s.charAt(s.length() - 1);
        // Double.parseDouble takes "1f", "1d" and "Infinity"; Go's ParseFloat does not.
        if (!((last >= '0' && last <= '9') || last == '.')) {
          throw error("invalid value '" + s + "'");
        }
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw error("invalid value '" + s + "'");
        }
      }
    }
  }

  private long millis(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error("invalid timestamp '" + s + "'");
    }
  }

  private long secondsToMillis(String s) {
    double d = number(s);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw error("invalid timestamp '" + s + "'");
    }
    return Math.round(d * 1000);
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ' ' && text.charAt(pos) != '\n') {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String restOfLine() {
    int start = pos;
    skipToEol();
    return text.substring(start, pos);
  }

  private void blank() {
    if (atEol() || !isBlank(text.charAt(pos))) {
      throw error("expected a space");
    }
    if (openMetrics) {
      pos++;
      return;
    }
    skipBlanks();
  }

  private void skipBlanks() {
    while (pos < text.length() && isBlank(text.charAt(pos))) {
      pos++;
    }
  }

  private void skipOptionalBlanks() {
    if (!openMetrics) {
      skipBlanks();
    }
  }

  private boolean isBlank(char c) {
    return c == ' ' || (!openMetrics && c == '\t');
  }

  private void skipToEol() {
    while (pos < text.length() && text.charAt(pos) != '\n') {
      pos++;
    }
  }

  private boolean atEol() {
    return pos >= text.length() || text.charAt(pos) == '\n';
  }

  private void endLine() {
    if (pos < text.length()) {
      pos++;
      line++;
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private ExpositionException error(String what) {
    return new ExpositionException("line " + line + ": " + what);
  }

  /** A malformed exposition. */
  public static final class ExpositionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ExpositionException(String message) {
      super(message);
    }
  }
}
