package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.extension.BearerTokenAuthConfig;
import io.telegate.core.extension.ExtensionFactories;
import io.telegate.testing.TestHost;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bearertokenauth} on both OTLP protocols (issue 17): the OpenTelemetry Java SDK's exporters
 * without the token are refused (401 / UNAUTHENTICATED, counted, nothing reaches the pipeline), with
 * it they are taken; a token file that changes takes effect without a restart.
 */
class BearerTokenAuthTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, Object> AUTH = Map.of("auth", Map.of("authenticator", "bearertokenauth"));

  @TempDir Path dir;
  private ReceiverFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ReceiverFixture start(BearerTokenAuthConfig config) throws Exception {
    TestHost host = new TestHost();
    Component ext = ExtensionFactories.bearerTokenAuth().create(CreateSettings.of(ComponentKind.EXTENSION,
        ComponentId.parse("bearertokenauth")), config);
    ext.start(host);
    host.addExtension(ComponentId.parse("bearertokenauth"), ext);
    fixture = ReceiverFixture.start(AUTH, AUTH, host);
    return fixture;
  }

  /**
   * Exports one span; true when the export itself succeeded. The export's own result is what counts:
   * {@code forceFlush} of a {@link SimpleSpanProcessor} only waits for exports still pending, so an
   * export refused before it is called would look like a success.
   */
  private static boolean export(SpanExporter exporter) {
    AtomicReference<CompletableResultCode> result = new AtomicReference<>();
    SpanExporter recording = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode r = exporter.export(spans);
        result.set(r);
        return r;
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }
    };
    try (SdkTracerProvider tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(recording))
        .build()) {
      tracer.get("test").spanBuilder("GET /").startSpan().end();
      CompletableResultCode exported = result.get();
      assertNotNull(exported, "the span processor exported the span");
      return exported.join(30, TimeUnit.SECONDS).isSuccess();
    }
  }

  private double refused(String transport) {
    return fixture.host.value("telegate_receiver_unauthenticated_requests{receiver=\"otlp\",transport=\""
        + transport + "\"}");
  }

  @Test
  void theSdkWithoutTheTokenIsRefusedOnBothProtocolsAndWithItIsTaken() throws Exception {
    start(new BearerTokenAuthConfig("Bearer", "s3cret", List.of(), null, "Authorization"));
    String grpc = "http://127.0.0.1:" + fixture.grpcPort();
    String http = fixture.httpUri("/v1/traces").toString();
    assertFalse(export(OtlpGrpcSpanExporter.builder().setEndpoint(grpc).setTimeout(WAIT).build()));
    assertFalse(export(OtlpHttpSpanExporter.builder().setEndpoint(http).setTimeout(WAIT).build()));
    assertFalse(export(OtlpHttpSpanExporter.builder().setEndpoint(http).addHeader("Authorization", "Bearer wrong")
        .setTimeout(WAIT).build()));
    assertEquals(0, fixture.traces.itemCount(), "nothing refused reached the pipeline");
    assertEquals(1, refused("grpc"));
    assertEquals(2, refused("http"));

    assertTrue(export(OtlpGrpcSpanExporter.builder().setEndpoint(grpc).addHeader("Authorization", "Bearer s3cret")
        .setTimeout(WAIT).build()));
    assertTrue(export(OtlpHttpSpanExporter.builder().setEndpoint(http).addHeader("Authorization", "Bearer s3cret")
        .setTimeout(WAIT).build()));
    assertEquals(2, fixture.traces.itemCount());
  }

  @Test
  void theRefusalIs401AndUnauthenticatedWithTheReasonNeverTheToken() throws Exception {
    start(new BearerTokenAuthConfig("Bearer", "s3cret", List.of(), null, "Authorization"));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", "application/x-protobuf",
        ReceiverFixture.spans(1).bytes());
    assertEquals(401, r.statusCode());
    Status s = Status.parseFrom(r.body());
    assertEquals(Code.UNAUTHENTICATED_VALUE, s.getCode());
    assertTrue(s.getMessage().contains("Authorization"), s.getMessage());
    assertFalse(s.getMessage().contains("s3cret"));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
            .export(ReceiverFixture.spans(1).build()));
    assertEquals(io.grpc.Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
  }

  @Test
  void aTokenFileThatChangesTakesEffectWithoutARestart() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first\n");
    start(new BearerTokenAuthConfig("Bearer", null, List.of(), file.toString(), "Authorization"));
    String http = fixture.httpUri("/v1/traces").toString();
    assertTrue(export(OtlpHttpSpanExporter.builder().setEndpoint(http).addHeader("Authorization", "Bearer first")
        .setTimeout(WAIT).build()));
    Files.writeString(file, "second\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    io.telegate.testing.Await.until("the new token is taken", Duration.ofSeconds(10), () -> export(
        OtlpHttpSpanExporter.builder().setEndpoint(http).addHeader("Authorization", "Bearer second")
            .setTimeout(WAIT).build()));
    assertFalse(export(OtlpHttpSpanExporter.builder().setEndpoint(http).addHeader("Authorization", "Bearer first")
        .setTimeout(WAIT).build()), "the old token no longer passes");
  }

  @Test
  void aReceiverNamingNoStartedAuthenticatorFailsToStartWithThePath() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ReceiverFixture.start(AUTH, null, new TestHost()));
    assertTrue(e.getMessage().contains("protocols::grpc::auth::authenticator: 'bearertokenauth' is not a started"),
        e.getMessage());
  }

  @Test
  void theConfigNeedsExactlyOneSourceOfTokens() {
    assertEquals(List.of("set exactly one of token, tokens and filename (none is set)"),
        BearerTokenAuthConfig.DEFAULT.validate());
    assertEquals(List.of("set exactly one of token, tokens and filename"),
        new BearerTokenAuthConfig("Bearer", "a", List.of("b"), null, "Authorization").validate());
  }
}
