package io.telegate.receiver.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.StatusProto;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.TelemetryData;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OTLP gRPC {@code Export} method of one signal, on raw bytes: the request goes to the
 * signal's intake as it came off the wire, and the answer is sent once the pipeline has taken it.
 */
final class OtlpGrpcService {

  /** An empty {@code Export*ServiceResponse}: proto3 encodes it as no bytes. */
  private static final byte[] EMPTY_RESPONSE = new byte[0];

  private OtlpGrpcService() {}

  /** The service definition for the signal of {@code intake}, under the OTLP service and method names. */
  static <T extends TelemetryData<?>> ServerServiceDefinition definition(SignalIntake<T> intake) {
    MethodDescriptor<?, ?> proto = switch (intake.signal()) {
      case TRACES -> TraceServiceGrpc.getExportMethod();
      case METRICS -> MetricsServiceGrpc.getExportMethod();
      case LOGS -> LogsServiceGrpc.getExportMethod();
    };
    MethodDescriptor<GrpcRequest, byte[]> method = MethodDescriptor.<GrpcRequest, byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(proto.getFullMethodName())
        .setRequestMarshaller(new GrpcRequest.Marshaller(intake))
        .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
        .build();
    return ServerServiceDefinition.builder(proto.getServiceName())
        .addMethod(method, (call, headers) -> new Export<>(intake, call))
        .build();
  }

  /**
   * One unary Export call. Not grpc-java's {@code ServerCalls.asyncUnaryCall}: a request parsed
   * holds intake budget, and a call cancelled before its request is handled (or sent two) must give
   * it back, which that helper cannot tell its method. grpc-java calls the listener's methods one
   * at a time; the answer is sent from the pipeline's completion, after which only
   * {@link #onCancel} can still run, and it leaves the request alone once it is handled.
   */
  static final class Export<T extends TelemetryData<?>> extends ServerCall.Listener<GrpcRequest> {
    private final SignalIntake<T> intake;
    private final ServerCall<GrpcRequest, byte[]> call;
    private final ClientContext client;
    private GrpcRequest request;
    private final AtomicBoolean handled = new AtomicBoolean();

    Export(SignalIntake<T> intake, ServerCall<GrpcRequest, byte[]> call) {
      this.intake = intake;
      this.call = call;
      // Read here, on the call's first callback, where the interceptors' context is current.
      ClientContext c = ClientContextInterceptor.CLIENT.get();
      this.client = c == null ? ClientContext.EMPTY : c;
      // Two, as grpc-java's helper does, so that a second message is seen and refused.
      call.request(2);
    }

    @Override
    public void onMessage(GrpcRequest message) {
      if (request != null) {
        intake.release(message.reserved());
        if (handled.compareAndSet(false, true)) {
          intake.release(request.reserved());
          call.close(Status.INTERNAL.withDescription("Too many requests"), new Metadata());
        }
        return;
      }
      request = message;
    }

    @Override
    public void onHalfClose() {
      if (!handled.compareAndSet(false, true)) {
        return;
      }
      if (request == null) {
        call.close(Status.INTERNAL.withDescription("Half-closed without a request"), new Metadata());
        return;
      }
      export(intake, request, client, call);
    }

    @Override
    public void onCancel() {
      if (request != null && handled.compareAndSet(false, true)) {
        intake.release(request.reserved());
      }
    }
  }

  /** Runs on grpc-java's call executor, not on an event loop. */
  private static <T extends TelemetryData<?>> void export(
      SignalIntake<T> intake, GrpcRequest request, ClientContext client, ServerCall<GrpcRequest, byte[]> call) {
    if (request.failure() != null) {
      close(call, request.failure());
      return;
    }
    long cost = request.reserved();
    T data;
    try {
      data = intake.decodeProtobuf(request.bytes(), client);
    } catch (MalformedDataException e) {
      intake.release(cost);
      fail(call, ExportFailure.invalidArgument(e.getMessage()));
      return;
    }
    intake.consume(data, Protocol.GRPC).whenComplete((v, error) -> {
      intake.release(cost);
      if (error == null) {
        try {
          call.sendHeaders(new Metadata());
          call.sendMessage(EMPTY_RESPONSE);
          call.close(Status.OK, new Metadata());
        } catch (IllegalStateException e) {
          // The client went away and grpc-java closed the call: nobody is left to answer.
        }
      } else {
        fail(call, ExportFailure.from(error));
      }
    });
  }

  /** Fails the call with a status whose details carry {@code RetryInfo} when the pipeline asked for a delay. */
  private static void fail(ServerCall<?, ?> call, ExportFailure failure) {
    close(call, StatusProto.toStatusRuntimeException(failure.toRpcStatus()));
  }

  private static void close(ServerCall<?, ?> call, StatusRuntimeException failure) {
    Metadata trailers = failure.getTrailers();
    try {
      call.close(failure.getStatus(), trailers == null ? new Metadata() : trailers);
    } catch (IllegalStateException e) {
      // Closed already (the client went away).
    }
  }
}
