package io.telegate.receiver.otlp;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.telegate.core.telemetry.RpcMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** Records each call's {@code rpc_server_*} histograms (level {@code detailed} only) when it closes. */
final class GrpcServerMetrics implements ServerInterceptor {

  private final RpcMetrics metrics;

  GrpcServerMetrics(RpcMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    AtomicLong requestBytes = new AtomicLong();
    AtomicLong responseBytes = new AtomicLong();
    String method = call.getMethodDescriptor().getFullMethodName();
    ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        responseBytes.addAndGet(size(message));
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        metrics.record(method, status.getCode().value(), System.nanoTime() - start, requestBytes.get(),
            responseBytes.get());
        super.close(status, trailers);
      }
    };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(timed, headers)) {
      @Override
      public void onMessage(Q message) {
        requestBytes.addAndGet(size(message));
        super.onMessage(message);
      }
    };
  }

  private static long size(Object message) {
    if (message instanceof GrpcRequest r) {
      return r.bytes() == null ? 0 : r.bytes().length;
    }
    if (message instanceof MessageLite m) {
      return m.getSerializedSize();
    }
    return message instanceof byte[] b ? b.length : 0;
  }
}
