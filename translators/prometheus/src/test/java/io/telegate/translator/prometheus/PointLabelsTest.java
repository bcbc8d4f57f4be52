package io.telegate.translator.prometheus;

import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.telegate.testing.data.MetricData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The translator merges a point's labels with those of its resource and scope by sorted arrays.
 * This checks that merge against the plain map-based rules it replaces (the reference below), on
 * random label sets chosen to collide: names that sanitize alike, names shared between point,
 * scope, resource, job/instance and external labels, empty names and values, {@code le} and
 * {@code __name__} as attribute names.
 */
class PointLabelsTest {

  private static final String[] KEYS = {"a", "a.b", "a_b", "a-b", "b", "job", "instance", "le", "__name__",
      "otel_scope_name", "otel_scope_x", "1x", "_x", "__x", "", "zz", "k8s.pod.name", "env", "a.a"};
  private static final String[] VALUES = {"", "v1", "v2", "x;y", "ü", "long-value-0123456789"};

  @Test
  void mergeMatchesTheMapRulesOnRandomLabelSets() {
    Random random = new Random(7);
    for (int round = 0; round < 3_000; round++) {
      Map<String, String> external = new LinkedHashMap<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        external.put(pick(random, KEYS), pick(random, VALUES));
      }
      boolean escape = random.nextInt(5) > 0;
      TranslatorSettings settings = new TranslatorSettings("", escape
          ? TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES : TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES,
          external, random.nextBoolean(), false, random.nextBoolean());
      List<KeyValue> resource = randomAttributes(random, 4);
      if (random.nextBoolean()) {
        resource.add(kv("service.name", pick(random, VALUES)));
      }
      if (random.nextBoolean()) {
        resource.add(kv("service.instance.id", pick(random, VALUES)));
      }
      List<KeyValue> scopeAttributes = randomAttributes(random, 2);
      List<KeyValue> point = randomAttributes(random, 6);
      InstrumentationScope scope = InstrumentationScope.newBuilder()
          .setName(random.nextBoolean() ? "lib" : "").setVersion(pick(random, VALUES))
          .addAllAttributes(scopeAttributes).build();
      ExportMetricsServiceRequest request = request(resource, scope, point);

      Translation t = new PrometheusTranslator(settings).translate(request);
      Set<String> got = new TreeSet<>();
      t.series().forEach(s -> got.add(s.labels().toString()));
      Set<String> expected = new TreeSet<>();
      Map<String, String> base = reference(settings, resource, scope, point);
      expected.add(series(base, "h_sum", null, null).toString());
      expected.add(series(base, "h_count", null, null).toString());
      expected.add(series(base, "h_bucket", "le", "1").toString());
      expected.add(series(base, "h_bucket", "le", "+Inf").toString());
      assertEquals(expected, got, "round " + round + ": resource " + resource + " scope " + scope + " point " + point
          + " external " + external);
    }
  }

  private static ExportMetricsServiceRequest request(List<KeyValue> resource, InstrumentationScope scope,
      List<KeyValue> point) {
    return MetricData.of(histogram("h", "", histogramPoint(Otlp.T, new double[] {1}, new long[] {1, 2}, 4.0)
        .toBuilder().addAllAttributes(point).build())).resource(resource).scope(scope).build();
  }

  /**
   * The rules as maps: point attributes (sanitized; colliding names joined with ";" in key order),
   * then resource attributes if absent, then scope labels and job/instance over them, then
   * external labels if absent.
   */
  private static Map<String, String> reference(TranslatorSettings settings, List<KeyValue> resource,
      InstrumentationScope scope, List<KeyValue> point) {
    boolean escape = settings.strategy().escapes();
    Map<String, String> l = sanitized(point, escape);
    if (settings.resourceToTelemetry()) {
      sanitized(resource, escape).forEach(l::putIfAbsent);
    }
    if (settings.scopeLabels() && !scope.getName().isEmpty()) {
      l.put("otel_scope_name", scope.getName());
      l.put("otel_scope_version", scope.getVersion());
      l.put("otel_scope_schema_url", "");
      for (KeyValue kv : scope.getAttributesList()) {
        l.put(PrometheusNaming.labelName("otel_scope_" + kv.getKey(), escape), kv.getValue().getStringValue());
      }
    }
    String service = null;
    String instance = null;
    for (KeyValue kv : resource) {
      if (kv.getKey().equals("service.name")) {
        service = kv.getValue().getStringValue();
      } else if (kv.getKey().equals("service.instance.id")) {
        instance = kv.getValue().getStringValue();
      }
    }
    if (service != null) {
      l.put("job", service);
    }
    if (instance != null) {
      l.put("instance", instance);
    }
    settings.externalLabels().forEach(l::putIfAbsent);
    return l;
  }

  /** A series' labels from the point's map: its name and extra label replace any of the same name. */
  private static Labels series(Map<String, String> base, String name, String extraName, String extraValue) {
    Map<String, String> l = new HashMap<>(base);
    l.remove(Labels.NAME);
    if (extraName != null) {
      l.put(extraName, extraValue);
    }
    l.put(Labels.NAME, name);
    return Labels.of(l);
  }

  private static Map<String, String> sanitized(List<KeyValue> attributes, boolean escape) {
    List<KeyValue> sorted = new ArrayList<>(attributes);
    sorted.sort(Comparator.comparing(KeyValue::getKey));
    Map<String, String> l = new HashMap<>();
    for (KeyValue kv : sorted) {
      l.merge(PrometheusNaming.labelName(kv.getKey(), escape), kv.getValue().getStringValue(), (a, b) -> a + ";" + b);
    }
    return l;
  }

  private static List<KeyValue> randomAttributes(Random random, int max) {
    List<KeyValue> out = new ArrayList<>();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      out.add(kv(pick(random, KEYS), pick(random, VALUES)));
    }
    return out;
  }

  private static String pick(Random random, String[] from) {
    return from[random.nextInt(from.length)];
  }
}
