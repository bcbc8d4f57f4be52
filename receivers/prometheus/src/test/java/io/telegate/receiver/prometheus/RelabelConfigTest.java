package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Relabel rules are checked at start-up as Prometheus checks them. */
class RelabelConfigTest {

  private static List<String> errors(Map<String, Object> raw) {
    ConfigErrors errors = new ConfigErrors();
    RelabelConfig c = ConfigBinder.bind(raw, RelabelConfig.DEFAULT, "", errors);
    return ConfigValidation.validate(c);
  }

  @Test
  void defaultsAreReplaceWithTheWholeValue() {
    assertEquals(new RelabelConfig(List.of(), ";", "", "(.*)", 0, "$1", "replace"), RelabelConfig.DEFAULT);
  }

  @Test
  void replaceNeedsATargetLabel() {
    assertEquals(List.of("target_label: relabel configuration for replace action requires 'target_label' value"),
        errors(Map.of("source_labels", List.of("a"))));
  }

  @Test
  void hashmodNeedsAModulus() {
    assertEquals(List.of("modulus: relabel configuration for hashmod requires non-zero modulus"),
        errors(Map.of("action", "hashmod", "source_labels", List.of("a"), "target_label", "b")));
  }

  @Test
  void unknownActionsAreNamed() {
    assertEquals(List.of("action: unknown relabel action 'rename' (valid: dropequal, drop, hashmod, keepequal, keep, "
        + "labeldrop, labelkeep, labelmap, lowercase, replace, uppercase)"), errors(Map.of("action", "rename")));
  }

  @Test
  void labeldropTakesOnlyARegex() {
    assertEquals(List.of("action: labeldrop action requires only 'regex', and no other fields"),
        errors(Map.of("action", "labeldrop", "regex", "a", "target_label", "b")));
  }

  @Test
  void keepequalTakesOnlySourceAndTarget() {
    assertEquals(List.of("action: keepequal action requires only 'source_labels' and 'target_label', and no other "
        + "fields"), errors(Map.of("action", "keepequal", "source_labels", List.of("a"), "target_label", "b",
        "regex", "x")));
  }

  @Test
  void javaOnlyRegexSyntaxIsRefusedWithTheReason() {
    assertEquals(List.of("regex: invalid regex '(?!foo).*': look-ahead and look-behind are not RE2 syntax"),
        errors(Map.of("action", "keep", "source_labels", List.of("a"), "regex", "(?!foo).*")));
  }

  @Test
  void invalidTargetLabelsAreRefused() {
    assertEquals(List.of("target_label: '1abc' is invalid for the lowercase action"),
        errors(Map.of("action", "lowercase", "source_labels", List.of("a"), "target_label", "1abc")));
  }
}
