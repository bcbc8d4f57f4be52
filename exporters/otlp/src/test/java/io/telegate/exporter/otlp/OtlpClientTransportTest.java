package io.telegate.exporter.otlp;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.data.Traces;
import io.telegate.core.component.Exporter;
import io.telegate.testing.ClientTransportContract;
import io.telegate.testing.HttpProxyContract;
import io.telegate.testing.TlsPeers;
import io.telegate.testing.data.TraceData;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.Nested;

/** The shared client transport tests (TLS; proxy_url for HTTP), on both OTLP exporters: gRPC against a grpc-java server, HTTP against the JDK's. */
class OtlpClientTransportTest {

  private static Map<String, Object> raw(String endpoint, Map<String, Object> keys) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("endpoint", endpoint);
    raw.putAll(keys);
    raw.put("sending_queue", Map.of("enabled", false));
    raw.put("retry_on_failure", Map.of("enabled", false));
    raw.put("timeout", "10s");
    return raw;
  }

  @Nested
  class Grpc extends ClientTransportContract<Traces> {
    private Server server;

    @Override
    protected int startServer(KeyManager key, TlsPeers.Remembering clientTrust, int port) throws Exception {
      SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(key));
      if (clientTrust != null) {
        ssl.trustManager(clientTrust).clientAuth(ClientAuth.REQUIRE);
      }
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).sslContext(ssl.build())
          .addService(new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
              out.onNext(ExportTraceServiceResponse.getDefaultInstance());
              out.onCompleted();
            }
          }).build().start();
      return server.getPort();
    }

    @Override
    protected void stopServer() {
      if (server != null) {
        server.shutdownNow();
        try {
          server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        server = null;
      }
    }

    @Override
    protected Traces data() {
      return TraceData.spans(1).names(i -> "tls").encoded();
    }

    @Override
    protected Exporter<Traces> exporter(String base, Map<String, Object> keys) {
      return new OtlpGrpcExporterFactory().createTraces(CreateSettings.of(ComponentKind.EXPORTER,
          ComponentId.of("otlp")), bind(raw(base, keys), OtlpGrpcExporterConfig.DEFAULT));
    }

    @Override
    protected String base(int port) {
      return "127.0.0.1:" + port;
    }

  }

  @Nested
  class Http extends ClientTransportContract<Traces> implements HttpProxyContract {
    @Override
    protected Traces data() {
      return TraceData.spans(1).names(i -> "tls").encoded();
    }

    @Override
    protected Exporter<Traces> exporter(String base, Map<String, Object> keys) {
      return new OtlpHttpExporterFactory().createTraces(CreateSettings.of(ComponentKind.EXPORTER,
          ComponentId.of("otlphttp")), bind(raw(base, keys), OtlpHttpExporterConfig.DEFAULT));
    }
  }
}
