package io.telegate.exporter.loki;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.telegate.exporter.loki.LokiLabels.Label;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Part of the test oracle (the object path the exporter used before the wire path), kept as it
 * was.
 *
 * <p>* Writes Loki's {@code logproto.PushRequest} by hand, sizes first and then bytes, with no
 * intermediate message objects; then snappy-compresses it (block format), as Loki's push endpoint
 * expects for {@code application/x-protobuf}.
 *
 * <p>Field numbers, from Loki's {@code pkg/push/push.proto}: PushRequest.streams = 1;
 * StreamAdapter.labels = 1, entries = 2 (hash = 3 is left out: Loki computes it);
 * EntryAdapter.timestamp = 1 (a {@code google.protobuf.Timestamp}: seconds = 1, nanos = 2),
 * line = 2, structuredMetadata = 3; LabelPairAdapter.name = 1, value = 2.
 */
final class LokiPushEncoder {

  private static final int REQUEST_STREAMS = 1;
  private static final int STREAM_LABELS = 1;
  private static final int STREAM_ENTRIES = 2;
  private static final int ENTRY_TIMESTAMP = 1;
  private static final int ENTRY_LINE = 2;
  private static final int ENTRY_STRUCTURED_METADATA = 3;
  private static final int TIMESTAMP_SECONDS = 1;
  private static final int TIMESTAMP_NANOS = 2;
  private static final int LABEL_NAME = 1;
  private static final int LABEL_VALUE = 2;

  private LokiPushEncoder() {}

  /** The snappy-compressed PushRequest. */
  static byte[] encodeCompressed(List<LokiStream> streams) {
    try {
      return Snappy.compress(encode(streams));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The uncompressed PushRequest. Every string (labels text, line, metadata names and values) is
   * encoded to UTF-8 once, in the sizing pass, and those bytes are written in the second pass:
   * {@code String.getBytes} writes the same bytes as protobuf's {@code writeString}, unpaired
   * surrogates included (both turn them into {@code '?'}).
   */
  static byte[] encode(List<LokiStream> streams) {
    // The encoded strings, in the order they are written.
    int strings = 0;
    for (LokiStream stream : streams) {
      strings++;
      for (LokiStream.Entry e : stream.entries()) {
        strings += 1 + 2 * e.metadata().size();
      }
    }
    byte[][] utf8 = new byte[strings][];
    int k = 0;
    int[][] entrySizes = new int[streams.size()][];
    int[] streamSizes = new int[streams.size()];
    int total = 0;
    for (int s = 0; s < streams.size(); s++) {
      LokiStream stream = streams.get(s);
      List<LokiStream.Entry> entries = stream.entries();
      int[] sizes = new int[entries.size()];
      byte[] labels = utf8[k++] = utf8(stream.labelsText());
      int size = bytesSize(STREAM_LABELS, labels);
      for (int e = 0; e < entries.size(); e++) {
        LokiStream.Entry entry = entries.get(e);
        byte[] line = utf8[k++] = utf8(entry.line());
        int entrySize = lengthDelimitedSize(ENTRY_TIMESTAMP, timestampSize(entry.timestampNanos()))
            + bytesSize(ENTRY_LINE, line);
        for (Label l : entry.metadata()) {
          byte[] name = utf8[k++] = utf8(l.name());
          byte[] value = utf8[k++] = utf8(l.value());
          entrySize += lengthDelimitedSize(ENTRY_STRUCTURED_METADATA, labelSize(name, value));
        }
        sizes[e] = entrySize;
        size += lengthDelimitedSize(STREAM_ENTRIES, entrySize);
      }
      entrySizes[s] = sizes;
      streamSizes[s] = size;
      total += lengthDelimitedSize(REQUEST_STREAMS, size);
    }
    byte[] out = new byte[total];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    k = 0;
    try {
      for (int s = 0; s < streams.size(); s++) {
        LokiStream stream = streams.get(s);
        cos.writeTag(REQUEST_STREAMS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        cos.writeUInt32NoTag(streamSizes[s]);
        writeBytes(cos, STREAM_LABELS, utf8[k++]);
        List<LokiStream.Entry> entries = stream.entries();
        for (int e = 0; e < entries.size(); e++) {
          cos.writeTag(STREAM_ENTRIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          cos.writeUInt32NoTag(entrySizes[s][e]);
          k = writeEntry(cos, entries.get(e), utf8, k);
        }
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** proto3 leaves empty strings off the wire; so do we, to match protoc's bytes. */
  private static int bytesSize(int field, byte[] utf8) {
    return utf8.length == 0 ? 0 : lengthDelimitedSize(field, utf8.length);
  }

  /** A string field from its UTF-8 bytes: the same wire bytes as {@code writeString}. */
  private static void writeBytes(CodedOutputStream cos, int field, byte[] utf8) throws IOException {
    if (utf8.length != 0) {
      cos.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      cos.writeUInt32NoTag(utf8.length);
      cos.writeRawBytes(utf8);
    }
  }

  private static int lengthDelimitedSize(int field, int size) {
    return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static long seconds(long nanos) {
    return Math.floorDiv(nanos, 1_000_000_000L);
  }

  private static int nanos(long nanos) {
    return (int) Math.floorMod(nanos, 1_000_000_000L);
  }

  private static int timestampSize(long nanos) {
    long s = seconds(nanos);
    int n = nanos(nanos);
    return (s == 0 ? 0 : CodedOutputStream.computeInt64Size(TIMESTAMP_SECONDS, s))
        + (n == 0 ? 0 : CodedOutputStream.computeInt32Size(TIMESTAMP_NANOS, n));
  }

  private static int labelSize(byte[] name, byte[] value) {
    return bytesSize(LABEL_NAME, name) + bytesSize(LABEL_VALUE, value);
  }

  /**
   * Writes one entry, its line and metadata from {@code utf8} starting at index {@code k}; returns
   * the index after the last string used.
   */
  private static int writeEntry(CodedOutputStream cos, LokiStream.Entry e, byte[][] utf8, int k)
      throws IOException {
    // The timestamp is written even when zero: Loki's gogo types make it non-nullable.
    cos.writeTag(ENTRY_TIMESTAMP, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    cos.writeUInt32NoTag(timestampSize(e.timestampNanos()));
    long s = seconds(e.timestampNanos());
    int n = nanos(e.timestampNanos());
    if (s != 0) {
      cos.writeInt64(TIMESTAMP_SECONDS, s);
    }
    if (n != 0) {
      cos.writeInt32(TIMESTAMP_NANOS, n);
    }
    writeBytes(cos, ENTRY_LINE, utf8[k++]);
    for (int i = 0; i < e.metadata().size(); i++) {
      byte[] name = utf8[k++];
      byte[] value = utf8[k++];
      cos.writeTag(ENTRY_STRUCTURED_METADATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      cos.writeUInt32NoTag(labelSize(name, value));
      writeBytes(cos, LABEL_NAME, name);
      writeBytes(cos, LABEL_VALUE, value);
    }
    return k;
  }
}
