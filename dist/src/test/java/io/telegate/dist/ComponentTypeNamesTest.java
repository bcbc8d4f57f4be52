package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every built-in component type and the other names it answers to: exactly the second spellings
 * the Collector accepts for the same component (its factories' deprecated type aliases, checked
 * against the Collector's and contrib's {@code metadata.yaml}: {@code otlp_grpc} with deprecated
 * {@code otlp}, {@code otlp_http} with {@code otlphttp}, {@code prometheus_remote_write} with
 * {@code prometheusremotewrite} since contrib v0.154.0), the removed {@code logging} exporter
 * (now {@code debug}), and {@code headerssetter}, which Telegate accepted before this list was
 * kept. A type not listed here has one spelling in the Collector.
 */
class ComponentTypeNamesTest {

  /** kind/type → the other names, as the Collector's factories accept them. */
  private static final Map<String, Set<String>> NAMES = new TreeMap<>(Map.ofEntries(
      Map.entry("receiver/otlp", Set.of()),
      Map.entry("receiver/jmx", Set.of()),
      Map.entry("receiver/filelog", Set.of("file_log")),
      Map.entry("processor/batch", Set.of()),
      Map.entry("processor/memory_limiter", Set.of()),
      Map.entry("processor/attributes", Set.of()),
      Map.entry("processor/resource", Set.of()),
      Map.entry("exporter/debug", Set.of("logging")),
      Map.entry("exporter/otlp", Set.of("otlp_grpc")),
      Map.entry("exporter/otlphttp", Set.of("otlp_http")),
      Map.entry("exporter/prometheus", Set.of()),
      Map.entry("exporter/prometheusremotewrite", Set.of("prometheus_remote_write")),
      Map.entry("exporter/loki", Set.of()),
      Map.entry("exporter/file", Set.of()),
      Map.entry("extension/health_check", Set.of()),
      Map.entry("extension/zpages", Set.of()),
      Map.entry("extension/pprof", Set.of()),
      Map.entry("extension/file_storage", Set.of()),
      Map.entry("extension/bearertokenauth", Set.of()),
      Map.entry("extension/basicauth", Set.of()),
      Map.entry("extension/headers_setter", Set.of("headerssetter")),
      Map.entry("extension/oauth2client", Set.of()),
      Map.entry("extension/oidc", Set.of())));

  @Test
  void everyBuiltInTypeAnswersToExactlyTheNamesTheCollectorAccepts() {
    Map<String, Set<String>> actual = new TreeMap<>();
    for (ComponentFactory<?> f : BuiltinComponents.all().all()) {
      actual.put(f.kind().label() + "/" + f.type(), new TreeSet<>(f.aliases()));
    }
    Map<String, Set<String>> expected = new TreeMap<>();
    NAMES.forEach((k, v) -> expected.put(k, new TreeSet<>(v)));
    assertEquals(expected, actual);
  }

  @Test
  void aConfigMayUseEitherSpellingAndGetsTheSameComponent() throws Exception {
    for (Map.Entry<String, Set<String>> e : NAMES.entrySet()) {
      String kind = e.getKey().substring(0, e.getKey().indexOf('/'));
      String type = e.getKey().substring(kind.length() + 1);
      for (String alias : e.getValue()) {
        ComponentKind k = ComponentKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        ComponentFactory<?> byAlias = BuiltinComponents.all().find(k, alias).orElseThrow(() ->
            new AssertionError(alias + " is not found"));
        assertEquals(type, byAlias.type(), alias);
      }
    }
    // In a config: both spellings side by side, each id keeping the name it was written with.
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString("""
        receivers:
          otlp:
        extensions:
          headers_setter: {headers: [{key: x-a, value: b}]}
          headerssetter/old: {headers: [{key: x-a, value: b}]}
        exporters:
          otlp: {endpoint: "a:4317"}
          otlp_grpc/new: {endpoint: "b:4317"}
          prometheusremotewrite: {endpoint: "http://c:9090/api/v1/write"}
          prometheus_remote_write/new: {endpoint: "http://c:9090/api/v1/write"}
        service:
          extensions: [headers_setter, headerssetter/old]
          pipelines:
            metrics: {receivers: [otlp], exporters: [otlp, otlp_grpc/new, prometheusremotewrite, prometheus_remote_write/new]}
        """, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    GatewayConfig c = new ConfigResolver(BuiltinComponents.all()).resolve(tree);
    assertEquals("otlp", c.get(ComponentKind.EXPORTER, ComponentId.parse("otlp_grpc/new")).factory().type());
    assertEquals("prometheusremotewrite",
        c.get(ComponentKind.EXPORTER, ComponentId.parse("prometheus_remote_write/new")).factory().type());
    assertEquals("headers_setter",
        c.get(ComponentKind.EXTENSION, ComponentId.parse("headerssetter/old")).factory().type());
  }
}
