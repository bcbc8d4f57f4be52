package io.telegate.testing.otlp;

import io.grpc.MethodDescriptor;
import io.telegate.core.component.Signal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OTLP/gRPC {@code Export} methods, on raw bytes: for test clients, and what {@link OtlpTestServer} serves. */
public final class OtlpGrpcMethods {

  private OtlpGrpcMethods() {}

  /** {@code opentelemetry.proto.collector.<signal>.v1.<Signal>Service/Export}. */
  public static String fullName(Signal signal) {
    return switch (signal) {
      case TRACES -> "opentelemetry.proto.collector.trace.v1.TraceService/Export";
      case METRICS -> "opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
      case LOGS -> "opentelemetry.proto.collector.logs.v1.LogsService/Export";
    };
  }

  /** The unary {@code Export} of {@code signal}, request and response as encoded bytes. */
  public static MethodDescriptor<byte[], byte[]> export(Signal signal) {
    return MethodDescriptor.newBuilder(Bytes.INSTANCE, Bytes.INSTANCE).setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName(signal)).build();
  }

  /** Messages as they are on the wire. */
  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
