package io.telegate.receiver.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reading a gRPC message as bytes, unparsed. Public so that the load tool's sink and its
 * benchmark use the receiver's own read rather than a copy of it.
 */
public final class GrpcMessages {

  private GrpcMessages() {}

  /**
   * Reads a whole request. An uncompressed message arrives as a stream that knows its length: one
   * exact array, instead of readAllBytes' chunks copied again into the result.
   */
  public static byte[] readAll(InputStream stream) throws IOException {
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
        return Arrays.copyOf(bytes, n);
      }
      n += r;
    }
    int next = stream.read();
    if (next == -1) {
      return bytes;
    }
    // available() promised less than the stream held: keep what came and append the rest.
    byte[] rest = stream.readAllBytes();
    byte[] all = Arrays.copyOf(bytes, length + 1 + rest.length);
    all[length] = (byte) next;
    System.arraycopy(rest, 0, all, length + 1, rest.length);
    return all;
  }
}
