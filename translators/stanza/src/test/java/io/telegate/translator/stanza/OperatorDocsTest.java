package io.telegate.translator.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The module's README lists every operator, and every key it lists is one the operator accepts. */
class OperatorDocsTest {

  private static final Pattern HEADING = Pattern.compile("^#{2,3} (.*)$");
  private static final Pattern TYPE = Pattern.compile("`([a-z_]+)`");
  private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_.]+)` \\|");
  private static final List<String> PARSERS = List.of("json_parser", "regex_parser", "key_value_parser",
      "csv_parser", "syslog_parser", "container");

  /** Each section of the README with the keys its tables list. */
  private static Map<String, List<String>> sections() throws IOException {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    String current = "";
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        current = h.group(1);
        sections.put(current, new ArrayList<>());
        continue;
      }
      Matcher k = KEY_ROW.matcher(line);
      if (k.find() && sections.containsKey(current)) {
        sections.get(current).add(k.group(1));
      }
    }
    return sections;
  }

  @Test
  void everyOperatorTypeHasASection() throws IOException {
    Set<String> documented = new LinkedHashSet<>();
    for (String heading : sections().keySet()) {
      Matcher m = TYPE.matcher(heading);
      while (m.find()) {
        documented.add(m.group(1));
      }
    }
    for (String type : Operators.types()) {
      assertTrue(documented.contains(type), type + " has no section in README.md");
    }
  }

  @Test
  void everyListedKeyIsAccepted() throws IOException {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, List<String>> s : sections().entrySet()) {
      List<String> types = new ArrayList<>();
      if (s.getKey().equals("What every operator has")) {
        types.addAll(Operators.types());
        types.remove("router");
      } else if (s.getKey().equals("Parsers")) {
        types.addAll(PARSERS);
      } else {
        Matcher m = TYPE.matcher(s.getKey());
        while (m.find()) {
          types.add(m.group(1));
        }
      }
      for (String key : s.getValue()) {
        boolean all = s.getKey().equals("What every operator has") || s.getKey().equals("Parsers")
            || s.getKey().startsWith("`move`");
        int accepted = 0;
        for (String type : types) {
          if (accepts(type, key)) {
            accepted++;
          } else if (all) {
            unknown.add(type + ": " + key);
          }
        }
        if (!all && accepted == 0) {
          unknown.add(s.getKey() + ": " + key);
        }
      }
    }
    assertEquals(List.of(), unknown, "keys README.md lists but the operators do not accept");
  }

  private static boolean accepts(String type, String key) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("type", type);
    String[] parts = key.split("\\.");
    if (!key.equals("type")) {
      Object value = "x";
      for (int i = parts.length - 1; i > 0; i--) {
        value = Map.of(parts[i], value);
      }
      op.put(parts[0], value);
    }
    String path = "operators[0]::" + String.join("::", parts) + ": unknown key";
    for (String e : OperatorPipeline.validate(List.of(op))) {
      if (e.startsWith(path)) {
        return false;
      }
    }
    return true;
  }
}
