package io.telegate.translator.stanza;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Go (RE2), as stanza configs hold them, compiled for Java:
 * named groups {@code (?P<name>...)} (whose names may hold {@code _}, which Java's may not) and
 * POSIX classes such as {@code [[:alpha:]]}.
 */
final class GoRegex {

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
      Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("xdigit", "\\p{XDigit}"), Map.entry("word", "\\w"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("print", "\\p{Print}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("ascii", "\\p{ASCII}"));

  private final Pattern pattern;
  private final List<String> names;

  private GoRegex(Pattern pattern, List<String> names) {
    this.pattern = pattern;
    this.names = names;
  }

  Pattern pattern() {
    return pattern;
  }

  /** The named groups' names in order; group {@code i} of {@link #names} is Java's group {@code "g" + i}. */
  List<String> names() {
    return names;
  }

  /** The value of each named group that took part in the match, by its Go name. */
  void putGroups(Matcher m, Map<String, Object> out) {
    for (int i = 0; i < names.size(); i++) {
      String v = m.group("g" + i);
      if (v != null) {
        out.put(names.get(i), v);
      }
    }
  }

  /**
   * Translates and compiles.
   *
   * @throws IllegalArgumentException when the expression is invalid
   */
  static GoRegex compile(String re) {
    StringBuilder out = new StringBuilder(re.length() + 16);
    List<String> names = new ArrayList<>();
    int n = re.length();
    boolean inClass = false;
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < n) {
        if (re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          int stop = end < 0 ? n : end + 2;
          out.append(re, i, stop);
          i = stop - 1;
          continue;
        }
        out.append(c).append(re.charAt(i + 1));
        i++;
        continue;
      }
      if (inClass) {
        if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
          int end = re.indexOf(":]", i + 2);
          if (end > 0) {
            String name = re.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String cls = POSIX.get(negated ? name.substring(1) : name);
            if (cls != null) {
              out.append(negated ? negate(cls) : cls);
              i = end + 1;
              continue;
            }
          }
        }
        if (c == '[') {
          out.append("\\[");
          continue;
        }
        if (c == ']') {
          inClass = false;
        }
        out.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        // a ']' right after '[' or '[^' is a literal in RE2
        if (i + 1 < n && re.charAt(i + 1) == '^') {
          out.append('^');
          i++;
        }
        if (i + 1 < n && re.charAt(i + 1) == ']') {
          out.append("\\]");
          i++;
        }
        continue;
      }
      if (c == '(' && re.startsWith("(?P<", i) || c == '(' && re.startsWith("(?<", i) && !re.startsWith("(?<=", i)
          && !re.startsWith("(?<!", i)) {
        int start = re.indexOf('<', i) + 1;
        int end = re.indexOf('>', start);
        if (end < 0) {
          throw new IllegalArgumentException("invalid named capture group in '" + re + "'");
        }
        String name = re.substring(start, end);
        if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
          throw new IllegalArgumentException("invalid named capture group '" + name + "' in '" + re + "'");
        }
        if (names.contains(name)) {
          throw new IllegalArgumentException("duplicate capture group name '" + name + "' in '" + re + "'");
        }
        out.append("(?<g").append(names.size()).append('>');
        names.add(name);
        i = end;
        continue;
      }
      out.append(c);
    }
    try {
      return new GoRegex(Pattern.compile(out.toString()), List.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regex '" + re + "': " + e.getDescription());
    }
  }

  private static String negate(String cls) {
    if (cls.startsWith("\\p")) {
      return "\\P" + cls.substring(2);
    }
    return cls.toUpperCase(java.util.Locale.ROOT);
  }
}
