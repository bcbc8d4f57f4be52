package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.telegate.core.data.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WireCountTest {

  /** A remote-write WriteRequest: {@code samples[i]} samples and {@code histograms[i]} histograms in series i. */
  static byte[] writeRequest(int[] samples, int[] histograms) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream top = CodedOutputStream.newInstance(out);
    for (int s = 0; s < samples.length; s++) {
      ByteArrayOutputStream ts = new ByteArrayOutputStream();
      CodedOutputStream c = CodedOutputStream.newInstance(ts);
      c.writeBytes(1, label("__name__", "load_generator_" + s));
      c.writeBytes(1, label("item_index", "item_" + s));
      for (int i = 0; i < samples[s]; i++) {
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        CodedOutputStream sc = CodedOutputStream.newInstance(sample);
        sc.writeDouble(1, i * 1.5);
        sc.writeInt64(2, 1_764_000_000_000L + i);
        sc.flush();
        c.writeBytes(2, ByteString.copyFrom(sample.toByteArray()));
      }
      for (int i = 0; i < histograms[s]; i++) {
        c.writeBytes(4, ByteString.copyFrom(new byte[] {0x08, 0x05})); // count_int = 5
      }
      c.writeBytes(3, ByteString.copyFrom(new byte[] {0x08, 0x01})); // an exemplar: not a sample
      c.flush();
      top.writeBytes(1, ByteString.copyFrom(ts.toByteArray()));
    }
    top.writeBytes(3, ByteString.copyFromUtf8("\n\u0001x")); // metadata, skipped
    top.flush();
    return out.toByteArray();
  }

  static ByteString label(String name, String value) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(b);
    c.writeString(1, name);
    c.writeString(2, value);
    c.flush();
    return ByteString.copyFrom(b.toByteArray());
  }

  /** A Loki PushRequest with {@code entries[i]} entries in stream i. */
  static byte[] pushRequest(int... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream top = CodedOutputStream.newInstance(out);
    for (int s = 0; s < entries.length; s++) {
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      CodedOutputStream c = CodedOutputStream.newInstance(stream);
      c.writeString(1, "{job=\"load\", stream=\"" + s + "\"}");
      for (int i = 0; i < entries[s]; i++) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        CodedOutputStream ec = CodedOutputStream.newInstance(e);
        ec.writeBytes(1, ByteString.copyFrom(new byte[] {0x08, (byte) 0x80, 0x01})); // Timestamp{seconds}
        ec.writeString(2, "GET /api/v1/users/" + i + " completed with status 200");
        ec.flush();
        c.writeBytes(2, ByteString.copyFrom(e.toByteArray()));
      }
      c.writeUInt64(3, 12345); // hash
      c.flush();
      top.writeBytes(1, ByteString.copyFrom(stream.toByteArray()));
    }
    top.flush();
    return out.toByteArray();
  }

  @Test
  void countsRemoteWriteSamplesHistogramsAndSeries() throws IOException {
    assertArrayEquals(new long[] {10, 3, 3}, WireCount.remoteWrite(writeRequest(new int[] {7, 0, 3}, new int[] {0, 3, 0})));
    assertArrayEquals(new long[] {0, 0, 0}, WireCount.remoteWrite(new byte[0]));
  }

  @Test
  void countsLokiEntriesAndStreams() throws IOException {
    assertArrayEquals(new long[] {512, 2}, WireCount.loki(pushRequest(500, 12)));
    assertArrayEquals(new long[] {0, 1}, WireCount.loki(pushRequest(0)));
  }

  @Test
  void refusesTruncatedInput() throws IOException {
    byte[] b = pushRequest(3);
    byte[] cut = java.util.Arrays.copyOf(b, b.length - 4);
    assertThrows(MalformedDataException.class, () -> WireCount.loki(cut));
    byte[] w = writeRequest(new int[] {2}, new int[] {0});
    byte[] cutW = java.util.Arrays.copyOf(w, 5);
    assertThrows(MalformedDataException.class, () -> WireCount.remoteWrite(cutW));
  }

  @Test
  void otlpCountsWhatTheGatewaysWireCheckCounts() {
    for (String name : new String[] {"traces-typical", "traces-testbed", "logs", "metrics"}) {
      Shapes.Shape shape = Shapes.of(name);
      byte[] request = shape.bytes();
      // Two requests concatenated are one request with the resources of both, as a batch is.
      byte[] twice = new byte[request.length * 2];
      System.arraycopy(request, 0, twice, 0, request.length);
      System.arraycopy(request, 0, twice, request.length, request.length);
      org.junit.jupiter.api.Assertions.assertEquals(shape.signal().wire.check(request),
          WireCount.otlp(shape.signal(), request), name);
      org.junit.jupiter.api.Assertions.assertEquals(2L * shape.items(), WireCount.otlp(shape.signal(), twice), name);
    }
    byte[] truncated = java.util.Arrays.copyOf(Shapes.of("logs").bytes(), 1000);
    assertThrows(MalformedDataException.class, () -> WireCount.otlp(Shapes.Signal.LOGS, truncated));
  }
}
