package io.telegate.core.regex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Go's RE2 (as Collector configs, stanza operators, OTTL and
 * Prometheus relabeling hold them), run by java.util.regex with RE2's meaning.
 *
 * <p>The syntax both engines share means the same. What differs is translated: {@code (?P<name>...)}
 * and {@code (?<name>...)} with any name Go accepts (letters, digits, {@code _}); POSIX classes
 * {@code [[:alpha:]]} and {@code [[:^alpha:]]}; {@code &&} and {@code [} inside a class are literals
 * (Java would intersect or nest); {@code $} is the end of the text unless {@code (?m)} is on (Java
 * also matches before a final newline); {@code .} excludes only {@code \n}; {@code \v} is the vertical
 * tab. What RE2 refuses is refused with the reason, so that no expression means something else here
 * than in the Collector: look-around, back-references, atomic groups, possessive quantifiers, Java-only
 * escapes ({@code \h}, {@code \R}, {@code \X}, {@code \Z}, ...) and flags other than {@code i m s}.
 *
 * <p>Two modes: {@link #compile} searches as Go's {@code MatchString}/{@code FindStringSubmatch} do;
 * {@link #compileAnchored} is Prometheus's {@code ^(?s:re)$}, where the whole value must match and
 * {@code .} matches a newline too.
 */
public final class GoRegex {

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

  /** Escapes java.util.regex knows and RE2 refuses. */
  private static final String JAVA_ONLY_ESCAPES = "hHRXGZkKegcNu";

  private final String source;
  private final boolean anchored;
  private final Pattern pattern;
  private final List<String> groupNames;
  private final Map<String, Integer> groupIndex;
  private final int unnamedGroups;

  private GoRegex(String source, boolean anchored, Pattern pattern, List<String> groupNames) {
    this.source = source;
    this.anchored = anchored;
    this.pattern = pattern;
    this.groupNames = Collections.unmodifiableList(groupNames);
    Map<String, Integer> index = new HashMap<>();
    int unnamed = 0;
    for (int i = 0; i < groupNames.size(); i++) {
      if (groupNames.get(i) == null) {
        unnamed++;
      } else {
        index.put(groupNames.get(i), i + 1);
      }
    }
    this.groupIndex = Map.copyOf(index);
    this.unnamedGroups = unnamed;
  }

  /**
   * Compiles {@code re} to search within a value, as Go's regexp does.
   *
   * @throws IllegalArgumentException {@code invalid regex '<re>': <why>}
   */
  public static GoRegex compile(String re) {
    return compile(re, false);
  }

  /**
   * Compiles {@code re} anchored at both ends with {@code .} matching newlines, as Prometheus does
   * ({@code ^(?s:re)$}).
   *
   * @throws IllegalArgumentException {@code invalid regex '<re>': <why>}
   */
  public static GoRegex compileAnchored(String re) {
    return compile(re, true);
  }

  private static GoRegex compile(String re, boolean anchored) {
    List<String> names = new ArrayList<>();
    String java = translate(re, names);
    Pattern p;
    try {
      p = Pattern.compile(anchored ? "(?s:" + java + ")" : java, Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regex '" + re + "': " + e.getDescription(), e);
    }
    if (p.matcher("").groupCount() != names.size()) {
      throw refuse(re, "unsupported group syntax");
    }
    return new GoRegex(re, anchored, p, names);
  }

  /** The expression as written. */
  public String source() {
    return source;
  }

  /** The compiled java.util.regex pattern; capture group {@code i} is {@code groupNames().get(i - 1)}. */
  public Pattern pattern() {
    return pattern;
  }

  /** A matcher over {@code value}. */
  public Matcher matcher(CharSequence value) {
    return pattern.matcher(value);
  }

  /**
   * True when {@code value} matches: anywhere in it for {@link #compile} (Go's {@code MatchString}),
   * as a whole for {@link #compileAnchored}.
   */
  public boolean matches(CharSequence value) {
    Matcher m = pattern.matcher(value);
    return anchored ? m.matches() : m.find();
  }

  /** Each capture group's name in order ({@code null} for an unnamed group). */
  public List<String> groupNames() {
    return groupNames;
  }

  /** How many capture groups have no name. */
  public int unnamedGroups() {
    return unnamedGroups;
  }

  /** True when at least one capture group has a name. */
  public boolean hasNamedGroups() {
    return !groupIndex.isEmpty();
  }

  /** The number of the capture group called {@code name}, or -1. */
  public int groupIndex(String name) {
    Integer i = groupIndex.get(name);
    return i == null ? -1 : i;
  }

  /** What the group called {@code name} captured in {@code m}'s match, or null (no such group, or it took no part). */
  public String group(Matcher m, String name) {
    int i = groupIndex(name);
    return i < 0 ? null : m.group(i);
  }

  /** RE2 syntax to java.util.regex syntax with the same meaning; {@code names} gets each group's name. */
  private static String translate(String re, List<String> names) {
    StringBuilder out = new StringBuilder(re.length() + 16);
    boolean inClass = false;
    boolean multiline = false;
    int n = re.length();
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= n) {
          throw refuse(re, "trailing backslash at end of expression");
        }
        char e = re.charAt(i + 1);
        if (e >= '0' && e <= '7') {
          // RE2: up to three octal digits; a single non-zero digit would be a back-reference.
          int j = i + 1;
          while (j < n && j < i + 4 && re.charAt(j) >= '0' && re.charAt(j) <= '7') {
            j++;
          }
          if (e != '0' && j == i + 2) {
            throw refuse(re, "back-references (\\" + e + ") are not RE2 syntax");
          }
          out.append("\\x{").append(Integer.toHexString(Integer.parseInt(re.substring(i + 1, j), 8))).append('}');
          i = j - 1;
          continue;
        }
        if (e == '8' || e == '9') {
          throw refuse(re, "back-references (\\" + e + ") are not RE2 syntax");
        }
        if (JAVA_ONLY_ESCAPES.indexOf(e) >= 0) {
          throw refuse(re, "\\" + e + " is Java-only syntax, not RE2");
        }
        if (e == 'v') {
          out.append("\\x0B");
        } else if (e == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          String lit = end < 0 ? re.substring(i + 2) : re.substring(i + 2, end);
          out.append(inClass ? quoteInClass(lit) : Pattern.quote(lit));
          i = end < 0 ? n : end + 1;
          continue;
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
            out.append(posix(re, re.substring(i + 2, end)));
            i = end + 1;
            continue;
          }
        }
        if (c == '[') {
          out.append("\\[");
        } else if (c == '&') {
          out.append("\\&");
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
          if (i + 1 >= n || re.charAt(i + 1) != '?') {
            names.add(null);
            out.append(c);
            break;
          }
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
              throw refuse(re, "invalid named capture: unclosed group name");
            }
            String name = re.substring(start, end);
            if (!name.matches("[A-Za-z0-9_]+")) {
              throw refuse(re, "invalid named capture '" + name + "' (expected: letters, digits and _)");
            }
            if (names.contains(name)) {
              throw refuse(re, "duplicate capture group name '" + name + "'");
            }
            names.add(name);
            // Java's group names take no '_'; every group gets a name of its number, looked up by groupIndex.
            out.append("(?<g").append(names.size()).append('>');
            i = end;
            break;
          }
          if (rest.startsWith("P")) {
            throw refuse(re, "(?P" + (rest.length() > 1 ? rest.charAt(1) : "") + " is not RE2 syntax");
          }
          int j = i + 2;
          boolean negated = false;
          while (j < n && re.charAt(j) != ':' && re.charAt(j) != ')') {
            char f = re.charAt(j);
            if (f == '-') {
              negated = true;
            } else if (f == 'U') {
              throw refuse(re, "the ungreedy flag (?U) is not supported by Telegate");
            } else if (f != 'i' && f != 'm' && f != 's') {
              throw refuse(re, "flag '" + f + "' is not RE2 syntax (expected: i, m, s, U)");
            } else if (f == 'm') {
              multiline = !negated;
            }
            j++;
          }
          out.append(re, i, Math.min(j + 1, n));
          i = j;
        }
        case '$' -> out.append(multiline ? "$" : "\\z");
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

  private static String posix(String re, String name) {
    boolean negated = name.startsWith("^");
    String cls = POSIX.get(negated ? name.substring(1) : name);
    if (cls == null) {
      throw refuse(re, "invalid character class range [:" + name + ":]");
    }
    if (!negated) {
      return cls;
    }
    return cls.startsWith("\\p{") ? "\\P" + cls.substring(2) : cls.toUpperCase(java.util.Locale.ROOT);
  }

  private static String quoteInClass(String literal) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static IllegalArgumentException refuse(String re, String why) {
    return new IllegalArgumentException("invalid regex '" + re + "': " + why);
  }

  @Override
  public String toString() {
    return source;
  }
}
