package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.data.Traces;
import io.telegate.exporter.otlp.OtlpGrpcExporterConfig;
import io.telegate.exporter.otlp.OtlpGrpcExporterFactory;
import io.telegate.exporter.otlp.OtlpHttpExporterConfig;
import io.telegate.exporter.otlp.OtlpHttpExporterFactory;
import io.telegate.receiver.otlp.OtlpReceiver;
import io.telegate.receiver.otlp.OtlpReceiverConfig;
import io.telegate.receiver.otlp.OtlpReceiverFactory;
import io.telegate.testing.Await;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.TraceData;
import io.telegate.testing.otlp.OtlpGrpcMethods;
import io.telegate.testing.otlp.OtlpTestServer;
import io.telegate.testing.otlp.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A slow backend fills the exporter's queue: the OTLP receiver in front answers its client with
 * 429 / {@code RESOURCE_EXHAUSTED}, and every item is accounted for as sent or refused, none
 * silently dropped. (Here, where every module is, because it takes the receiver and an exporter.)
 */
class BackpressureTest {

  @Test
  void aFullHttpExporterQueueRefusesUpstreamWith429AndEveryItemIsAccountedFor() throws Exception {
    TestHost host = new TestHost();
    CompletableFuture<Void> slowBackend = new CompletableFuture<>();
    try (OtlpTestServer backend = OtlpTestServer.http()) {
      backend.answerAfterScript(Reply.ok().after(slowBackend));
      ConfigErrors errors = new ConfigErrors();
      OtlpHttpExporterConfig config = ConfigBinder.bind(Map.of("endpoint", backend.httpUrl(),
          "sending_queue", Map.of("num_consumers", 1, "queue_size", 2)), OtlpHttpExporterConfig.DEFAULT, "", errors);
      assertTrue(errors.isEmpty() && config.validate().isEmpty(), errors + " " + config.validate());
      Exporter<Traces> exporter = new OtlpHttpExporterFactory()
          .createTraces(CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("otlphttp")), config);
      exporter.start(host);
      OtlpReceiver gateway = startReceiver(host, exporter);
      try {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + gateway.httpAddress().getPort() + "/v1/traces"))
              .header("Content-Type", "application/x-protobuf")
              .POST(HttpRequest.BodyPublishers.ofByteArray(spans("bp" + i, 2)))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
          statuses.add(r.statusCode());
          if (i == 0) {
            // The first request is being sent (and held by the backend) before the next ones come.
            Await.until("the first send to reach the backend", Duration.ofSeconds(10),
                () -> backend.received().size() == 1);
          }
        }
        // queue_size counts a request until the backend acknowledged it: one in flight, one waiting.
        assertEquals(List.of(200, 200, 429, 429, 429), statuses);
        assertEquals(6, host.value("otelcol_exporter_enqueue_failed_spans{exporter=\"otlphttp\""));

        slowBackend.complete(null);
        Await.until("the queued requests to be sent", Duration.ofSeconds(20),
            () -> host.value("otelcol_exporter_sent_spans{exporter=\"otlphttp\"") == 4);
        assertEquals(2, backend.received().size());
        double sent = host.value("otelcol_exporter_sent_spans{exporter=\"otlphttp\"");
        double failed = host.value("otelcol_exporter_send_failed_spans{exporter=\"otlphttp\"");
        double refused = host.value("otelcol_exporter_enqueue_failed_spans{exporter=\"otlphttp\"");
        assertEquals(10, sent + failed + refused, "sent + send_failed + enqueue_failed = every item offered");
      } finally {
        slowBackend.complete(null);
        gateway.shutdown(Duration.ofSeconds(5));
        exporter.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void aFullGrpcExporterQueueRefusesUpstreamWithResourceExhaustedAndEveryItemIsAccountedFor() throws Exception {
    TestHost host = new TestHost();
    CompletableFuture<Void> slowBackend = new CompletableFuture<>();
    try (OtlpTestServer backend = OtlpTestServer.grpc()) {
      backend.times(5, Reply.ok().after(slowBackend));
      ConfigErrors errors = new ConfigErrors();
      OtlpGrpcExporterConfig config = ConfigBinder.bind(Map.of("endpoint", backend.grpcEndpoint(),
          "tls", Map.of("insecure", true), "sending_queue", Map.of("num_consumers", 1, "queue_size", 2)),
          OtlpGrpcExporterConfig.DEFAULT, "", errors);
      assertTrue(errors.isEmpty() && config.validate().isEmpty(), errors + " " + config.validate());
      Exporter<Traces> exporter = new OtlpGrpcExporterFactory()
          .createTraces(CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("otlp")), config);
      exporter.start(host);
      OtlpReceiver gateway = startReceiver(host, exporter);
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", gateway.grpcAddress().getPort(),
          InsecureChannelCredentials.create()).build();
      try {
        List<Status.Code> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          try {
            ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.export(Signal.TRACES), CallOptions.DEFAULT,
                spans("bp" + i, 3));
            codes.add(Status.Code.OK);
          } catch (StatusRuntimeException e) {
            codes.add(e.getStatus().getCode());
          }
          if (i == 0) {
            Await.until("the first send to reach the backend", Duration.ofSeconds(10),
                () -> backend.received().size() == 1);
          }
        }
        assertEquals(List.of(Status.Code.OK, Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.RESOURCE_EXHAUSTED), codes);

        slowBackend.complete(null);
        Await.until("the queued requests to be sent", Duration.ofSeconds(20),
            () -> host.value("otelcol_exporter_sent_spans{exporter=\"otlp\"") == 6);
        double sent = host.value("otelcol_exporter_sent_spans{exporter=\"otlp\"");
        double failed = host.value("otelcol_exporter_send_failed_spans{exporter=\"otlp\"");
        double refused = host.value("otelcol_exporter_enqueue_failed_spans{exporter=\"otlp\"");
        assertEquals(9, refused);
        assertEquals(15, sent + failed + refused, "sent + send_failed + enqueue_failed = every item offered");
      } finally {
        slowBackend.complete(null);
        channel.shutdownNow();
        gateway.shutdown(Duration.ofSeconds(5));
        exporter.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  /** An encoded trace request of {@code n} spans named {@code prefix-0, prefix-1, ...}. */
  private static byte[] spans(String prefix, int n) {
    return TraceData.spans(n).named(prefix + "-").ids(16, 8).bytes();
  }

  /** Telegate's OTLP receiver (gRPC and HTTP on free loopback ports) feeding {@code traces}. */
  private static OtlpReceiver startReceiver(TestHost host, Exporter<Traces> traces) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig config = ConfigBinder.bind(Map.of("protocols", Map.of(
        "grpc", Map.of("endpoint", "127.0.0.1:0"), "http", Map.of("endpoint", "127.0.0.1:0"))),
        OtlpReceiverConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty() && config.validate().isEmpty(), errors + " " + config.validate());
    CreateSettings settings = CreateSettings.of(ComponentKind.RECEIVER, ComponentId.of("otlp"));
    OtlpReceiverFactory factory = new OtlpReceiverFactory();
    OtlpReceiver receiver = (OtlpReceiver) factory.createTraces(settings, config, traces);
    factory.createMetrics(settings, config, new RecordingConsumer<>());
    factory.createLogs(settings, config, new RecordingConsumer<>());
    receiver.start(host);
    return receiver;
  }
}
