package io.telegate.exporter.otlp;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.telegate.core.component.Signal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC OTLP backend for failure injection: answers each export with the next scripted reply
 * (OK with an empty response once the script is used up) and records requests and headers.
 */
final class ScriptedGrpcBackend implements AutoCloseable {

  /** How one export is answered. */
  interface Reply {
    void answer(byte[] request, StreamObserver<byte[]> out);
  }

  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<byte[]> requests = new ArrayList<>();
  private final List<Metadata> headers = new ArrayList<>();
  private final List<String> methods = new ArrayList<>();
  private final Server server;

  ScriptedGrpcBackend() throws Exception {
    this(null);
  }

  ScriptedGrpcBackend(TestCertificates tls) throws Exception {
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .decompressorRegistry(io.telegate.transport.grpc.GrpcCodecs.decompressors())
        .compressorRegistry(io.telegate.transport.grpc.GrpcCodecs.compressors());
    if (tls != null) {
      b.sslContext(GrpcSslContexts.forServer(tls.certFile().toFile(), tls.keyFile().toFile()).build());
    }
    ServerInterceptor recordHeaders = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md,
          ServerCallHandler<Q, R> next) {
        synchronized (requests) {
          headers.add(md);
          methods.add(call.getMethodDescriptor().getFullMethodName());
        }
        return next.startCall(call, md);
      }
    };
    for (Signal s : Signal.values()) {
      MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(OtlpGrpcSender.Bytes.INSTANCE,
          OtlpGrpcSender.Bytes.INSTANCE).setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(OtlpGrpcSender.methodName(s)).build();
      ServerServiceDefinition def = ServerServiceDefinition.builder(
          MethodDescriptor.extractFullServiceName(method.getFullMethodName()))
          .addMethod(method, ServerCalls.asyncUnaryCall(this::answer)).build();
      b.addService(ServerInterceptors.intercept(def, recordHeaders));
    }
    server = b.build().start();
  }

  private void answer(byte[] request, StreamObserver<byte[]> out) {
    Reply r;
    synchronized (requests) {
      requests.add(request);
      requests.notifyAll();
      r = script.poll();
    }
    (r == null ? ok() : r).answer(request, out);
  }

  int port() {
    return server.getPort();
  }

  String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** Appends replies to the script. */
  ScriptedGrpcBackend then(Reply... replies) {
    synchronized (requests) {
      script.addAll(List.of(replies));
    }
    return this;
  }

  /** Appends {@code n} copies of a reply. */
  ScriptedGrpcBackend times(int n, Reply reply) {
    for (int i = 0; i < n; i++) {
      then(reply);
    }
    return this;
  }

  List<byte[]> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  List<Metadata> headers() {
    synchronized (requests) {
      return new ArrayList<>(headers);
    }
  }

  List<String> methods() {
    synchronized (requests) {
      return new ArrayList<>(methods);
    }
  }

  static Reply ok() {
    return okWith(new byte[0]);
  }

  static Reply okWith(byte[] response) {
    return (req, out) -> {
      out.onNext(response);
      out.onCompleted();
    };
  }

  static Reply status(Status status) {
    return (req, out) -> out.onError(status.asRuntimeException());
  }

  /** A status whose details carry {@code google.rpc.RetryInfo} with {@code delay}. */
  static Reply withRetryInfo(Status.Code code, Duration delay) {
    com.google.rpc.Status s = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage("slow down")
        .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
            .setSeconds(delay.getSeconds()).setNanos(delay.getNano())).build()))
        .build();
    return (req, out) -> out.onError(StatusProto.toStatusRuntimeException(s));
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
