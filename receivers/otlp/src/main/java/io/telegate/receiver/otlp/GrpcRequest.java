package io.telegate.receiver.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one gRPC export request, or why they could not be read.
 *
 * <p>grpc-java answers an exception thrown while parsing a request with UNKNOWN ("Application
 * error processing RPC"). Reading can fail for a reason the client should see, above all the
 * RESOURCE_EXHAUSTED of a message that passes {@code max_recv_msg_size_mib} once decompressed, so
 * the marshaller keeps the failure and the export method answers with it.
 *
 * @param bytes the request, or null when reading failed
 * @param failure why reading failed, or null
 */
record GrpcRequest(byte[] bytes, Status failure) {

  /** Reads requests as bytes (no protobuf parse); this side never writes one. */
  enum Marshaller implements MethodDescriptor.Marshaller<GrpcRequest> {
    INSTANCE;

    @Override
    public InputStream stream(GrpcRequest value) {
      return ByteArrayMarshaller.INSTANCE.stream(value.bytes());
    }

    /** grpc-java's stream enforces the size limit while it decompresses, so a bomb stops at the limit. */
    @Override
    public GrpcRequest parse(InputStream stream) {
      try {
        return new GrpcRequest(GrpcMessages.readAll(stream), null);
      } catch (StatusRuntimeException e) {
        return new GrpcRequest(null, e.getStatus());
      } catch (IOException e) {
        return new GrpcRequest(null, Status.INVALID_ARGUMENT.withDescription("cannot read request: " + e.getMessage()));
      }
    }
  }
}
