package io.telegate.testing.otlp;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.StatusProto;
import io.telegate.core.component.Signal;
import io.telegate.transport.grpc.GrpcCodecs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** OTLP/gRPC on grpc-java (Netty, shaded), with transport's zstd and snappy codecs. */
final class GrpcSide implements AutoCloseable {

  private final OtlpTestServer owner;
  private final Server server;

  GrpcSide(OtlpTestServer owner, int port, PemServerTls tls) throws IOException {
    this.owner = owner;
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .maxInboundMessageSize(64 << 20)
        .decompressorRegistry(GrpcCodecs.decompressors())
        .compressorRegistry(GrpcCodecs.compressors());
    if (tls != null) {
      SslContextBuilder ssl = GrpcSslContexts.forServer(tls.certPem.toFile(), tls.keyPem.toFile());
      if (tls.clientCaPem != null) {
        ssl.trustManager(tls.clientCaPem.toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      b.sslContext(ssl.build());
    }
    for (Signal s : Signal.values()) {
      MethodDescriptor<byte[], byte[]> method = OtlpGrpcMethods.export(s);
      b.addService(ServerServiceDefinition.builder(MethodDescriptor.extractFullServiceName(method.getFullMethodName()))
          .addMethod(method, new Export(s)).build());
    }
    server = b.build().start();
  }

  int port() {
    return server.getPort();
  }

  /** One unary Export: the request is recorded and answered when its reply is known. */
  private final class Export implements ServerCallHandler<byte[], byte[]> {
    private final Signal signal;

    Export(Signal signal) {
      this.signal = signal;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
      call.request(2);
      return new ServerCall.Listener<>() {
        private byte[] request;

        @Override
        public void onMessage(byte[] message) {
          request = message;
        }

        @Override
        public void onHalfClose() {
          if (request == null) {
            call.close(Status.INVALID_ARGUMENT.withDescription("no request message"), new Metadata());
            return;
          }
          owner.handle(OtlpTestServer.Protocol.GRPC, signal, call.getMethodDescriptor().getFullMethodName(),
              headers(headers), request, false, clientCertificate(call)).whenComplete((reply, failure) -> {
                try {
                  if (failure != null) {
                    call.close(Status.INTERNAL.withDescription(String.valueOf(failure)), new Metadata());
                  } else {
                    answer(call, reply);
                  }
                } catch (IllegalStateException cancelled) {
                  // the call ended on the client's side first
                }
              });
        }
      };
    }
  }

  private static void answer(ServerCall<byte[], byte[]> call, Reply reply) {
    if (reply.grpcCode() == Reply.OK) {
      call.sendHeaders(new Metadata());
      call.sendMessage(reply.grpcResponse());
      call.close(Status.OK, new Metadata());
      return;
    }
    if (reply.retryDelay() == null) {
      call.close(Status.fromCodeValue(reply.grpcCode()).withDescription(reply.message()), new Metadata());
      return;
    }
    // The delay travels as google.rpc.RetryInfo in the status details (grpc-status-details-bin).
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(reply.grpcCode())
        .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
            .setSeconds(reply.retryDelay().getSeconds()).setNanos(reply.retryDelay().getNano())).build()));
    if (reply.message() != null) {
      status.setMessage(reply.message());
    }
    StatusRuntimeException e = StatusProto.toStatusRuntimeException(status.build());
    call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
  }

  private static Map<String, List<String>> headers(Metadata metadata) {
    Map<String, List<String>> headers = new HashMap<>();
    for (String key : metadata.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        continue;
      }
      List<String> values = new ArrayList<>();
      metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)).forEach(values::add);
      headers.put(key.toLowerCase(Locale.ROOT), values);
    }
    return headers;
  }

  private static String clientCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return null;
    }
    try {
      return session.getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException none) {
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
