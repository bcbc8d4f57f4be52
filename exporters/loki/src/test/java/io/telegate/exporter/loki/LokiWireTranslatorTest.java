package io.telegate.exporter.loki;

import static io.telegate.exporter.loki.OtlpLogsBuilder.config;
import static io.telegate.testing.data.Values.kv;
import static io.telegate.testing.data.Values.list;
import static io.telegate.exporter.loki.OtlpLogsBuilder.logs;
import static io.telegate.testing.data.Values.map;
import static io.telegate.testing.data.Values.num;
import static io.telegate.testing.data.LogData.record;
import static io.telegate.exporter.loki.OtlpLogsBuilder.resource;
import static io.telegate.testing.data.Values.str;
import static io.telegate.exporter.loki.OtlpLogsBuilder.withIds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.testing.data.Values;
import io.telegate.testing.loki.TestLokiServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests of the wire path: OTLP logs and a config in, the exact Loki streams out. */
class LokiWireTranslatorTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 5), ZoneOffset.UTC);
  private static final List<io.opentelemetry.proto.common.v1.KeyValue> SERVICE = List.of(
      kv("service.namespace", "shop"), kv("service.name", "cart"), kv("service.instance.id", "cart-1"));

  private static LokiWireTranslator.Result translate(LokiExporterConfig config, Logs logs) {
    return new LokiWireTranslator(config, CLOCK).translate(logs);
  }

  /** "tenant|labels" of every stream, in order. */
  private static List<String> streams(LokiWireTranslator.Result r) {
    return r.streams().stream().map(s -> s.tenant() + "|" + s.labelsText()).toList();
  }

  private static String onlyLine(LokiWireTranslator.Result r) {
    assertEquals(1, r.streams().size(), streams(r).toString());
    assertEquals(1, r.streams().get(0).entries().size());
    return r.streams().get(0).entries().get(0).line();
  }

  private static String onlyLabels(LokiWireTranslator.Result r) {
    assertEquals(1, r.streams().size(), streams(r).toString());
    return r.streams().get(0).labelsText();
  }

  @Test
  void defaultLabelsAreExporterJobInstanceAndLevel() {
    var r = translate(config(), logs(resource(SERVICE, record(1000, "hello").setSeverityNumberValue(9))));
    assertEquals("{exporter=\"OTLP\", instance=\"cart-1\", job=\"shop/cart\", level=\"INFO\"}", onlyLabels(r));
    assertEquals("{\"body\":\"hello\",\"resources\":{\"service.instance.id\":\"cart-1\",\"service.name\":\"cart\","
        + "\"service.namespace\":\"shop\"}}", onlyLine(r));
  }

  @Test
  void jobIsTheServiceNameAloneWithoutNamespaceAndAbsentWithoutName() {
    assertEquals("{exporter=\"OTLP\", job=\"cart\"}",
        onlyLabels(translate(config(), logs(resource(List.of(kv("service.name", "cart")), record(1, "a"))))));
    assertEquals("{exporter=\"OTLP\"}",
        onlyLabels(translate(config(), logs(resource(List.of(kv("service.namespace", "shop")), record(1, "a"))))));
  }

  @Test
  void eachDefaultLabelCanBeSwitchedOff() {
    var r = translate(config("default_labels_enabled", Map.of("exporter", false, "job", false)),
        logs(resource(SERVICE, record(1, "a").setSeverityNumberValue(17))));
    assertEquals("{instance=\"cart-1\", level=\"ERROR\"}", onlyLabels(r));
    r = translate(config("default_labels_enabled", Map.of("instance", false, "level", false)),
        logs(resource(SERVICE, record(1, "a").setSeverityNumberValue(17))));
    assertEquals("{exporter=\"OTLP\", job=\"shop/cart\"}", onlyLabels(r));
  }

  @Test
  void levelComesFromTheSeverityNumberUnlessALevelAttributeExists() {
    LokiExporterConfig c = config("default_labels_enabled", Map.of("exporter", false));
    assertEquals("{level=\"WARN\"}", onlyLabels(translate(c, logs(resource(List.of(),
        record(1, "a").setSeverityNumberValue(13))))));
    assertEquals("{level=\"INFO2\"}", onlyLabels(translate(c, logs(resource(List.of(),
        record(1, "a").setSeverityNumberValue(10))))));
    var r = translate(c, logs(resource(List.of(), record(1, "a", kv("level", "notice")).setSeverityNumberValue(9))));
    assertEquals("{level=\"notice\"}", onlyLabels(r));
    assertEquals("{\"body\":\"a\"}", onlyLine(r), "the promoted level attribute leaves the line");
    assertEquals("{exporter=\"OTLP\"}", onlyLabels(translate(config(), logs(resource(List.of(), record(1, "a"))))),
        "no severity number, no level");
  }

  @Test
  void explicitLabelsRenameAttributesAndTakeThemOutOfTheLine() {
    LokiExporterConfig c = config("labels", Map.of(
        "resource", Map.of("service.name", "service_name"),
        "attributes", Map.of("http.method", "method"),
        "static", Map.of("env", "prod")),
        "default_labels_enabled", Map.of("exporter", false, "job", false, "instance", false));
    var r = translate(c, logs(resource(SERVICE, record(1, "a", kv("http.method", "GET"), kv("user", "u1")))));
    assertEquals("{env=\"prod\", method=\"GET\", service_name=\"cart\"}", onlyLabels(r));
    assertEquals("{\"body\":\"a\",\"attributes\":{\"user\":\"u1\"},\"resources\":{\"service.instance.id\":\"cart-1\","
        + "\"service.namespace\":\"shop\"}}", onlyLine(r));
  }

  @Test
  void olderLabelsRecordKeyTurnsRecordFieldsIntoLabels() {
    LokiExporterConfig c = config("labels", Map.of("record", Map.of("traceID", "traceid", "severity", "sev")),
        "default_labels_enabled", Map.of("exporter", false, "level", false));
    var r = translate(c, logs(resource(List.of(), record(1, "a").setSeverityText("WARN")
        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16})))));
    assertEquals("{sev=\"WARN\", traceid=\"0102030405060708090a0b0c0d0e0f10\"}", onlyLabels(r));
    assertEquals(List.of("record::flags: unknown log record field (expected one of: traceID, spanID, "
        + "severity, severityN)"), new LabelsConfig(Map.of(), Map.of(), Map.of(), Map.of("flags", "f"))
            .validate());
  }

  @Test
  void explicitConfigWinsOverHintsAndHintsWinOverDefaults() {
    LokiExporterConfig c = config("labels", Map.of("static", Map.of("exporter", "telegate")));
    var r = translate(c, logs(resource(List.of(kv("service.name", "cart"), kv("job", "from-hint"),
        kv("loki.resource.labels", "job")), record(1, "a"))));
    assertEquals("{exporter=\"telegate\", job=\"from-hint\"}", onlyLabels(r));
  }

  @Test
  void resourceHintPromotesResourceAttributesUnderSanitizedNames() {
    var r = translate(config("default_labels_enabled", Map.of("exporter", false, "job", false, "instance", false)),
        logs(resource(List.of(kv("service.name", "cart"), kv("k8s.pod.name", "pod-7"), kv("host", "h1"),
            kv("loki.resource.labels", "service.name, k8s.pod.name")), record(1, "a"))));
    assertEquals("{k8s_pod_name=\"pod-7\", service_name=\"cart\"}", onlyLabels(r));
    assertEquals("{\"body\":\"a\",\"resources\":{\"host\":\"h1\"}}", onlyLine(r), "hint and promoted attributes left out");
  }

  @Test
  void recordHintsPromoteLogAttributesAndResourceAttributes() {
    var r = translate(config("default_labels_enabled", Map.of("exporter", false, "job", false)),
        logs(resource(List.of(kv("service.name", "cart"), kv("region", "eu")),
            record(1, "a", kv("event.domain", "web"), kv("user", "u1"),
                kv("loki.attribute.labels", "event.domain"), kv("loki.resource.labels", "region")))));
    assertEquals("{event_domain=\"web\", region=\"eu\"}", onlyLabels(r));
    assertEquals("{\"body\":\"a\",\"attributes\":{\"user\":\"u1\"},\"resources\":{\"service.name\":\"cart\"}}",
        onlyLine(r));
  }

  @Test
  void hintsMayBeListsAndReachIntoMapAttributes() {
    var r = translate(config("default_labels_enabled", Map.of("exporter", false)),
        logs(resource(List.of(), record(1, "a", kv("http", map(kv("status", num(503)))), kv("kind", "x"),
            kv("loki.attribute.labels", list(str("http.status"), str("kind")))))));
    assertEquals("{http_status=\"503\", kind=\"x\"}", onlyLabels(r));
  }

  @Test
  void labelNamesAreSanitizedToLokiRules() {
    assertEquals("_1st_name_x", LokiLabels.sanitizeName("1st.name-x"));
    assertEquals("ok_Name_9", LokiLabels.sanitizeName("ok_Name_9"));
    var r = translate(config("labels", Map.of("static", Map.of("team/owner", "a\"b\\c\nd"))),
        logs(resource(List.of(), record(1, "a"))));
    assertEquals("{exporter=\"OTLP\", team_owner=\"a\\\"b\\\\c\\nd\"}", onlyLabels(r));
    assertEquals(Map.of("exporter", "OTLP", "team_owner", "a\"b\\c\nd"), TestLokiServer.parseLabels(onlyLabels(r)));
  }

  @Test
  void labelValuesOverTheLengthCapAreCutOnACharacterBoundaryAndCounted() {
    LokiExporterConfig c = config("label_value_max_length", 5,
        "labels", Map.of("attributes", Map.of("a", "a", "b", "b")));
    var r = translate(c, logs(resource(List.of(), record(1, "x", kv("a", "abcdefgh"), kv("b", "aaaé")))));
    assertEquals("{a=\"abcde\", b=\"aaaé\", exporter=\"OTLP\"}", onlyLabels(r));
    assertEquals(1, r.truncatedLabelValues());
    assertEquals("aaa", LokiLabels.truncate("aaaéé", 4), "é is two bytes: it does not fit after aaa in 4");
  }

  @Test
  void recordsWithoutAnyLabelAreDroppedAndCounted() {
    var r = translate(config("default_labels_enabled", Map.of("exporter", false, "job", false, "instance", false,
        "level", false)), logs(resource(SERVICE, record(1, "a"), record(2, "b"))));
    assertEquals(0, r.streams().size());
    assertEquals(2, r.droppedWithoutLabels());
  }

  @Test
  void jsonLineHasTheCollectorsFieldsInItsOrder() {
    LogRecord.Builder rec = withIds(record(1, "ignored", kv("b", num(2)), kv("a", str("x"))),
        "0102030405060708090a0b0c0d0e0f10", "1112131415161718")
        .setBody(map(kv("msg", "hi"), kv("n", num(3)))).setSeverityText("Warning").setFlags(1);
    var r = translate(config(), logs(resource(List.of(kv("host", "h1")),
        InstrumentationScope.newBuilder().setName("lib").setVersion("1.2").build(), rec)));
    assertEquals("{\"body\":{\"msg\":\"hi\",\"n\":3},\"traceid\":\"0102030405060708090a0b0c0d0e0f10\","
        + "\"spanid\":\"1112131415161718\",\"severity\":\"Warning\",\"flags\":1,\"attributes\":{\"a\":\"x\",\"b\":2},"
        + "\"resources\":{\"host\":\"h1\"},\"instrumentation_scope\":{\"name\":\"lib\",\"version\":\"1.2\"}}",
        onlyLine(r));
  }

  @Test
  void logfmtLineFlattensBodyAttributesAndResource() {
    LogRecord.Builder rec = withIds(record(1, "disk full", kv("path", "/var/log x")), "0102030405060708090a0b0c0d0e0f10",
        "1112131415161718").setSeverityText("ERROR");
    var r = translate(config("format", "logfmt"), logs(resource(List.of(kv("host", "h1")),
        InstrumentationScope.newBuilder().setName("lib").build(), rec)));
    assertEquals("msg=\"disk full\" traceID=0102030405060708090a0b0c0d0e0f10 spanID=1112131415161718 severity=ERROR "
        + "attribute_path=\"/var/log x\" resource_host=h1 instrumentation_scope_name=lib", onlyLine(r));
  }

  @Test
  void rawLineIsTheBodyAlone() {
    var r = translate(config("format", "raw"), logs(resource(SERVICE, record(1, "plain text", kv("a", "b")))));
    assertEquals("plain text", onlyLine(r));
    r = translate(config("format", "raw"), logs(resource(List.of(), record(1, "").setBody(map(kv("k", num(1)))))));
    assertEquals("{\"k\":1}", onlyLine(r));
  }

  @Test
  void formatHintOverridesTheConfigAndUnknownHintsFallBack() {
    var r = translate(config(), logs(resource(List.of(kv("loki.format", "raw")), record(1, "body"))));
    assertEquals("body", onlyLine(r));
    r = translate(config("format", "raw"), logs(resource(List.of(), record(1, "body", kv("loki.format", "logfmt")))));
    assertEquals("msg=body", onlyLine(r));
    r = translate(config("format", "raw"), logs(resource(List.of(), record(1, "body", kv("loki.format", "xml")))));
    assertEquals("body", onlyLine(r));
  }

  @Test
  void structuredMetadataTakesAttributesAndTraceIdsOutOfTheLine() {
    LogRecord.Builder rec = withIds(record(1, "a", kv("user.id", "u1"), kv("k", "v")),
        "0102030405060708090a0b0c0d0e0f10", "1112131415161718");
    var r = translate(config("structured_metadata", List.of("trace_id", "user.id", "pod")),
        logs(resource(List.of(kv("pod", "p-1")), rec)));
    WireStream.Entry e = r.streams().get(0).entries().get(0);
    assertEquals(List.of(new LokiLabels.Label("trace_id", "0102030405060708090a0b0c0d0e0f10"),
        new LokiLabels.Label("user_id", "u1"), new LokiLabels.Label("pod", "p-1")), e.metadata());
    assertEquals("{\"body\":\"a\",\"spanid\":\"1112131415161718\",\"attributes\":{\"k\":\"v\"}}", e.line());
  }

  @Test
  void staticTenantAppliesToEveryRecord() {
    var r = translate(config("tenant", Map.of("source", "static", "value", "acme")),
        logs(resource(SERVICE, record(1, "a"))));
    assertEquals("acme", r.streams().get(0).tenant());
  }

  @Test
  void attributeTenantPrefersTheResourceThenTheRecord() {
    var r = translate(config("tenant", Map.of("source", "attributes", "value", "org")),
        logs(resource(List.of(kv("org", "res-org")), record(1, "a", kv("org", "rec-org"))),
            resource(List.of(), record(2, "b", kv("org", "rec-org")), record(3, "c"))));
    assertEquals(List.of("res-org|{exporter=\"OTLP\"}", "rec-org|{exporter=\"OTLP\"}", "|{exporter=\"OTLP\"}"),
        streams(r));
  }

  @Test
  void contextTenantReadsTheClientsRequestMetadata() {
    ClientContext client = new ClientContext("127.0.0.1", Map.of("x-tenant", List.of("team-a")));
    var r = translate(config("tenant", Map.of("source", "context", "value", "X-Tenant")),
        logs(client, resource(List.of(), record(1, "a"))));
    assertEquals("team-a", r.streams().get(0).tenant());
  }

  @Test
  void tenantHintNamesTheAttributeHoldingTheTenantAndIsNotExported() {
    var r = translate(config(), logs(
        resource(List.of(kv("loki.tenant", "host.name"), kv("host.name", "h1")), record(1, "a")),
        resource(List.of(), record(2, "b", kv("loki.tenant", "team"), kv("team", "t2")))));
    assertEquals(List.of("h1|{exporter=\"OTLP\"}", "t2|{exporter=\"OTLP\"}"), streams(r));
    assertEquals("{\"body\":\"a\",\"resources\":{\"host.name\":\"h1\"}}", r.streams().get(0).entries().get(0).line());
  }

  @Test
  void recordsWithTheSameLabelsShareOneStreamSortedByTimestamp() {
    var r = translate(config("format", "raw"), logs(
        resource(List.of(kv("service.name", "a")), record(30, "third"), record(10, "first")),
        resource(List.of(kv("service.name", "b")), record(5, "other")),
        resource(List.of(kv("service.name", "a")), record(20, "second"), record(20, "second-too"))));
    assertEquals(List.of("|{exporter=\"OTLP\", job=\"a\"}", "|{exporter=\"OTLP\", job=\"b\"}"), streams(r));
    assertEquals(List.of("first", "second", "second-too", "third"),
        r.streams().get(0).entries().stream().map(WireStream.Entry::line).toList());
    assertEquals(List.of(10L, 20L, 20L, 30L),
        r.streams().get(0).entries().stream().map(WireStream.Entry::timestampNanos).toList());
  }

  @Test
  void timestampFallsBackToObservedTimeThenToNow() {
    var r = translate(config("format", "raw"), logs(resource(List.of(),
        record(0, "observed").setObservedTimeUnixNano(77), record(0, "now"))));
    assertEquals(List.of(77L, 1_700_000_000_000_000_005L),
        r.streams().get(0).entries().stream().map(WireStream.Entry::timestampNanos).toList());
  }

  /** The lines of every stream, in stream order. */
  private static List<String> lines(LokiWireTranslator.Result r) {
    return r.streams().stream().flatMap(s -> s.entries().stream()).map(WireStream.Entry::line).toList();
  }

  @Test
  void aRecordPromotingAResourceAttributeDoesNotShareTheResourcesOfItsNeighbours() {
    // The resources value is reused across the records of a ResourceLogs only for the same skip set.
    LokiExporterConfig c = config("default_labels_enabled", Map.of("job", false, "instance", false));
    var r = translate(c, logs(resource(List.of(kv("host", "h1"), kv("region", "eu")),
        record(1, "plain"),
        record(2, "promotes", kv("loki.resource.labels", "region")),
        record(3, "plain again"),
        record(4, "promotes both", kv("loki.resource.labels", "region, host")),
        record(5, "promotes", kv("loki.resource.labels", "region")))));
    assertEquals(List.of("|{exporter=\"OTLP\"}", "|{exporter=\"OTLP\", region=\"eu\"}",
        "|{exporter=\"OTLP\", host=\"h1\", region=\"eu\"}"), streams(r));
    assertEquals(List.of(
        "{\"body\":\"plain\",\"resources\":{\"host\":\"h1\",\"region\":\"eu\"}}",
        "{\"body\":\"plain again\",\"resources\":{\"host\":\"h1\",\"region\":\"eu\"}}",
        "{\"body\":\"promotes\",\"resources\":{\"host\":\"h1\"}}",
        "{\"body\":\"promotes\",\"resources\":{\"host\":\"h1\"}}",
        "{\"body\":\"promotes both\"}"), lines(r));
  }

  @Test
  void structuredMetadataFromTheResourceLeavesOnlyThatRecordsResources() {
    var r = translate(config("structured_metadata", List.of("pod")), logs(
        resource(List.of(kv("host", "h1")), record(1, "no pod"), record(2, "pod", kv("pod", "p-1"))),
        resource(List.of(kv("host", "h2"), kv("pod", "p-2")), record(3, "a"), record(4, "b", kv("pod", "p-3")))));
    assertEquals(List.of(
        "{\"body\":\"no pod\",\"resources\":{\"host\":\"h1\"}}",
        "{\"body\":\"pod\",\"resources\":{\"host\":\"h1\"}}",
        "{\"body\":\"a\",\"resources\":{\"host\":\"h2\"}}",
        "{\"body\":\"b\",\"resources\":{\"host\":\"h2\",\"pod\":\"p-2\"}}"), lines(r));
  }

  @Test
  void eachScopeLogsWritesItsOwnScopeAndEachResourceItsOwnResources() {
    var rl = resource(List.of(kv("host", "h1")),
        InstrumentationScope.newBuilder().setName("lib").setVersion("1").build(), record(1, "a"), record(2, "b"))
        .toBuilder()
        .addScopeLogs(io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("other \"lib\""))
            .addLogRecords(record(3, "c")))
        .addScopeLogs(io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder().addLogRecords(record(4, "d")))
        .build();
    var r = translate(config("format", "raw"), logs(rl, resource(List.of(kv("host", "h2")),
        record(5, "e", kv("loki.format", "json")))));
    assertEquals(List.of("a", "b", "c", "d", "{\"body\":\"e\",\"resources\":{\"host\":\"h2\"}}"), lines(r),
        "raw unless the hint says json");
    r = translate(config(), logs(rl, resource(List.of(kv("host", "h2")), record(5, "e"))));
    assertEquals(List.of(
        "{\"body\":\"a\",\"resources\":{\"host\":\"h1\"},\"instrumentation_scope\":{\"name\":\"lib\","
            + "\"version\":\"1\"}}",
        "{\"body\":\"b\",\"resources\":{\"host\":\"h1\"},\"instrumentation_scope\":{\"name\":\"lib\","
            + "\"version\":\"1\"}}",
        "{\"body\":\"c\",\"resources\":{\"host\":\"h1\"},\"instrumentation_scope\":{\"name\":"
            + "\"other \\\"lib\\\"\"}}",
        "{\"body\":\"d\",\"resources\":{\"host\":\"h1\"}}",
        "{\"body\":\"e\",\"resources\":{\"host\":\"h2\"}}"), lines(r));
  }

  @Test
  void formatsMixedInOneResourceKeepTheirOwnShape() {
    var r = translate(config(), logs(resource(List.of(kv("host", "h1")), InstrumentationScope.newBuilder()
            .setName("lib").build(),
        record(1, "one", kv("loki.format", "logfmt")), record(2, "two"), record(3, "three", kv("loki.format", "raw")),
        record(4, "four", kv("k", "v")))));
    assertEquals(List.of("msg=one resource_host=h1 instrumentation_scope_name=lib",
        "{\"body\":\"two\",\"resources\":{\"host\":\"h1\"},\"instrumentation_scope\":{\"name\":\"lib\"}}",
        "three",
        "{\"body\":\"four\",\"attributes\":{\"k\":\"v\"},\"resources\":{\"host\":\"h1\"},"
            + "\"instrumentation_scope\":{\"name\":\"lib\"}}"), lines(r));
  }

  @Test
  void aLongLineDoesNotLeakIntoTheNextOne() {
    String longBody = "x".repeat(5000);
    var r = translate(config(), logs(resource(List.of(), record(1, longBody), record(2, "short"))));
    assertEquals(List.of("{\"body\":\"" + longBody + "\"}", "{\"body\":\"short\"}"), lines(r));
    r = translate(config("format", "logfmt"), logs(resource(List.of(), record(1, longBody), record(2, "short"))));
    assertEquals(List.of("msg=" + longBody, "msg=short"), lines(r));
  }

  @Test
  void streamsKeepTheOrderTheyWereFirstSeenInAcrossTenantsAndLabels() {
    var r = translate(config("tenant", Map.of("source", "attributes", "value", "org"), "format", "raw"), logs(
        resource(List.of(kv("service.name", "a")), record(1, "1", kv("org", "t1")), record(2, "2", kv("org", "t2")),
            record(3, "3", kv("org", "t1")), record(4, "4", kv("org", "t2"))),
        resource(List.of(kv("service.name", "b")), record(5, "5", kv("org", "t2")), record(6, "6")),
        resource(List.of(kv("service.name", "a")), record(7, "7", kv("org", "t1")))));
    assertEquals(List.of("t1|{exporter=\"OTLP\", job=\"a\"}", "t2|{exporter=\"OTLP\", job=\"a\"}",
        "t2|{exporter=\"OTLP\", job=\"b\"}", "|{exporter=\"OTLP\", job=\"b\"}"), streams(r));
    assertEquals(List.of("1", "3", "7", "2", "4", "5", "6"), lines(r));
  }

  @Test
  void repeatedAttributeKeysKeepTheirFirstValueInTheLine() {
    var r = translate(config(), logs(resource(List.of(kv("h", "1"), kv("h", "2")),
        record(1, "a", kv("b", "x"), kv("a", "y"), kv("b", "z")))));
    assertEquals("{\"body\":\"a\",\"attributes\":{\"a\":\"y\",\"b\":\"x\"},\"resources\":{\"h\":\"1\"}}",
        onlyLine(r));
  }
}
