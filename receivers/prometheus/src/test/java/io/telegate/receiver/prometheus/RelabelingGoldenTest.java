package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** relabel/golden.yaml: every action, with Prometheus's defaults and anchored RE2 semantics. */
class RelabelingGoldenTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> cases() throws IOException {
    try (InputStream in = RelabelingGoldenTest.class.getResourceAsStream("/relabel/golden.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
    }
  }

  static List<RelabelConfig> bindRules(Object raw) {
    ConfigErrors errors = new ConfigErrors();
    List<RelabelConfig> rules = new ArrayList<>();
    List<?> list = (List<?>) raw;
    for (int i = 0; i < list.size(); i++) {
      rules.add(ConfigBinder.bind(list.get(i), RelabelConfig.DEFAULT, "rules[" + i + "]", errors));
    }
    assertTrue(errors.isEmpty(), errors::toString);
    for (RelabelConfig r : rules) {
      assertEquals(List.of(), ConfigValidation.validate(r), r.toString());
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  @TestFactory
  Stream<DynamicTest> everyGoldenCase() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
      Relabeling relabeling = Relabeling.of(bindRules(c.get("rules")));
      Map<String, String> labels = new TreeMap<>((Map<String, String>) c.get("input"));
      boolean kept = relabeling.apply(labels);
      if (Boolean.TRUE.equals(c.get("dropped"))) {
        assertFalse(kept, "expected the label set to be dropped, got " + labels);
      } else {
        assertTrue(kept, "dropped, expected " + c.get("output"));
        assertEquals(new TreeMap<>((Map<String, String>) c.get("output")), labels);
      }
    }));
  }

  @Test
  void theGoldenFileCoversEveryAction() throws IOException {
    Set<String> seen = cases().stream()
        .flatMap(c -> ((List<?>) c.get("rules")).stream())
        .map(r -> {
          Object action = ((Map<?, ?>) r).get("action");
          return (action == null ? "replace" : String.valueOf(action)).toLowerCase(java.util.Locale.ROOT);
        })
        .collect(Collectors.toSet());
    assertEquals(RelabelConfig.ACTIONS, seen);
  }

  @Test
  void hashmodUsesTheLastEightBytesOfTheMd5() {
    // md5("baz") = ...; Prometheus takes binary.BigEndian.Uint64(sum[8:]).
    assertEquals(976, Long.remainderUnsigned(Relabeling.md5Tail("baz"), 1000));
  }
}
