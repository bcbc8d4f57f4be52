package io.telegate.translator.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP metric and attribute names to Prometheus names, following the OpenTelemetry specification's
 * Prometheus compatibility rules: escaping, UCUM unit suffixes, {@code _total} and {@code _ratio}.
 */
public final class PrometheusNaming {

  /** What kind of OTLP metric a name is built for; suffixes depend on it. */
  public enum Kind {
    GAUGE,
    MONOTONIC_SUM,
    NON_MONOTONIC_SUM,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY
  }

  // UCUM main units to the Prometheus spelling used as a name suffix.
  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
      Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
      Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
      Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
      Map.entry("1", ""), Map.entry("%", "percent"), Map.entry("$", "dollars"));

  // UCUM units after a "/" to the singular used in "_per_<unit>".
  private static final Map<String, String> PER_UNITS = Map.of(
      "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

  private PrometheusNaming() {}

  /** The series name of a metric (before {@code _bucket}/{@code _sum}/{@code _count}). */
  public static String metricName(String name, String unit, Kind kind, String namespace, TranslationStrategy strategy) {
    if (!strategy.escapes()) {
      return unescapedName(name, unit, kind, namespace, strategy.addsSuffixes());
    }
    if (!strategy.addsSuffixes()) {
      String joined = String.join("_", splitName(name, false));
      if (!namespace.isEmpty()) {
        return namespace + "_" + joined;
      }
      return !joined.isEmpty() && Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }
    List<String> tokens = splitName(name, true);
    String[] units = unitSuffixes(unit);
    if (!units[0].isEmpty() && !tokens.contains(units[0])) {
      tokens.add(units[0]);
    }
    if (!units[1].isEmpty() && !tokens.contains(units[1])) {
      tokens.add("per");
      tokens.add(units[1]);
    }
    if (kind == Kind.MONOTONIC_SUM) {
      tokens.remove("total");
      tokens.add("total");
    }
    if (kind == Kind.GAUGE && "1".equals(unit)) {
      tokens.remove("ratio");
      tokens.add("ratio");
    }
    if (!namespace.isEmpty()) {
      tokens.add(0, namespace);
    }
    String joined = String.join("_", tokens);
    return !joined.isEmpty() && Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
  }

  /** UTF-8 names: kept as they are, suffixes appended when missing. */
  private static String unescapedName(String name, String unit, Kind kind, String namespace, boolean suffixes) {
    StringBuilder b = new StringBuilder(namespace.isEmpty() ? name : namespace + "_" + name);
    if (suffixes) {
      String[] units = unitSuffixes(unit);
      if (!units[0].isEmpty() && !b.toString().endsWith("_" + units[0])) {
        b.append('_').append(units[0]);
      }
      if (!units[1].isEmpty() && !b.toString().endsWith("_per_" + units[1])) {
        b.append("_per_").append(units[1]);
      }
      if (kind == Kind.MONOTONIC_SUM && !b.toString().endsWith("_total")) {
        b.append("_total");
      }
      if (kind == Kind.GAUGE && "1".equals(unit) && !b.toString().endsWith("_ratio")) {
        b.append("_ratio");
      }
    }
    return b.toString();
  }

  /**
   * Splits a name at characters not allowed in Prometheus names ({@code [a-zA-Z0-9:_]}); with
   * {@code atUnderscores} also at underscores, which collapses repeated ones.
   */
  private static List<String> splitName(String name, boolean atUnderscores) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= name.length(); i++) {
      boolean separator = i == name.length() || !isNameChar(name.charAt(i)) || (atUnderscores && name.charAt(i) == '_');
      if (separator) {
        if (start >= 0) {
          tokens.add(name.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    return tokens;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
  }

  /** {main suffix, per-unit suffix}, each empty when absent or an annotation like {@code {packets}}. */
  public static String[] unitSuffixes(String unit) {
    String main = "";
    String per = "";
    int slash = unit.indexOf('/');
    String mainUnit = (slash < 0 ? unit : unit.substring(0, slash)).strip();
    if (!mainUnit.isEmpty() && mainUnit.indexOf('{') < 0 && mainUnit.indexOf('}') < 0) {
      main = cleanUnit(UNITS.getOrDefault(mainUnit, mainUnit));
    }
    if (slash >= 0) {
      String perUnit = unit.substring(slash + 1).strip();
      if (!perUnit.isEmpty() && perUnit.indexOf('{') < 0 && perUnit.indexOf('}') < 0) {
        per = cleanUnit(PER_UNITS.getOrDefault(perUnit, perUnit));
      }
    }
    return new String[] {main, per};
  }

  /** Replaces characters other than letters and digits with {@code _}, trimming underscores. */
  private static String cleanUnit(String unit) {
    StringBuilder b = new StringBuilder(unit.length());
    for (int i = 0; i < unit.length(); i++) {
      char c = unit.charAt(i);
      b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
    }
    int from = 0;
    int to = b.length();
    while (from < to && b.charAt(from) == '_') {
      from++;
    }
    while (to > from && b.charAt(to - 1) == '_') {
      to--;
    }
    return b.substring(from, to);
  }

  /**
   * A label name from an attribute key: characters outside {@code [a-zA-Z0-9_]} become {@code _}; a
   * leading digit gets {@code key_}, a single leading underscore {@code key}; {@code __x} is kept.
   */
  public static String labelName(String key, boolean escape) {
    if (!escape || key.isEmpty() || isPlainLabelName(key)) {
      return key;
    }
    StringBuilder b = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    if (Character.isDigit(b.charAt(0))) {
      b.insert(0, "key_");
    } else if (b.charAt(0) == '_' && (b.length() < 2 || b.charAt(1) != '_')) {
      b.insert(0, "key");
    }
    return b.toString();
  }

  /** True if {@link #labelName} would return {@code key} unchanged: the common case, answered without allocating. */
  private static boolean isPlainLabelName(String key) {
    char first = key.charAt(0);
    if (first >= '0' && first <= '9') {
      return false;
    }
    if (first == '_' && (key.length() < 2 || key.charAt(1) != '_')) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
