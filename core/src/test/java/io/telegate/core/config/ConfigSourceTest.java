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
    assertEquals(List.of(dir.resolve("missing.yaml") + ": no such file",
        broken + ":2:1: expected ',' or ']', but got <stream end> (while parsing a flow sequence at line 1, column 12)"),
        errors.list());
  }

  private static List<String> loadErrors(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, yaml);
    ConfigErrors errors = new ConfigErrors();
    new ConfigSource(k -> null).load(List.of(file), errors);
    return errors.list().stream().map(e -> e.replace(dir + java.io.File.separator, "")).toList();
  }

  @Test
  void aYamlSyntaxErrorGivesFileLineAndColumnInTheYamlScannersWords(@TempDir Path dir) throws Exception {
    assertEquals(List.of("gateway.yaml:3:20: mapping values are not allowed here"), loadErrors(dir, """
        receivers:
          otlp:
            protocols: grpc: {}
        """));
    assertEquals(List.of("gateway.yaml:2:1: found character '\\t(TAB)' that cannot start any token. "
        + "(Do not use \\t(TAB) for indentation)"),
        loadErrors(dir, "receivers:\n\totlp: {}\n"));
    assertEquals(List.of("gateway.yaml:3:1: found unexpected end of stream (while scanning a quoted scalar at line "
        + "2, column 13)"), loadErrors(dir, "exporters:\n  otlp: {x: \"unterminated\n"));
    assertEquals(List.of("gateway.yaml:2:4: a key must be a scalar (text or a number), not a map or a list"),
        loadErrors(dir, "exporters:\n  {otlp: x}: {}\n"));
  }

  @Test
  void aKeyGivenTwiceInOneMappingIsAnErrorNamingTheKeyAndBothPlaces(@TempDir Path dir) throws Exception {
    assertEquals(List.of(
        "gateway.yaml:4:3: key 'otlp' is already defined in this mapping at line 2, column 3 (a key may appear once)",
        "gateway.yaml:6:1: key 'exporters' is already defined in this mapping at line 1, column 1 (a key may appear once)"),
        loadErrors(dir, """
            exporters:
              otlp: {endpoint: a:4317}
              debug: {}
              otlp: {endpoint: b:4317}
            service: {}
            exporters: {}
            """));
  }

  @Test
  void anEmptyFileSaysItIsEmpty(@TempDir Path dir) throws Exception {
    List<String> expected =
        List.of("gateway.yaml: the file is empty (expected: receivers, exporters and a service section)");
    assertEquals(expected, loadErrors(dir, ""));
    assertEquals(expected, loadErrors(dir, "# only a comment\n\n"));
  }

  @Test
  void aTopLevelThatIsNotAMapIsAnError(@TempDir Path dir) throws Exception {
    assertEquals(List.of("gateway.yaml: the top level must be a map of sections (receivers, exporters, service, ...), "
        + "got a list"), loadErrors(dir, "- receivers\n- exporters\n"));
  }

  @Test
  void scalarsKeepTheTypesTheBinderExpects() {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = source.loadString("a: 1\nb: 1.5\nc: true\nd: ~\ne: text\nf: 12345678901\ng: [1, x]\n",
        errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(1, tree.get("a"));
    assertEquals(1.5, tree.get("b"));
    assertEquals(true, tree.get("c"));
    assertTrue(tree.containsKey("d"));
    assertEquals(null, tree.get("d"));
    assertEquals("text", tree.get("e"));
    assertEquals(12345678901L, tree.get("f"));
    assertEquals(List.of(1, "x"), tree.get("g"));
  }

  @Test
  void anUnsetVariableWithoutADefaultIsAWarningNamingItAndTheKeysItFed() {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = source.loadString("""
        exporters:
          otlp: {endpoint: "${env:BACKEND}", headers: {authorization: "Bearer ${TOKEN}"}}
          otlphttp: {endpoint: "http://${env:BACKEND}", compression: "${env:MISSING:-gzip}"}
        """, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals("", ((Map<?, ?>) ((Map<?, ?>) tree.get("exporters")).get("otlp")).get("endpoint"));
    assertEquals(List.of(
        "environment variable BACKEND is not set and ${env:BACKEND} has no default, so exporters::otlp::endpoint, "
            + "exporters::otlphttp::endpoint are an empty string (give a default with ${env:BACKEND:-value})",
        "environment variable TOKEN is not set and ${env:TOKEN} has no default, so "
            + "exporters::otlp::headers::authorization is an empty string (give a default with ${env:TOKEN:-value})"),
        source.warnings());
  }
}
