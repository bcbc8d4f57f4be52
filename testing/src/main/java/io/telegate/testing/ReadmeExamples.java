package io.telegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that the YAML examples of a module's README bind and validate, so docs name only real keys. */
public final class ReadmeExamples {

  private ReadmeExamples() {}

  /**
   * Binds every component of {@code factories}' kind found in the README's yaml blocks and asserts
   * it validates; fails if none was checked.
   */
  @SuppressWarnings("unchecked")
  public static void assertAllBindAndValidate(Path readme, List<ComponentFactory<?>> factories) throws IOException {
    String section = factories.get(0).kind().section();
    Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
    int checked = 0;
    while (block.find()) {
      ConfigErrors errors = new ConfigErrors();
      Map<String, Object> tree = new ConfigSource(k -> null).loadString(block.group(1), errors);
      assertTrue(errors.isEmpty(), errors::toString);
      Map<String, Object> components = (Map<String, Object>) tree.get(section);
      if (components == null) {
        continue;
      }
      for (Map.Entry<String, Object> e : components.entrySet()) {
        String type = e.getKey().split("/")[0];
        ComponentFactory<?> f = factories.stream().filter(x -> x.type().equals(type)).findFirst().orElse(null);
        if (f == null) {
          continue;
        }
        ComponentConfig config = (ComponentConfig) ConfigBinder.bind(e.getValue(), (Record) f.defaultConfig(),
            e.getKey(), errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals(List.of(), config.validate(), e.getKey());
        checked++;
      }
    }
    assertTrue(checked > 0, readme + " has no example of " + section);
  }
}
