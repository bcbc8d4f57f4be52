package io.telegate.receiver.prometheus;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Go's RE2, as Prometheus's relabeling reads it, run by
 * java.util.regex: anchored at both ends ({@code ^(?s:re)$}: the whole value must match, {@code .}
 * matches a newline too).
 *
 * <p>The syntax both engines share means the same. What differs is translated or refused, so that no
 * expression means something else here than in Prometheus: {@code (?P<name>...)} becomes Java's
 * {@code (?<name>...)}; POSIX classes {@code [[:alpha:]]} become {@code \p{Alpha}}; {@code &&} inside a
 * class is taken literally (Java would intersect); {@code $} and {@code \Z} keep RE2's meaning (end of
 * text, never before a final newline). Java-only syntax, which RE2 rejects, is refused with the reason:
 * look-ahead and look-behind, back-references, atomic groups, possessive quantifiers, {@code \h},
 * {@code \R}, {@code \X} and the like.
 */
public final class Re2Regex {

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s\\x0B"), Map.entry("upper", "\\p{Upper}"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

  private final String source;
  private final Pattern pattern;

  private Re2Regex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * Compiles {@code re2} anchored, as Prometheus does.
   *
   * @throws IllegalArgumentException with what RE2 or Java objects to
   */
  public static Re2Regex compile(String re2) {
    String java = translate(re2);
    try {
      return new Re2Regex(re2, Pattern.compile("(?s:" + java + ")"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regex '" + re2 + "': " + e.getDescription());
    }
  }

  /** The expression as written. */
  public String source() {
    return source;
  }

  /** A matcher over the whole of {@code value}; use {@link Matcher#matches()}. */
  public Matcher matcher(CharSequence value) {
    return pattern.matcher(value);
  }

  /** True when the whole of {@code value} matches. */
  public boolean matches(CharSequence value) {
    return pattern.matcher(value).matches();
  }

  /** RE2 syntax to java.util.regex syntax with the same meaning, or an error for what RE2 refuses. */
  static String translate(String re) {
    StringBuilder out = new StringBuilder(re.length() + 8);
    boolean inClass = false;
    int n = re.length();
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= n) {
          throw refuse(re, "trailing backslash");
        }
        char e = re.charAt(i + 1);
        if (e >= '1' && e <= '9') {
          throw refuse(re, "back-references (\\" + e + ") are not RE2 syntax");
        }
        if ("hHRXkKgGZ".indexOf(e) >= 0 && !(e == 'Z' && inClass)) {
          throw refuse(re, "\\" + e + " is Java-only syntax, not RE2");
        }
        if (e == 'v') {
          out.append("\\x0B");
        } else if (e == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          String lit = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
          out.append(Pattern.quote(lit));
          i = end < 0 ? n : end + 1;
          continue;
        } else if (e == 'z') {
          out.append("\\z");
        } else {
          out.append(c).append(e);
        }
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
            if (cls == null) {
              throw refuse(re, "unknown POSIX class [:" + name + ":]");
            }
            if (negated && cls.startsWith("\\p{")) {
              cls = "\\P" + cls.substring(2);
            } else if (negated && cls.equals("\\w")) {
              cls = "\\W";
            } else if (negated) {
              throw refuse(re, "negated POSIX class [:" + name + ":] is not supported by Telegate");
            }
            out.append(cls);
            i = end + 1;
            continue;
          }
        }
        if (c == '[') {
          out.append("\\[");
        } else if (c == '&' && i + 1 < n && re.charAt(i + 1) == '&') {
          out.append("\\&\\&");
          i++;
        } else if (c == ']') {
          inClass = false;
          out.append(c);
        } else {
          out.append(c);
        }
        continue;
      }
      switch (c) {
        case '[' -> {
          inClass = true;
          out.append(c);
          int j = i + 1;
          if (j < n && re.charAt(j) == '^') {
            out.append('^');
            j++;
          }
          // A ']' first in a class is a literal in both; Java needs it escaped.
          if (j < n && re.charAt(j) == ']') {
            out.append("\\]");
            j++;
          }
          i = j - 1;
        }
        case '(' -> {
          if (i + 1 < n && re.charAt(i + 1) == '?') {
            String rest = re.substring(i + 2);
            if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=") || rest.startsWith("<!")) {
              throw refuse(re, "look-ahead and look-behind are not RE2 syntax");
            }
            if (rest.startsWith(">")) {
              throw refuse(re, "atomic groups (?>...) are not RE2 syntax");
            }
            if (rest.startsWith("P<") || rest.startsWith("<")) {
              int start = i + 2 + (rest.startsWith("P<") ? 2 : 1);
              int end = re.indexOf('>', start);
              if (end < 0) {
                throw refuse(re, "unclosed group name");
              }
              String name = re.substring(start, end);
              if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw refuse(re, "group name '" + name + "': Telegate's regex engine takes only letters and digits "
                    + "(starting with a letter) in group names");
              }
              out.append("(?<").append(name).append('>');
              i = end;
              continue;
            }
          }
          out.append(c);
        }
        case '$' -> out.append("\\z");
        case '+', '*', '?', '}' -> {
          out.append(c);
          if (i + 1 < n && re.charAt(i + 1) == '+') {
            throw refuse(re, "possessive quantifiers (" + c + "+) are not RE2 syntax");
          }
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static IllegalArgumentException refuse(String re, String why) {
    return new IllegalArgumentException("invalid regex '" + re + "': " + why);
  }

  @Override
  public String toString() {
    return source;
  }
}
