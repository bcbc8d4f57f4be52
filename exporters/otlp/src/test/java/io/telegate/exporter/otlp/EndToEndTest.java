package io.telegate.exporter.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.testing.Await;
import io.telegate.testing.TestCertificates;
import io.telegate.testing.TestHost;
import io.telegate.testing.otlp.OtlpTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole way with real peers: the OpenTelemetry Java SDK sends traces, metrics and logs over
 * OTLP/gRPC to a test server that hands them to this module's exporter, which sends them to a
 * second test server acting as the backend; over gRPC and HTTP, with TLS on and off.
 */
class EndToEndTest {

  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout"));
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final TestCertificates certs = TestCertificates.shared();

  private final TestHost host = new TestHost();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @ParameterizedTest(name = "{0} exporter with a client certificate")
  @CsvSource({"otlp", "otlphttp"})
  void mutualTlsPresentsTheClientCertificate(String type) throws Exception {
    OtlpTestServer backend = backend(OtlpTestServer.builder().tls(certs).requireClientCertificates(certs.caPem()));
    Map<String, Object> tls = Map.of("ca_file", certs.caPem().toString(), "cert_file",
        certs.clientCertPem().toString(), "key_file", certs.clientKeyPem().toString());
    sendDirectly(type, backend, tls);
    assertEquals("CN=telegate-test-client", backend.received().get(0).clientCertificate());
  }

  @ParameterizedTest(name = "{0} exporter skipping verification")
  @CsvSource({"otlp", "otlphttp"})
  void insecureSkipVerifyAcceptsAnUntrustedServer(String type) throws Exception {
    // The test CA is trusted by nobody here.
    OtlpTestServer backend = backend(OtlpTestServer.builder().tls(certs));
    sendDirectly(type, backend, Map.of("insecure_skip_verify", true));
  }

  /** Exports two spans straight into the exporter (no SDK, no gateway receiver) over TLS. */
  private void sendDirectly(String type, OtlpTestServer backend, Map<String, Object> tls) throws Exception {
    ExporterFactory<?> factory = type.equals("otlp") ? new OtlpGrpcExporterFactory() : new OtlpHttpExporterFactory();
    Map<String, Object> config = type.equals("otlp")
        ? Map.of("endpoint", "127.0.0.1:" + backend.grpcPort(), "tls", tls)
        : Map.of("endpoint", "https://127.0.0.1:" + backend.httpPort(), "tls", tls);
    Exporter<Traces> traces = start(createTraces(factory, CreateSettings.of(ComponentKind.EXPORTER,
        ComponentId.of(type)), config));
    traces.consume(TestData.spans("tls", 2).encoded()).join();
    backend.awaitItems(Signal.TRACES, 2, WAIT);
  }

  /** A backend on both transports. */
  private OtlpTestServer backend(OtlpTestServer.Builder options) throws Exception {
    OtlpTestServer backend = options.protocols(OtlpTestServer.Protocol.GRPC, OtlpTestServer.Protocol.HTTP).start();
    toClose.add(backend);
    return backend;
  }

  @ParameterizedTest(name = "{0} exporter, TLS {1}")
  @CsvSource({"otlp, false", "otlp, true", "otlphttp, false", "otlphttp, true", "otlp_grpc, true",
      "otlp_http, false"})
  void everySpanMetricPointAndLogRecordFromTheSdkArrives(String type, boolean tls) throws Exception {
    OtlpTestServer backend = backend(tls ? OtlpTestServer.builder().tls(certs) : OtlpTestServer.builder());
    Map<String, Object> config = type.startsWith("otlp_") || type.equals("otlp")
        ? type.equals("otlp_http") ? httpConfig(backend, tls) : grpcConfig(backend, tls)
        : httpConfig(backend, tls);
    ExporterFactory<?> factory = type.equals("otlp") || type.equals("otlp_grpc")
        ? new OtlpGrpcExporterFactory() : new OtlpHttpExporterFactory();
    assertTrue(factory.type().equals(type) || factory.aliases().contains(type));
    CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of(type));
    Exporter<Traces> traces = start(createTraces(factory, settings, config));
    Exporter<Metrics> metrics = start(createMetrics(factory, settings, config));
    Exporter<Logs> logs = start(createLogs(factory, settings, config));
    OtlpTestServer gateway = OtlpTestServer.grpc().forwardTo(traces, metrics, logs);
    toClose.add(gateway);

    String gatewayEndpoint = "http://" + gateway.grpcEndpoint();
    sendSpans(gatewayEndpoint);
    sendMetrics(gatewayEndpoint);
    sendLogs(gatewayEndpoint);

    backend.awaitItems(Signal.TRACES, 3, WAIT);
    backend.awaitItems(Signal.METRICS, 3, WAIT);
    backend.awaitItems(Signal.LOGS, 3, WAIT);
    assertEquals(List.of("op-0", "op-1", "op-2"), spanNames(backend));
    assertEquals(3, backend.itemCount(Signal.TRACES));
    assertEquals(3, backend.itemCount(Signal.METRICS));
    assertEquals(3, backend.itemCount(Signal.LOGS));
    // The backend has the data a moment before the exporter has the backend's answer.
    Await.until("the exporter to count what it sent", WAIT,
        () -> host.value("otelcol_exporter_sent_spans{exporter=\"" + type + "\"") == 3);
  }

  private static Map<String, Object> grpcConfig(OtlpTestServer backend, boolean tls) {
    return Map.of("endpoint", backend.grpcEndpoint(),
        "tls", tls ? Map.of("ca_file", certs.caPem().toString()) : Map.of("insecure", true));
  }

  private static Map<String, Object> httpConfig(OtlpTestServer backend, boolean tls) {
    return tls
        ? Map.of("endpoint", backend.httpUrl(), "tls", Map.of("ca_file", certs.caPem().toString()))
        : Map.of("endpoint", backend.httpUrl());
  }

  private <E extends Exporter<?>> E start(E exporter) throws Exception {
    exporter.start(host);
    toClose.add(() -> exporter.shutdown(Duration.ofSeconds(5)));
    return exporter;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ComponentConfig bind(ComponentFactory<?> f, Map<String, Object> raw) {
    ConfigErrors errors = new ConfigErrors();
    ComponentConfig c = (ComponentConfig) ConfigBinder.bind(raw, (Record) f.defaultConfig(), "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertTrue(c.validate().isEmpty(), () -> c.validate().toString());
    return c;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Exporter<Traces> createTraces(ExporterFactory f, CreateSettings s, Map<String, Object> raw) {
    return f.createTraces(s, bind(f, raw));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Exporter<Metrics> createMetrics(ExporterFactory f, CreateSettings s, Map<String, Object> raw) {
    return f.createMetrics(s, bind(f, raw));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Exporter<Logs> createLogs(ExporterFactory f, CreateSettings s, Map<String, Object> raw) {
    return f.createLogs(s, bind(f, raw));
  }

  private static List<String> spanNames(OtlpTestServer backend) {
    List<String> names = new ArrayList<>();
    for (ExportTraceServiceRequest t : backend.traces()) {
      for (ResourceSpans rs : t.getResourceSpansList()) {
        assertEquals("checkout", rs.getResource().getAttributes(0).getValue().getStringValue());
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          ss.getSpansList().stream().map(Span::getName).forEach(names::add);
        }
      }
    }
    names.sort(null);
    return names;
  }

  private static void sendSpans(String endpoint) {
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
        .addSpanProcessor(SimpleSpanProcessor.create(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build()))
        .build();
    Tracer tracer = provider.get("e2e");
    for (int i = 0; i < 3; i++) {
      tracer.spanBuilder("op-" + i).startSpan().end();
    }
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  private void sendMetrics(String endpoint) {
    SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE)
        .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder().setEndpoint(endpoint)
            .build()).setInterval(Duration.ofHours(1)).build())
        .build();
    Meter meter = provider.get("e2e");
    var counter = meter.counterBuilder("orders").build();
    counter.add(2, Attributes.of(AttributeKey.stringKey("region"), "eu"));
    counter.add(5, Attributes.of(AttributeKey.stringKey("region"), "us"));
    meter.histogramBuilder("latency").build().record(12.5);
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    // Shut down after the assertions: its last flush sends the same cumulative points again.
    toClose.add(provider::close);
  }

  private static void sendLogs(String endpoint) {
    SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(
            OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).build()))
        .build();
    Logger logger = provider.get("e2e");
    for (int i = 0; i < 3; i++) {
      logger.logRecordBuilder().setBody("line " + i).emit();
    }
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
