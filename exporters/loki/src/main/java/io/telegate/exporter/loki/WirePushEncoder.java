package io.telegate.exporter.loki;

import io.telegate.core.data.wire.WireReader;
import io.telegate.core.data.wire.WireWriter;
import io.telegate.exporter.loki.LokiLabels.Label;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Writes the push request of {@link WireStream}s: Loki's {@code logproto.PushRequest} (sizes
 * first, then the bytes straight into one array, lines copied from the batch's line buffer;
 * snappy block-compressed for the wire), or Loki's JSON push format. The bytes are those of the
 * object path's encoders (kept in the tests as the oracle) for the same streams.
 *
 * <p>Field numbers, from Loki's {@code pkg/push/push.proto}: PushRequest.streams = 1;
 * StreamAdapter.labels = 1, entries = 2; EntryAdapter.timestamp = 1 ({@code seconds} = 1,
 * {@code nanos} = 2), line = 2, structuredMetadata = 3; LabelPairAdapter.name = 1, value = 2.
 */
final class WirePushEncoder {

  private static final int LEN = WireReader.LEN;

  private WirePushEncoder() {}

  /** The snappy-compressed PushRequest. */
  static byte[] protobufCompressed(List<WireStream> streams) {
    try {
      return Snappy.compress(protobuf(streams));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The uncompressed PushRequest. */
  static byte[] protobuf(List<WireStream> streams) {
    long total = 0;
    int[] streamSizes = new int[streams.size()];
    for (int s = 0; s < streams.size(); s++) {
      WireStream stream = streams.get(s);
      long size = stringSize(stream.labelsUtf8().length);
      for (int i = 0; i < stream.size(); i++) {
        size += lengthDelimitedSize(entrySize(stream, i));
      }
      if (size > Integer.MAX_VALUE) {
        throw new IllegalStateException("push request larger than 2 GB");
      }
      streamSizes[s] = (int) size;
      total += lengthDelimitedSize((int) size);
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("push request larger than 2 GB");
    }
    byte[] out = new byte[(int) total];
    int p = 0;
    for (int s = 0; s < streams.size(); s++) {
      WireStream stream = streams.get(s);
      p = WireWriter.writeTag(out, p, 1, LEN);
      p = WireWriter.writeVarint(out, p, streamSizes[s]);
      p = writeString(out, p, 1, stream.labelsUtf8(), 0, stream.labelsUtf8().length);
      byte[] lines = stream.lineBytes();
      for (int i = 0; i < stream.size(); i++) {
        p = WireWriter.writeTag(out, p, 2, LEN);
        p = WireWriter.writeVarint(out, p, entrySize(stream, i));
        long t = stream.time(i);
        long sec = Math.floorDiv(t, 1_000_000_000L);
        int nanos = (int) Math.floorMod(t, 1_000_000_000L);
        // The timestamp is written even when zero: Loki's gogo types make it non-nullable.
        p = WireWriter.writeTag(out, p, 1, LEN);
        p = WireWriter.writeVarint(out, p, timestampSize(sec, nanos));
        if (sec != 0) {
          p = WireWriter.writeTag(out, p, 1, WireReader.VARINT);
          p = WireWriter.writeVarint(out, p, sec);
        }
        if (nanos != 0) {
          p = WireWriter.writeTag(out, p, 2, WireReader.VARINT);
          p = WireWriter.writeVarint(out, p, nanos);
        }
        p = writeString(out, p, 2, lines, stream.lineStart(i), stream.lineLength(i));
        for (Label l : stream.metadata(i)) {
          byte[] name = l.name().getBytes(StandardCharsets.UTF_8);
          byte[] value = l.value().getBytes(StandardCharsets.UTF_8);
          p = WireWriter.writeTag(out, p, 3, LEN);
          p = WireWriter.writeVarint(out, p, stringSize(name.length) + stringSize(value.length));
          p = writeString(out, p, 1, name, 0, name.length);
          p = writeString(out, p, 2, value, 0, value.length);
        }
      }
    }
    if (p != out.length) {
      throw new IllegalStateException("push request sized " + out.length + " bytes, written " + p);
    }
    return out;
  }

  private static int entrySize(WireStream stream, int i) {
    long t = stream.time(i);
    int size = lengthDelimitedSize(timestampSize(Math.floorDiv(t, 1_000_000_000L),
        (int) Math.floorMod(t, 1_000_000_000L))) + stringSize(stream.lineLength(i));
    for (Label l : stream.metadata(i)) {
      int n = utf8Length(l.name());
      int v = utf8Length(l.value());
      size += lengthDelimitedSize(stringSize(n) + stringSize(v));
    }
    return size;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int timestampSize(long sec, int nanos) {
    return (sec == 0 ? 0 : 1 + WireWriter.varintSize(sec)) + (nanos == 0 ? 0 : 1 + WireWriter.varintSize(nanos));
  }

  /** proto3 leaves empty strings off the wire; so do we, as protoc's code does. */
  private static int stringSize(int length) {
    return length == 0 ? 0 : lengthDelimitedSize(length);
  }

  /** A field of number 1 to 15 (one tag byte), its length and its content. */
  private static int lengthDelimitedSize(int length) {
    return 1 + WireWriter.varintSize(length) + length;
  }

  private static int writeString(byte[] out, int p, int field, byte[] src, int off, int len) {
    if (len == 0) {
      return p;
    }
    p = WireWriter.writeTag(out, p, field, LEN);
    p = WireWriter.writeVarint(out, p, len);
    System.arraycopy(src, off, out, p, len);
    return p + len;
  }

  /** Loki's JSON push format, timestamps as strings of nanoseconds since the epoch. */
  static byte[] json(List<WireStream> streams) {
    long estimate = 16;
    for (WireStream s : streams) {
      estimate += 32 + s.labelsUtf8().length;
      for (int i = 0; i < s.size(); i++) {
        estimate += 40 + s.lineLength(i) + s.lineLength(i) / 8;
      }
    }
    ByteText o = new ByteText((int) Math.min(estimate, 1 << 30));
    o.ascii("{\"streams\":[");
    for (int s = 0; s < streams.size(); s++) {
      WireStream stream = streams.get(s);
      if (s > 0) {
        o.append(',');
      }
      o.ascii("{\"stream\":");
      object(o, stream.labels());
      o.ascii(",\"values\":[");
      byte[] lines = stream.lineBytes();
      for (int i = 0; i < stream.size(); i++) {
        if (i > 0) {
          o.append(',');
        }
        o.ascii("[\"").decimal(stream.time(i)).ascii("\",");
        o.jsonQuoted(lines, stream.lineStart(i), stream.lineLength(i));
        List<Label> md = stream.metadata(i);
        if (!md.isEmpty()) {
          o.append(',');
          object(o, md);
        }
        o.append(']');
      }
      o.ascii("]}");
    }
    o.ascii("]}");
    return o.copy(0);
  }

  private static void object(ByteText o, List<Label> labels) {
    o.append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        o.append(',');
      }
      o.jsonQuoted(labels.get(i).name()).append(':').jsonQuoted(labels.get(i).value());
    }
    o.append('}');
  }
}
