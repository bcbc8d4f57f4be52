package io.telegate.core.data;

import io.telegate.core.data.wire.WireReader;

/**
 * Checks the structure of an OTLP export request in protobuf wire format and counts its items,
 * without building any object.
 *
 * <p>It walks every nested message the OTLP schema defines, so a request it accepts parses with
 * protobuf-java: tags and lengths must be well formed, string fields valid UTF-8, nesting no
 * deeper than protobuf-java's limit of 100. Like protobuf-java, it skips fields it does not know
 * and fields whose wire type differs from the schema's (they become unknown fields there). It
 * reads with {@link WireReader}, whose checks and messages ({@code malformed protobuf at byte N:
 * ...}) are what a client sees in its 400 / INVALID_ARGUMENT.
 *
 * <p>It also refuses what protobuf-java would take but the Collector refuses: trace ids that are
 * not empty or 16 bytes and span ids that are not empty or 8 bytes (in spans, links, log records
 * and exemplars). A strict backend would refuse such an item later, and with it the whole batch
 * it was merged into, after the gateway had acknowledged it.
 */
public final class OtlpWire {

  private static final int TRACE_ID = 16;
  private static final int SPAN_ID = 8;

  /** {@code ExportTraceServiceRequest}; counts spans. */
  public static final OtlpWire TRACES;
  /** {@code ExportMetricsServiceRequest}; counts data points. */
  public static final OtlpWire METRICS;
  /** {@code ExportLogsServiceRequest}; counts log records. */
  public static final OtlpWire LOGS;

  static {
    Schema anyValue = new Schema(false);
    Schema arrayValue = new Schema(false);
    Schema kvList = new Schema(false);
    Schema keyValue = new Schema(false);
    anyValue.string(1).message(5, arrayValue).message(6, kvList);
    arrayValue.message(1, anyValue);
    kvList.message(1, keyValue);
    keyValue.string(1).message(2, anyValue);
    Schema scope = new Schema(false).string(1).string(2).message(3, keyValue);
    Schema entityRef = new Schema(false).string(1).string(2).string(3).string(4);
    Schema resource = new Schema(false).message(1, keyValue).message(3, entityRef);

    Schema status = new Schema(false).string(2);
    Schema event = new Schema(false).string(2).message(3, keyValue);
    Schema link = new Schema(false).id(1, TRACE_ID, "resource_spans.scope_spans.spans.links.trace_id")
        .id(2, SPAN_ID, "resource_spans.scope_spans.spans.links.span_id").string(3).message(4, keyValue);
    Schema span = new Schema(true).id(1, TRACE_ID, "resource_spans.scope_spans.spans.trace_id")
        .id(2, SPAN_ID, "resource_spans.scope_spans.spans.span_id").string(3)
        .id(4, SPAN_ID, "resource_spans.scope_spans.spans.parent_span_id").string(5).message(9, keyValue)
        .message(11, event).message(13, link).message(15, status);
    Schema scopeSpans = new Schema(false).message(1, scope).message(2, span).string(3);
    Schema resourceSpans = new Schema(false).message(1, resource).message(2, scopeSpans).string(3);
    TRACES = new OtlpWire(new Schema(false).message(1, resourceSpans));

    Schema logRecord = new Schema(true).string(3).message(5, anyValue).message(6, keyValue)
        .id(9, TRACE_ID, "resource_logs.scope_logs.log_records.trace_id")
        .id(10, SPAN_ID, "resource_logs.scope_logs.log_records.span_id").string(12);
    Schema scopeLogs = new Schema(false).message(1, scope).message(2, logRecord).string(3);
    Schema resourceLogs = new Schema(false).message(1, resource).message(2, scopeLogs).string(3);
    LOGS = new OtlpWire(new Schema(false).message(1, resourceLogs));

    Schema exemplar = new Schema(false).id(4, SPAN_ID, "resource_metrics.scope_metrics.metrics.*.data_points.exemplars.span_id")
        .id(5, TRACE_ID, "resource_metrics.scope_metrics.metrics.*.data_points.exemplars.trace_id").message(7, keyValue);
    Schema numberPoint = new Schema(true).message(7, keyValue).message(5, exemplar);
    Schema histogramPoint = new Schema(true).message(9, keyValue).message(8, exemplar);
    Schema buckets = new Schema(false);
    Schema expHistogramPoint = new Schema(true).message(1, keyValue).message(8, buckets)
        .message(9, buckets).message(11, exemplar);
    Schema quantile = new Schema(false);
    Schema summaryPoint = new Schema(true).message(7, keyValue).message(6, quantile);
    Schema metric = new Schema(false).string(1).string(2).string(3)
        .message(5, new Schema(false).message(1, numberPoint))
        .message(7, new Schema(false).message(1, numberPoint))
        .message(9, new Schema(false).message(1, histogramPoint))
        .message(10, new Schema(false).message(1, expHistogramPoint))
        .message(11, new Schema(false).message(1, summaryPoint))
        .message(12, keyValue);
    Schema scopeMetrics = new Schema(false).message(1, scope).message(2, metric).string(3);
    Schema resourceMetrics = new Schema(false).message(1, resource).message(2, scopeMetrics).string(3);
    METRICS = new OtlpWire(new Schema(false).message(1, resourceMetrics));
  }

  private final Schema root;

  private OtlpWire(Schema root) {
    this.root = root;
  }

  /**
   * Checks {@code bytes} and returns the number of items in it.
   *
   * @throws MalformedDataException naming the byte offset and what was wrong
   */
  public int check(byte[] bytes) {
    return check(bytes, 0, bytes.length);
  }

  /** Checks {@code bytes[offset, offset + length)}; see {@link #check(byte[])}. */
  public int check(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException("offset " + offset + ", length " + length);
    }
    return walk(new WireReader(bytes, offset), root, offset + length, 0);
  }

  /** Which fields of one message are nested messages, strings or ids; whether it is an item. */
  private static final class Schema {
    private Schema[] messages = new Schema[0];
    private boolean[] strings = new boolean[0];
    private int[] idLengths = new int[0];
    private String[] idPaths = new String[0];
    private final boolean item;

    Schema(boolean item) {
      this.item = item;
    }

    Schema message(int field, Schema schema) {
      if (messages.length <= field) {
        messages = java.util.Arrays.copyOf(messages, field + 1);
      }
      messages[field] = schema;
      return this;
    }

    /** A bytes field that must be empty or exactly {@code length} bytes ({@code path} names it). */
    Schema id(int field, int length, String path) {
      if (idLengths.length <= field) {
        idLengths = java.util.Arrays.copyOf(idLengths, field + 1);
        idPaths = java.util.Arrays.copyOf(idPaths, field + 1);
      }
      idLengths[field] = length;
      idPaths[field] = path;
      return this;
    }

    Schema string(int field) {
      if (strings.length <= field) {
        strings = java.util.Arrays.copyOf(strings, field + 1);
      }
      strings[field] = true;
      return this;
    }
  }

  /**
   * Walks the message of {@code schema} in {@code [in.pos(), limit)} at nesting {@code depth};
   * returns the items in it and leaves the reader at {@code limit}.
   */
  private static int walk(WireReader in, Schema schema, int limit, int depth) {
    if (depth > WireReader.MAX_DEPTH) {
      throw WireReader.malformed(in.pos(), "nesting deeper than " + WireReader.MAX_DEPTH);
    }
    int items = schema.item ? 1 : 0;
    while (in.pos() < limit) {
      int tag = in.readTag(limit);
      if ((tag & 7) != WireReader.LEN) {
        in.skipField(tag, limit, depth);
        continue;
      }
      int field = tag >>> 3;
      int len = in.readLength(limit);
      int pos = in.pos();
      int end = pos + len;
      if (field < schema.messages.length && schema.messages[field] != null) {
        items += walk(in, schema.messages[field], end, depth + 1);
      } else if (field < schema.strings.length && schema.strings[field] && !isValidUtf8(in.buffer(), pos, end)) {
        throw WireReader.malformed(pos, "field " + field + " is not valid UTF-8");
      } else if (field < schema.idLengths.length && schema.idLengths[field] != 0 && len != 0
          && len != schema.idLengths[field]) {
        throw new MalformedDataException(schema.idPaths[field] + ": invalid length " + len + " for an id"
            + " (must be " + schema.idLengths[field] + " bytes or empty), at byte " + pos);
      }
      in.seek(end);
    }
    return items;
  }

  /**
   * True if {@code bytes[from, to)} is well-formed UTF-8 as protobuf-java requires of strings (no
   * overlong forms, no surrogates, nothing above U+10FFFF).
   */
  public static boolean isValidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return false;
      }
      if (c < 0xE0) {
        if (i + 1 >= to || (b[i + 1] & 0xC0) != 0x80) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= to) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80
            || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= to) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        if ((c1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80
            || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }
}
