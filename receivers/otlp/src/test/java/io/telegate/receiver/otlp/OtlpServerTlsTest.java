package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.testing.ServerTlsContract;
import io.telegate.testing.TlsPeers;
import io.telegate.testing.data.TraceData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.Nested;

/** The shared server TLS tests, on both of the OTLP receiver's protocols. */
class OtlpServerTlsTest {

  private static final byte[] SPAN = TraceData.spans(1).names(i -> "tls").bytes();

  /** The receiver with one protocol, TLS on. */
  abstract static class OnOneProtocol extends ServerTlsContract {
    ReceiverFixture fixture;
    private final boolean grpc;

    OnOneProtocol(boolean grpc) {
      this.grpc = grpc;
    }

    @Override
    protected void startServer(Map<String, Object> tls) throws Exception {
      fixture = grpc ? ReceiverFixture.start(Map.of("tls", tls), null) : ReceiverFixture.start(null, Map.of("tls", tls));
    }

    @Override
    protected void stopServer() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Nested
  class Grpc extends OnOneProtocol {
    Grpc() {
      super(true);
    }

    @Override
    protected void request(KeyManager keys, TlsPeers.Remembering trust) throws Exception {
      var ssl = GrpcSslContexts.forClient().trustManager(trust);
      if (keys != null) {
        ssl.keyManager(keys);
      }
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fixture.grpcPort()).sslContext(ssl.build())
          .build();
      try {
        TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .export(ExportTraceServiceRequest.parseFrom(SPAN));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Nested
  class Http extends OnOneProtocol {
    Http() {
      super(false);
    }

    @Override
    protected void request(KeyManager keys, TlsPeers.Remembering trust) throws Exception {
      // A client of its own per request: a new connection, a new handshake.
      HttpClient client = HttpClient.newBuilder().sslContext(TlsPeers.context(keys, trust))
          .connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
          + fixture.httpUri("/").getPort() + "/v1/traces")).header("Content-Type", "application/x-protobuf")
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(SPAN)).build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals(200, r.statusCode());
    }
  }
}
