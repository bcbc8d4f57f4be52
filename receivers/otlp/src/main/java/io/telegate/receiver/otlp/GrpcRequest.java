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

  /**
   * Reads a whole request. An uncompressed message arrives as a stream that knows its length: one
   * exact array, instead of readAllBytes' chunks copied again into the result.
   */
  static byte[] readAll(InputStream stream) throws IOException {
    if (!(stream instanceof io.grpc.KnownLength)) {
      return stream.readAllBytes();
    }
    int length = stream.available();
    // Not readNBytes(length): the JDK's reads 8 KB chunks and copies them again into the result.
    byte[] bytes = new byte[length];
    int n = 0;
    while (n < length) {
      int r = stream.read(bytes, n, length - n);
      if (r < 0) {
        return java.util.Arrays.copyOf(bytes, n);
      }
      n += r;
    }
    int next = stream.read();
    if (bytes.length == length && next == -1) {
      return bytes;
    }
    // available() promised less than the stream held: keep what came and append the rest.
    byte[] rest = next == -1 ? new byte[0] : stream.readAllBytes();
    byte[] all = new byte[bytes.length + (next == -1 ? 0 : 1) + rest.length];
    System.arraycopy(bytes, 0, all, 0, bytes.length);
    if (next != -1) {
      all[bytes.length] = (byte) next;
      System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
    }
    return all;
  }

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
        return new GrpcRequest(readAll(stream), null);
      } catch (StatusRuntimeException e) {
        return new GrpcRequest(null, e.getStatus());
      } catch (IOException e) {
        return new GrpcRequest(null, Status.INVALID_ARGUMENT.withDescription("cannot read request: " + e.getMessage()));
      }
    }
  }
}
