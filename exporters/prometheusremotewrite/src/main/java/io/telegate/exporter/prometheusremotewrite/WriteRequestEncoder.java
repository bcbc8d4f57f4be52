package io.telegate.exporter.prometheusremotewrite;

import com.google.protobuf.CodedOutputStream;
import io.telegate.translator.prometheus.Labels;
import io.telegate.translator.prometheus.PromSeries;
import io.telegate.translator.prometheus.Translation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Prometheus remote write 1.0 {@code prometheus.WriteRequest} messages by hand, sized first
 * and then written into one array, split so that each request stays under a byte limit.
 *
 * <p>Field numbers of {@code prompb} (remote.proto, types.proto): WriteRequest{timeseries=1,
 * metadata=3}; TimeSeries{labels=1, samples=2, exemplars=3, histograms=4}; Label{name=1, value=2};
 * Sample{value=1, timestamp=2}; Exemplar{labels=1, value=2, timestamp=3}; Histogram{count_int=1,
 * sum=3, schema=4, zero_threshold=5, zero_count_int=6, negative_spans=8, negative_deltas=9,
 * positive_spans=11, positive_deltas=12, reset_hint=14, timestamp=15}; BucketSpan{offset=1,
 * length=2}; MetricMetadata{type=1, metric_family_name=2, help=4, unit=5}.
 */
public final class WriteRequestEncoder {

  private WriteRequestEncoder() {}

  /**
   * Encodes series (and metadata after them) into requests of at most {@code maxBytes} each; a
   * single series larger than that gets a request of its own.
   */
  public static List<byte[]> encode(List<PromSeries> series, List<Translation.Metadata> metadata, int maxBytes) {
    List<byte[]> out = new ArrayList<>();
    int n = series.size() + metadata.size();
    int[] sizes = new int[n];
    for (int i = 0; i < series.size(); i++) {
      sizes[i] = seriesSize(series.get(i));
    }
    for (int i = 0; i < metadata.size(); i++) {
      sizes[series.size() + i] = metadataSize(metadata.get(i));
    }
    int start = 0;
    while (start < n) {
      int total = 0;
      int end = start;
      while (end < n) {
        int field = 1 + CodedOutputStream.computeUInt32SizeNoTag(sizes[end]) + sizes[end];
        if (end > start && total + field > maxBytes) {
          break;
        }
        total += field;
        end++;
      }
      byte[] buf = new byte[total];
      CodedOutputStream o = CodedOutputStream.newInstance(buf);
      try {
        for (int i = start; i < end; i++) {
          if (i < series.size()) {
            o.writeTag(1, 2);
            o.writeUInt32NoTag(sizes[i]);
            writeSeries(o, series.get(i));
          } else {
            o.writeTag(3, 2);
            o.writeUInt32NoTag(sizes[i]);
            writeMetadata(o, metadata.get(i - series.size()));
          }
        }
        o.checkNoSpaceLeft();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.add(buf);
      start = end;
    }
    return out;
  }

  private static int labelsSize(Labels l, int field) {
    int size = 0;
    for (int i = 0; i < l.size(); i++) {
      int s = labelSize(l, i);
      size += CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
    }
    return size;
  }

  private static int labelSize(Labels l, int i) {
    return CodedOutputStream.computeStringSize(1, l.name(i)) + CodedOutputStream.computeStringSize(2, l.value(i));
  }

  private static void writeLabels(CodedOutputStream o, Labels l) throws IOException {
    for (int i = 0; i < l.size(); i++) {
      o.writeTag(1, 2);
      o.writeUInt32NoTag(labelSize(l, i));
      o.writeString(1, l.name(i));
      o.writeString(2, l.value(i));
    }
  }

  private static int sampleSize(PromSeries.Sample s) {
    return CodedOutputStream.computeDoubleSize(1, s.value()) + CodedOutputStream.computeInt64Size(2, s.timestampMs());
  }

  private static int exemplarSize(PromSeries.Exemplar e) {
    return labelsSize(e.labels(), 1) + CodedOutputStream.computeDoubleSize(2, e.value())
        + CodedOutputStream.computeInt64Size(3, e.timestampMs());
  }

  private static int nested(int field, int size) {
    return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  static int seriesSize(PromSeries s) {
    int size = labelsSize(s.labels(), 1);
    for (PromSeries.Sample x : s.samples()) {
      size += nested(2, sampleSize(x));
    }
    for (PromSeries.Exemplar e : s.exemplars()) {
      size += nested(3, exemplarSize(e));
    }
    for (PromSeries.NativeHistogram h : s.histograms()) {
      size += nested(4, histogramSize(h));
    }
    return size;
  }

  private static void writeSeries(CodedOutputStream o, PromSeries s) throws IOException {
    writeLabels(o, s.labels());
    for (PromSeries.Sample x : s.samples()) {
      o.writeTag(2, 2);
      o.writeUInt32NoTag(sampleSize(x));
      o.writeDouble(1, x.value());
      o.writeInt64(2, x.timestampMs());
    }
    for (PromSeries.Exemplar e : s.exemplars()) {
      o.writeTag(3, 2);
      o.writeUInt32NoTag(exemplarSize(e));
      writeLabels(o, e.labels());
      o.writeDouble(2, e.value());
      o.writeInt64(3, e.timestampMs());
    }
    for (PromSeries.NativeHistogram h : s.histograms()) {
      o.writeTag(4, 2);
      o.writeUInt32NoTag(histogramSize(h));
      writeHistogram(o, h);
    }
  }

  private static int spansSize(int field, int[] spans) {
    int size = 0;
    for (int i = 0; i < spans.length; i += 2) {
      size += nested(field, spanSize(spans[i], spans[i + 1]));
    }
    return size;
  }

  private static int spanSize(int offset, int length) {
    return CodedOutputStream.computeSInt32Size(1, offset) + CodedOutputStream.computeUInt32Size(2, length);
  }

  private static int deltasSize(long[] deltas) {
    int size = 0;
    for (long d : deltas) {
      size += CodedOutputStream.computeSInt64SizeNoTag(d);
    }
    return size;
  }

  private static int histogramSize(PromSeries.NativeHistogram h) {
    int size = CodedOutputStream.computeUInt64Size(1, h.count()) + CodedOutputStream.computeDoubleSize(3, h.sum())
        + CodedOutputStream.computeSInt32Size(4, h.schema()) + CodedOutputStream.computeDoubleSize(5, h.zeroThreshold())
        + CodedOutputStream.computeUInt64Size(6, h.zeroCount()) + CodedOutputStream.computeInt64Size(15, h.timestampMs());
    size += spansSize(8, h.negativeSpans());
    if (h.negativeDeltas().length > 0) {
      size += nested(9, deltasSize(h.negativeDeltas()));
    }
    size += spansSize(11, h.positiveSpans());
    if (h.positiveDeltas().length > 0) {
      size += nested(12, deltasSize(h.positiveDeltas()));
    }
    return size;
  }

  private static void writeSpans(CodedOutputStream o, int field, int[] spans) throws IOException {
    for (int i = 0; i < spans.length; i += 2) {
      o.writeTag(field, 2);
      o.writeUInt32NoTag(spanSize(spans[i], spans[i + 1]));
      o.writeSInt32(1, spans[i]);
      o.writeUInt32(2, spans[i + 1]);
    }
  }

  private static void writeDeltas(CodedOutputStream o, int field, long[] deltas) throws IOException {
    if (deltas.length == 0) {
      return;
    }
    o.writeTag(field, 2);
    o.writeUInt32NoTag(deltasSize(deltas));
    for (long d : deltas) {
      o.writeSInt64NoTag(d);
    }
  }

  private static void writeHistogram(CodedOutputStream o, PromSeries.NativeHistogram h) throws IOException {
    o.writeUInt64(1, h.count());
    o.writeDouble(3, h.sum());
    o.writeSInt32(4, h.schema());
    o.writeDouble(5, h.zeroThreshold());
    o.writeUInt64(6, h.zeroCount());
    writeSpans(o, 8, h.negativeSpans());
    writeDeltas(o, 9, h.negativeDeltas());
    writeSpans(o, 11, h.positiveSpans());
    writeDeltas(o, 12, h.positiveDeltas());
    o.writeInt64(15, h.timestampMs());
  }

  /** MetricMetadata.MetricType values. */
  private static int metadataType(PromSeries.Type t) {
    return switch (t) {
      case COUNTER -> 1;
      case GAUGE -> 2;
      case HISTOGRAM -> 3;
      case SUMMARY -> 5;
      case INFO -> 6;
    };
  }

  private static int metadataSize(Translation.Metadata m) {
    return CodedOutputStream.computeEnumSize(1, metadataType(m.type()))
        + CodedOutputStream.computeStringSize(2, m.family()) + CodedOutputStream.computeStringSize(4, m.help())
        + CodedOutputStream.computeStringSize(5, m.unit());
  }

  private static void writeMetadata(CodedOutputStream o, Translation.Metadata m) throws IOException {
    o.writeEnum(1, metadataType(m.type()));
    o.writeString(2, m.family());
    o.writeString(4, m.help());
    o.writeString(5, m.unit());
  }
}
