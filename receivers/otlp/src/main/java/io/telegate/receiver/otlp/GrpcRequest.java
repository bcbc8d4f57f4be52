package io.telegate.receiver.otlp;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one gRPC export request and the intake budget they hold, or why they could not be
 * read.
 *
 * <p>grpc-java answers an exception thrown while parsing a request with UNKNOWN ("Application
 * error processing RPC"). Reading can fail for a reason the client should see (the
 * RESOURCE_EXHAUSTED of a message that passes {@code max_recv_msg_size_mib} once decompressed, or
 * of a full intake budget), so the marshaller keeps the failure and the call answers with it.
 *
 * @param bytes the request, or null when reading failed
 * @param failure why reading failed, or null
 * @param reserved the bytes of the intake budget this request holds; whoever ends the call gives
 *     them back ({@link SignalIntake#release})
 */
record GrpcRequest(byte[] bytes, StatusRuntimeException failure, long reserved) {

  /** How much of a stream of unknown length (a compressed message) is read per reservation. */
  static final int CHUNK = 64 * 1024;

  static GrpcRequest failed(Status status) {
    return new GrpcRequest(null, status.asRuntimeException(), 0);
  }

  /**
   * Reads requests as bytes (no protobuf parse), reserving their decode cost in the intake budget
   * before it allocates them: grpc-java has the message in its own buffers by then, and the heap
   * copy is what must not pass the bound. This side never writes one.
   */
  static final class Marshaller implements MethodDescriptor.Marshaller<GrpcRequest> {
    private final SignalIntake<?> intake;

    Marshaller(SignalIntake<?> intake) {
      this.intake = intake;
    }

    @Override
    public InputStream stream(GrpcRequest value) {
      return ByteArrayMarshaller.INSTANCE.stream(value.bytes());
    }

    /** grpc-java's stream enforces the size limit while it decompresses, so a bomb stops at the limit. */
    @Override
    public GrpcRequest parse(InputStream stream) {
      long held = 0;
      try {
        if (stream instanceof KnownLength) {
          long cost = SignalIntake.decodeCost(stream.available(), false);
          ExportFailure refused = intake.reserve(cost);
          if (refused != null) {
            return new GrpcRequest(null, StatusProto.toStatusRuntimeException(refused.toRpcStatus()), 0);
          }
          held = cost;
          byte[] bytes = GrpcMessages.readAll(stream);
          // A stream that understated its length: take the rest too, over the bound if need be.
          long actual = SignalIntake.decodeCost(bytes.length, false);
          if (actual > held && intake.reserve(actual, held) == null) {
            held = actual;
          }
          return new GrpcRequest(bytes, null, held);
        }
        return readInChunks(stream);
      } catch (StatusRuntimeException e) {
        intake.release(held);
        return new GrpcRequest(null, e, 0);
      } catch (IOException e) {
        intake.release(held);
        return failed(Status.INVALID_ARGUMENT.withDescription("cannot read request: " + e.getMessage()));
      }
    }

    /** A stream of unknown length, reserved chunk by chunk as it is read; the chunks are joined once. */
    private GrpcRequest readInChunks(InputStream stream) throws IOException {
      List<byte[]> chunks = new ArrayList<>();
      long length = 0;
      long held = 0;
      try {
        while (true) {
          // Read, then reserved: at most one chunk per call is outside the bound, never more.
          byte[] chunk = stream.readNBytes(CHUNK);
          if (chunk.length > 0) {
            long cost = SignalIntake.decodeCost(length + chunk.length, false);
            ExportFailure refused = intake.reserve(cost, held);
            if (refused != null) {
              intake.release(held);
              return new GrpcRequest(null, StatusProto.toStatusRuntimeException(refused.toRpcStatus()), 0);
            }
            held = cost;
            chunks.add(chunk);
            length += chunk.length;
          }
          if (chunk.length < CHUNK) {
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        intake.release(held);
        throw e;
      }
      byte[] bytes = new byte[(int) length];
      int at = 0;
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, bytes, at, c.length);
        at += c.length;
      }
      return new GrpcRequest(bytes, null, held);
    }
  }
}
