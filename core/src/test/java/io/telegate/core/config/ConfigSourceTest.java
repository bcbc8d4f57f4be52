package io.telegate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

  private final Map<String, String> env = Map.of("PORT", "4317", "HOST", "collector", "EMPTY", "");
  private final ConfigSource source = new ConfigSource(env::get);

  private Object expand(String value, ConfigErrors errors) {
    return source.expandString(value, "a::b", errors);
  }

  @Test
  void expandsEnvReferencesInAllForms() {
    ConfigErrors errors = new ConfigErrors();
    assertEquals("collector:4317", expand("${env:HOST}:${PORT}", errors));
    assertEquals("fallback", expand("${env:MISSING:-fallback}", errors));
    assertEquals("fallback", expand("${env:EMPTY:-fallback}", errors));
    assertEquals("", expand("${env:MISSING}", errors));
    assertEquals("http://collector:9:-x", expand("http://${HOST}:${MISSING:-9}:-x", errors));
    assertTrue(errors.isEmpty(), errors::toString);
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    ConfigErrors errors = new ConfigErrors();
    assertEquals("cost: $5 ${env:HOST}", expand("cost: $$5 $${env:HOST}", errors));
    assertTrue(errors.isEmpty());
  }

  @Test
  void aValueThatIsOneReferenceTakesTheTypeOfItsExpansion() {
    ConfigErrors errors = new ConfigErrors();
    assertEquals(4317, expand("${env:PORT}", errors));
    assertEquals(true, expand("${env:MISSING:-true}", errors));
    assertEquals("4317x", expand("${env:PORT}x", errors));
  }

  @Test
  void reportsBadReferenceSyntaxWithItsPath() {
    ConfigErrors errors = new ConfigErrors();
    expand("${env:HOST", errors);
    expand("${env:1BAD}", errors);
    expand("${file:/etc/passwd}", errors);
    assertEquals(3, errors.list().size(), errors::toString);
    assertTrue(errors.list().get(0).startsWith("a::b: unclosed '${'"), errors::toString);
    assertTrue(errors.list().get(1).startsWith("a::b: invalid environment variable name '1BAD'"), errors::toString);
    assertTrue(errors.list().get(2).startsWith("a::b: unsupported config provider 'file:'"), errors::toString);
  }

  @Test
  void mergesFilesInOrderMapsKeyByKeyListsReplaced(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.yaml");
    Path b = dir.resolve("b.yaml");
    Files.writeString(a, """
        exporters:
          debug: {verbosity: basic, sampling_initial: 5}
        service:
          pipelines:
            traces: {receivers: [otlp, jmx], exporters: [debug]}
        """);
    Files.writeString(b, """
        exporters:
          debug: {verbosity: detailed}
        service:
          pipelines:
            traces: {receivers: [otlp]}
        """);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = source.load(List.of(a, b), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(Map.of("verbosity", "detailed", "sampling_initial", 5),
        ((Map<?, ?>) tree.get("exporters")).get("debug"));
    Map<?, ?> traces = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) tree.get("service")).get("pipelines")).get("traces");
    assertEquals(List.of("otlp"), traces.get("receivers"));
    assertEquals(List.of("debug"), traces.get("exporters"));
  }

  @Test
  void reportsMissingFilesAndYamlSyntaxErrorsWithTheFileName(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "receivers: [unclosed\n");
    ConfigErrors errors = new ConfigErrors();
    source.load(List.of(dir.resolve("missing.yaml"), broken), errors);
    assertEquals(2, errors.list().size(), errors::toString);
    assertTrue(errors.list().get(0).endsWith("missing.yaml: no such file"), errors::toString);
    assertTrue(errors.list().get(1).contains("broken.yaml: cannot read YAML"), errors::toString);
  }
}
