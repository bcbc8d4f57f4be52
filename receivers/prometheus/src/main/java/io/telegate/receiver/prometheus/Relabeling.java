package io.telegate.receiver.prometheus;

import io.telegate.core.regex.GoRegex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A compiled list of relabel rules, applied in order to one label set as Prometheus's {@code
 * relabel.Process} does. A label whose value is empty is absent.
 */
public final class Relabeling {

  private static final Relabeling NONE = new Relabeling(List.of());

  private final List<Rule> rules;

  private Relabeling(List<Rule> rules) {
    this.rules = rules;
  }

  /** Compiles validated configs. */
  public static Relabeling of(List<RelabelConfig> configs) {
    if (configs == null || configs.isEmpty()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>(configs.size());
    for (RelabelConfig c : configs) {
      rules.add(new Rule(c, GoRegex.compileAnchored(c.regex()), c.actionName()));
    }
    return new Relabeling(List.copyOf(rules));
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Applies every rule to {@code labels}, in place.
   *
   * @return false when a rule dropped the label set (then {@code labels} is left part-way)
   */
  public boolean apply(Map<String, String> labels) {
    for (Rule r : rules) {
      if (!r.apply(labels)) {
        return false;
      }
    }
    return true;
  }

  private record Rule(RelabelConfig config, GoRegex regex, String action) {

    boolean apply(Map<String, String> labels) {
      String value = sourceValue(labels);
      switch (action) {
        case "drop" -> {
          return !regex.matches(value);
        }
        case "keep" -> {
          return regex.matches(value);
        }
        case "dropequal" -> {
          return !get(labels, config.targetLabel()).equals(value);
        }
        case "keepequal" -> {
          return get(labels, config.targetLabel()).equals(value);
        }
        case "replace" -> {
          Matcher m = regex.matcher(value);
          if (!m.matches()) {
            return true;
          }
          String target = expand(config.targetLabel(), regex, m);
          if (!RelabelConfig.validLabelName(target)) {
            return true;
          }
          set(labels, target, expand(config.replacement(), regex, m));
        }
        case "lowercase" -> set(labels, config.targetLabel(), value.toLowerCase(Locale.ROOT));
        case "uppercase" -> set(labels, config.targetLabel(), value.toUpperCase(Locale.ROOT));
        case "hashmod" -> set(labels, config.targetLabel(),
            Long.toUnsignedString(Long.remainderUnsigned(md5Tail(value), config.modulus())));
        case "labelmap" -> {
          List<String[]> add = new ArrayList<>();
          for (Map.Entry<String, String> e : labels.entrySet()) {
            Matcher m = regex.matcher(e.getKey());
            if (m.matches()) {
              add.add(new String[] {expand(config.replacement(), regex, m), e.getValue()});
            }
          }
          for (String[] a : add) {
            set(labels, a[0], a[1]);
          }
        }
        case "labeldrop" -> labels.keySet().removeIf(regex::matches);
        case "labelkeep" -> labels.keySet().removeIf(k -> !regex.matches(k));
        default -> throw new IllegalStateException("unvalidated relabel action " + action);
      }
      return true;
    }

    private String sourceValue(Map<String, String> labels) {
      List<String> names = config.sourceLabels();
      if (names.size() == 1) {
        return get(labels, names.get(0));
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          sb.append(config.separator());
        }
        sb.append(get(labels, names.get(i)));
      }
      return sb.toString();
    }
  }

  private static String get(Map<String, String> labels, String name) {
    String v = labels.get(name);
    return v == null ? "" : v;
  }

  private static void set(Map<String, String> labels, String name, String value) {
    if (value.isEmpty()) {
      labels.remove(name);
    } else {
      labels.put(name, value);
    }
  }

  /** The last 8 bytes of the MD5 of {@code value}, big-endian, as Prometheus's hashmod takes them. */
  static long md5Tail(String value) {
    try {
      byte[] sum = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sum, 8, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  /**
   * Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}.
   * A name is the longest run of letters, digits and {@code _} ({@code $1x} is group {@code 1x}, which
   * does not exist, so it expands to nothing, as in Prometheus); a group that did not take part or does
   * not exist is empty.
   */
  static String expand(String template, GoRegex re, Matcher m) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    StringBuilder sb = new StringBuilder();
    int n = template.length();
    for (int i = 0; i < n; i++) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= n) {
        sb.append(c);
        continue;
      }
      char d = template.charAt(i + 1);
      if (d == '$') {
        sb.append('$');
        i++;
        continue;
      }
      String name;
      int end;
      if (d == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0 || close == i + 2 || !isName(template, i + 2, close)) {
          sb.append(c);
          continue;
        }
        name = template.substring(i + 2, close);
        end = close;
      } else {
        int j = i + 1;
        while (j < n && isNameChar(template.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          sb.append(c);
          continue;
        }
        name = template.substring(i + 1, j);
        end = j - 1;
      }
      sb.append(group(re, m, name));
      i = end;
    }
    return sb.toString();
  }

  private static String group(GoRegex re, Matcher m, String name) {
    String g;
    if (name.chars().allMatch(Character::isDigit)) {
      int idx;
      try {
        idx = Integer.parseInt(name);
      } catch (NumberFormatException e) {
        return "";
      }
      g = idx <= m.groupCount() ? m.group(idx) : null;
    } else {
      g = re.group(m, name);
    }
    return g == null ? "" : g;
  }

  private static boolean isName(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isNameChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
