package io.telegate.receiver.prometheus;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.regex.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code relabel_configs} or {@code metric_relabel_configs}, Prometheus's keys and
 * defaults, checked as Prometheus checks them.
 *
 * @param sourceLabels labels whose values, joined by {@code separator}, are matched
 * @param separator between the source values ({@code ;})
 * @param targetLabel the label written by {@code replace}, {@code hashmod}, {@code lowercase},
 *     {@code uppercase}, or compared by {@code keepequal} / {@code dropequal}
 * @param regex RE2 expression, anchored at both ends ({@code (.*)})
 * @param modulus for {@code hashmod}
 * @param replacement written by {@code replace} and {@code labelmap}, with {@code $1} / {@code ${name}}
 *     references ({@code $1}; write {@code $$1} in a Telegate or Collector config)
 * @param action {@code replace} (default), {@code keep}, {@code drop}, {@code keepequal},
 *     {@code dropequal}, {@code hashmod}, {@code labelmap}, {@code labeldrop}, {@code labelkeep},
 *     {@code lowercase}, {@code uppercase}
 */
public record RelabelConfig(
    List<String> sourceLabels, String separator, String targetLabel, String regex, long modulus,
    String replacement, String action) implements ConfigValidator {

  public static final String DEFAULT_REGEX = "(.*)";
  public static final RelabelConfig DEFAULT =
      new RelabelConfig(List.of(), ";", "", DEFAULT_REGEX, 0, "$1", "replace");

  static final Set<String> ACTIONS = Set.of("replace", "keep", "drop", "keepequal", "dropequal", "hashmod",
      "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  // A target label of replace may name groups: $1, ${1}, $name.
  private static final Pattern TARGET_TEMPLATE =
      Pattern.compile("(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*");

  /** The action, lower case as Prometheus compares it. */
  public String actionName() {
    return action == null ? "" : action.toLowerCase(Locale.ROOT);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    String a = actionName();
    if (a.isEmpty()) {
      errors.add("action: relabel action cannot be empty");
      return errors;
    }
    if (!ACTIONS.contains(a)) {
      errors.add("action: unknown relabel action '" + action + "' (valid: dropequal, drop, hashmod, keepequal, keep, "
          + "labeldrop, labelkeep, labelmap, lowercase, replace, uppercase)");
      return errors;
    }
    try {
      GoRegex.compileAnchored(regex);
    } catch (IllegalArgumentException e) {
      errors.add("regex: " + e.getMessage());
    }
    if (a.equals("hashmod") && modulus == 0) {
      errors.add("modulus: relabel configuration for hashmod requires non-zero modulus");
    }
    if (Set.of("replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal").contains(a)
        && targetLabel.isEmpty()) {
      errors.add("target_label: relabel configuration for " + a + " action requires 'target_label' value");
    }
    if (a.equals("replace") && !targetLabel.isEmpty() && !TARGET_TEMPLATE.matcher(targetLabel).matches()) {
      errors.add("target_label: '" + targetLabel + "' is invalid for the replace action");
    }
    if (Set.of("hashmod", "lowercase", "uppercase", "keepequal", "dropequal").contains(a)
        && !targetLabel.isEmpty() && !LABEL_NAME.matcher(targetLabel).matches()) {
      errors.add("target_label: '" + targetLabel + "' is invalid for the " + a + " action");
    }
    if (a.equals("labelmap") && !TARGET_TEMPLATE.matcher(replacement).matches()) {
      errors.add("replacement: '" + replacement + "' is invalid for the labelmap action");
    }
    if (a.equals("labeldrop") || a.equals("labelkeep")) {
      if (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || modulus != 0 || !separator.equals(DEFAULT.separator)
          || !replacement.equals(DEFAULT.replacement)) {
        errors.add("action: " + a + " action requires only 'regex', and no other fields");
      }
    }
    if (a.equals("keepequal") || a.equals("dropequal")) {
      if (!regex.equals(DEFAULT_REGEX) || modulus != 0 || !separator.equals(DEFAULT.separator)
          || !replacement.equals(DEFAULT.replacement)) {
        errors.add("action: " + a + " action requires only 'source_labels' and 'target_label', and no other fields");
      }
    }
    for (int i = 0; i < sourceLabels.size(); i++) {
      if (!LABEL_NAME.matcher(sourceLabels.get(i)).matches()) {
        errors.add("source_labels[" + i + "]: '" + sourceLabels.get(i) + "' is not a valid label name");
      }
    }
    return errors;
  }

  static boolean validLabelName(String name) {
    return LABEL_NAME.matcher(name).matches();
  }
}
