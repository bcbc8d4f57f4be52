package io.telegate.receiver.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.TelemetryData;

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
        .setRequestMarshaller(GrpcRequest.Marshaller.INSTANCE)
        .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
        .build();
    return ServerServiceDefinition.builder(proto.getServiceName())
        .addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> export(intake, request, response)))
        .build();
  }

  /** Runs on grpc-java's call executor, not on an event loop. */
  private static <T extends TelemetryData<?>> void export(
      SignalIntake<T> intake, GrpcRequest request, StreamObserver<byte[]> response) {
    // A client that gives up must not make the late answer throw.
    ((ServerCallStreamObserver<byte[]>) response).setOnCancelHandler(() -> {});
    if (request.failure() != null) {
      response.onError(request.failure().asRuntimeException());
      return;
    }
    ClientContext client = ClientContextInterceptor.CLIENT.get();
    long cost = SignalIntake.decodeCost(request.bytes().length, false);
    ExportFailure refused = intake.reserve(cost);
    if (refused != null) {
      fail(response, refused);
      return;
    }
    T data;
    try {
      data = intake.decodeProtobuf(request.bytes(), client == null ? ClientContext.EMPTY : client);
    } catch (MalformedDataException e) {
      intake.release(cost);
      fail(response, ExportFailure.invalidArgument(e.getMessage()));
      return;
    }
    intake.consume(data, Transport.GRPC).whenComplete((v, error) -> {
      intake.release(cost);
      if (error == null) {
        response.onNext(EMPTY_RESPONSE);
        response.onCompleted();
      } else {
        fail(response, ExportFailure.from(error));
      }
    });
  }

  /** Fails the call with a status whose details carry {@code RetryInfo} when the pipeline asked for a delay. */
  private static void fail(StreamObserver<byte[]> response, ExportFailure failure) {
    response.onError(StatusProto.toStatusRuntimeException(failure.toRpcStatus()));
  }
}
