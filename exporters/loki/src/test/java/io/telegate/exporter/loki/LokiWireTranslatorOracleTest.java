package io.telegate.exporter.loki;

import static io.telegate.exporter.loki.OtlpLogsBuilder.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire path against the object path as oracle: for generated requests of every shape (all
 * AnyValue kinds, unicode, empty values, nested maps and lists, repeated keys, bytes, missing
 * resources and scopes, many streams, every hint, tenants) and for each config below, {@link
 * LokiWireTranslator} + {@link WirePushEncoder} must give byte for byte the push requests of
 * {@link LokiStreamTranslator} + {@link LokiPushEncoder} / {@link LokiJsonPushEncoder}, and the
 * same counts. Streams and entries come in the same order in both, so the bytes are compared as
 * they are, not after decoding.
 */
class LokiWireTranslatorOracleTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 5), ZoneOffset.UTC);
  private static final int REQUESTS_PER_CONFIG = 150;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("defaults", config()),
        Arguments.of("logfmt", config("format", "logfmt")),
        Arguments.of("raw", config("format", "raw")),
        Arguments.of("explicit labels", config("labels", Map.of(
            "resource", Map.of("service.name", "service_name", "k8s.pod.name", "pod", "ünï.cøde", "uni"),
            "attributes", Map.of("http.method", "method", "user.id", "user", "level", "lvl", "k", "k"),
            "static", Map.of("cluster", "eu-1", "job", "static-job"),
            "record", Map.of("traceID", "trace", "spanID", "span", "severity", "sev", "severityN", "sevn")))),
        Arguments.of("no default labels", config("default_labels_enabled",
            Map.of("exporter", false, "job", false, "instance", false, "level", false))),
        Arguments.of("no default labels but hints", config("default_labels_enabled",
            Map.of("exporter", false, "job", false), "format", "logfmt")),
        Arguments.of("structured metadata", config("structured_metadata",
            List.of("trace_id", "span_id", "user.id", "service.name", "k", "absent"))),
        Arguments.of("short label values", config("label_value_max_length", 5,
            "labels", Map.of("attributes", Map.of("k", "k", "ü", "u")))),
        Arguments.of("static tenant", config("tenant", Map.of("source", "static", "value", "acme"))),
        Arguments.of("attribute tenant", config("tenant", Map.of("source", "attributes", "value", "k"))),
        Arguments.of("context tenant", config("tenant", Map.of("source", "context", "value", "X-Tenant"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void wirePathWritesTheObjectPathsPushRequests(String name, LokiExporterConfig config) throws Exception {
    Random random = new Random(name.hashCode());
    ClientContext client = new ClientContext("127.0.0.1", Map.of("x-tenant", List.of("team-ä")));
    LokiStreamTranslator oracle = new LokiStreamTranslator(config, CLOCK);
    LokiWireTranslator wire = new LokiWireTranslator(config, CLOCK);
    int streams = 0;
    for (int n = 0; n < REQUESTS_PER_CONFIG; n++) {
      byte[] bytes = new Generator(random).request().toByteArray();
      LokiStreamTranslator.Result expected = oracle.translate(Logs.fromBytes(bytes, client));
      LokiWireTranslator.Result actual = wire.translate(Logs.fromBytes(bytes, client));
      String what = name + ", request " + n;
      assertEquals(expected.records(), actual.records(), what);
      assertEquals(expected.droppedWithoutLabels(), actual.droppedWithoutLabels(), what);
      assertEquals(expected.truncatedLabelValues(), actual.truncatedLabelValues(), what);
      assertEquals(expected.streams().stream().map(LokiStream::tenant).toList(),
          actual.streams().stream().map(WireStream::tenant).toList(), what);
      assertEquals(expected.streams().stream().map(LokiStream::labels).toList(),
          actual.streams().stream().map(WireStream::labels).toList(), what);
      // Lines as text first, for a readable failure; then the bodies byte for byte.
      assertEquals(expected.streams().stream().flatMap(s -> s.entries().stream()).map(LokiStream.Entry::line).toList(),
          actual.streams().stream().flatMap(s -> s.entries().stream()).map(WireStream.Entry::line).toList(), what);
      assertArrayEquals(LokiPushEncoder.encode(expected.streams()), WirePushEncoder.protobuf(actual.streams()), what);
      assertArrayEquals(LokiJsonPushEncoder.encode(expected.streams()), WirePushEncoder.json(actual.streams()), what);
      assertArrayEquals(LokiPushEncoder.encodeCompressed(expected.streams()),
          WirePushEncoder.protobufCompressed(actual.streams()), what);
      streams += actual.streams().size();
    }
    assertTrue(streams > 0, "the generated requests should make streams");
  }

  /** Random OTLP log requests, biased towards the cases where the two paths could differ. */
  static final class Generator {

    private static final String[] KEYS = {"k", "user.id", "http.method", "level", "service.name",
        "service.namespace", "service.instance.id", "k8s.pod.name", "ünï.cøde", "ü", "a.b", "a", "emoji😀",
        "\uE000pua", "z", "", "quote\"key", "loki.resource.labels", "loki.attribute.labels", "loki.tenant",
        "loki.format", "trace_id", "span_id"};
    private static final String[] STRINGS = {"", "cart", "shop", "hello world", "ünïcødé ✓", "😀 emoji",
        "\uE000 private use", "tab\there", "new\nline", "quote \" and \\ backslash", "ctl \u0001\u001f\u007f",
        "a=b c", "ERROR", "json", "logfmt", "raw", "unknown-format", "k, user.id", "a.b, ü", " level ,, k ",
        "0123456789abcdef0123", "x".repeat(40)};

    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    ExportLogsServiceRequest request() {
      ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
      int resources = random.nextInt(4);
      for (int i = 0; i < resources; i++) {
        ResourceLogs.Builder rl = ResourceLogs.newBuilder();
        if (random.nextInt(5) > 0) {
          Resource.Builder res = Resource.newBuilder();
          int n = random.nextInt(7);
          for (int a = 0; a < n; a++) {
            res.addAttributes(kv(random.nextInt(3) == 0));
          }
          if (random.nextBoolean()) {
            res.addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(str(pick(STRINGS))));
          }
          rl.setResource(res);
        }
        int scopes = random.nextInt(3);
        for (int s = 0; s < scopes; s++) {
          ScopeLogs.Builder sl = ScopeLogs.newBuilder();
          if (random.nextBoolean()) {
            sl.setScope(InstrumentationScope.newBuilder().setName(pick(STRINGS)).setVersion(pick(STRINGS)));
          }
          int records = random.nextInt(6);
          for (int r = 0; r < records; r++) {
            sl.addLogRecords(record());
          }
          rl.addScopeLogs(sl);
        }
        b.addResourceLogs(rl);
      }
      return b.build();
    }

    private LogRecord record() {
      LogRecord.Builder r = LogRecord.newBuilder();
      switch (random.nextInt(4)) {
        case 0 -> { }
        case 1 -> r.setTimeUnixNano(1_700_000_000_000_000_000L + random.nextInt(1000) * 1_000_000L);
        case 2 -> r.setObservedTimeUnixNano(1_700_000_000_000_000_000L + random.nextInt(1000));
        default -> r.setTimeUnixNano(random.nextInt(3) * 1_000_000_000L)
            .setObservedTimeUnixNano(1_700_000_000_000_000_001L);
      }
      if (random.nextInt(3) > 0) {
        r.setSeverityNumberValue(random.nextInt(27));
      }
      if (random.nextBoolean()) {
        r.setSeverityText(pick(STRINGS));
      }
      if (random.nextInt(5) > 0) {
        r.setBody(value(0));
      }
      int n = random.nextInt(8);
      for (int a = 0; a < n; a++) {
        r.addAttributes(kv(true));
      }
      if (random.nextInt(4) == 0) {
        r.setFlags(random.nextBoolean() ? 1 : -1);
      }
      if (random.nextBoolean()) {
        r.setTraceId(id(16));
      }
      if (random.nextBoolean()) {
        r.setSpanId(id(8));
      }
      return r.build();
    }

    private ByteString id(int length) {
      byte[] id = new byte[length];
      if (random.nextInt(4) > 0) {
        random.nextBytes(id);
      }
      return ByteString.copyFrom(id);
    }

    private KeyValue kv(boolean hints) {
      String key = pick(KEYS);
      if (!hints && key.startsWith("loki.") && random.nextBoolean()) {
        key = "k";
      }
      KeyValue.Builder kv = KeyValue.newBuilder().setKey(key);
      if (key.startsWith("loki.") || key.equals("level") || random.nextInt(3) == 0) {
        kv.setValue(random.nextInt(4) == 0 ? list(STRINGS) : str(pick(STRINGS)));
      } else if (random.nextInt(12) > 0) {
        kv.setValue(value(1));
      }
      return kv.build();
    }

    private AnyValue list(String[] from) {
      ArrayValue.Builder a = ArrayValue.newBuilder();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        a.addValues(str(pick(from)));
      }
      return AnyValue.newBuilder().setArrayValue(a).build();
    }

    private AnyValue value(int depth) {
      int kind = random.nextInt(depth > 2 ? 6 : 9);
      return switch (kind) {
        case 0, 1 -> str(pick(STRINGS));
        case 2 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
        case 3 -> AnyValue.newBuilder().setIntValue(random.nextBoolean() ? random.nextInt(1000) - 500
            : random.nextLong()).build();
        case 4 -> AnyValue.newBuilder().setDoubleValue(pickDouble()).build();
        case 5 -> random.nextInt(3) == 0 ? AnyValue.newBuilder().setStringValueStrindex(random.nextInt(9)).build()
            : random.nextBoolean() ? AnyValue.getDefaultInstance()
            : AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(
                pick(STRINGS).getBytes(StandardCharsets.UTF_8))).build();
        case 6 -> {
          ArrayValue.Builder a = ArrayValue.newBuilder();
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            a.addValues(value(depth + 1));
          }
          yield AnyValue.newBuilder().setArrayValue(a).build();
        }
        default -> {
          KeyValueList.Builder m = KeyValueList.newBuilder();
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            KeyValue.Builder kv = KeyValue.newBuilder().setKey(pick(KEYS));
            if (random.nextInt(8) > 0) {
              kv.setValue(value(depth + 1));
            }
            m.addValues(kv);
          }
          yield AnyValue.newBuilder().setKvlistValue(m).build();
        }
      };
    }

    private double pickDouble() {
      double[] ds = {0.0, -0.0, 1.5, -2.25e-7, 1e21, 123456789.125, Double.NaN, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.1 + 0.2};
      return ds[random.nextInt(ds.length)];
    }

    private static AnyValue str(String s) {
      return AnyValue.newBuilder().setStringValue(s).build();
    }

    private <T> T pick(T[] from) {
      return from[random.nextInt(from.length)];
    }
  }

  /** The generator must reach every AnyValue kind; otherwise the comparison above proves less. */
  @org.junit.jupiter.api.Test
  void generatorReachesEveryValueKind() {
    Random random = new Random(1);
    java.util.Set<AnyValue.ValueCase> seen = java.util.EnumSet.noneOf(AnyValue.ValueCase.class);
    for (int i = 0; i < 200; i++) {
      for (ResourceLogs rl : new Generator(random).request().getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord lr : sl.getLogRecordsList()) {
            seen.add(lr.getBody().getValueCase());
            lr.getAttributesList().forEach(kv -> seen.add(kv.getValue().getValueCase()));
          }
        }
      }
    }
    assertEquals(java.util.EnumSet.allOf(AnyValue.ValueCase.class), seen);
  }
}
