package io.telegate.receiver.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.telegate.core.data.MalformedDataException;
import java.io.IOException;
import java.util.Base64;

/**
 * The test oracle of {@link io.telegate.core.data.OtlpJsonReader}: OTLP/JSON read the way the
 * gateway read it before the streaming reader, through a Jackson tree and protobuf-java's
 * {@code JsonFormat}, with the Collector's checks added. What the reader accepts, this must
 * accept as the same message.
 *
 * <p>Parses OTLP/JSON export requests as the Collector reads them: trace and span ids in hex, int64
 * as a number or a decimal string, enums by name or number, keys in lowerCamelCase or snake_case,
 * unknown fields skipped.
 *
 * <p>protobuf-java's JsonFormat does all of that except the ids, which it reads as base64. So the
 * request is first read into a tree, where each id (the only hex {@code bytes} fields OTLP has) is
 * checked and rewritten to base64, and enum names are checked (JsonFormat would skip an unknown
 * name along with unknown fields, while the Collector refuses it); then JsonFormat builds the
 * message from the tree.
 */
final class JsonFormatOracle {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final int TRACE_ID_BYTES = 16;
  private static final int SPAN_ID_BYTES = 8;

  private JsonFormatOracle() {}

  static ExportTraceServiceRequest traces(byte[] body) {
    ObjectNode root = readObject(body);
    int r = 0;
    for (JsonNode rs : array(root, "resourceSpans", "resource_spans")) {
      int s = 0;
      for (JsonNode ss : array(rs, "scopeSpans", "scope_spans")) {
        int i = 0;
        for (JsonNode span : array(ss, "spans")) {
          String path = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
          ids(span, path);
          hexId(span, path, "parentSpanId", "parent_span_id", SPAN_ID_BYTES);
          enumName(span, path, Span.SpanKind.getDescriptor(), "kind");
          JsonNode status = span.get("status");
          if (status != null) {
            enumName(status, path + ".status", Status.StatusCode.getDescriptor(), "code");
          }
          int l = 0;
          for (JsonNode link : array(span, "links")) {
            ids(link, path + ".links[" + l++ + "]");
          }
          i++;
        }
        s++;
      }
      r++;
    }
    return build(root, ExportTraceServiceRequest.newBuilder());
  }

  static ExportLogsServiceRequest logs(byte[] body) {
    ObjectNode root = readObject(body);
    int r = 0;
    for (JsonNode rl : array(root, "resourceLogs", "resource_logs")) {
      int s = 0;
      for (JsonNode sl : array(rl, "scopeLogs", "scope_logs")) {
        int i = 0;
        for (JsonNode record : array(sl, "logRecords", "log_records")) {
          String path = "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i++ + "]";
          ids(record, path);
          enumName(record, path, SeverityNumber.getDescriptor(), "severityNumber", "severity_number");
        }
        s++;
      }
      r++;
    }
    return build(root, ExportLogsServiceRequest.newBuilder());
  }

  static ExportMetricsServiceRequest metrics(byte[] body) {
    ObjectNode root = readObject(body);
    String[][] kinds = {{"gauge"}, {"sum"}, {"histogram"}, {"exponentialHistogram", "exponential_histogram"},
        {"summary"}};
    int r = 0;
    for (JsonNode rm : array(root, "resourceMetrics", "resource_metrics")) {
      int s = 0;
      for (JsonNode sm : array(rm, "scopeMetrics", "scope_metrics")) {
        int m = 0;
        for (JsonNode metric : array(sm, "metrics")) {
          for (String[] kind : kinds) {
            JsonNode data = field(metric, kind);
            if (data == null || !data.isObject()) {
              continue;
            }
            String path = "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "]." + kind[0];
            enumName(data, path, AggregationTemporality.getDescriptor(), "aggregationTemporality",
                "aggregation_temporality");
            int p = 0;
            for (JsonNode point : array(data, "dataPoints", "data_points")) {
              int e = 0;
              for (JsonNode exemplar : array(point, "exemplars")) {
                ids(exemplar, path + ".dataPoints[" + p + "].exemplars[" + e++ + "]");
              }
              p++;
            }
          }
          m++;
        }
        s++;
      }
      r++;
    }
    return build(root, ExportMetricsServiceRequest.newBuilder());
  }

  /**
   * Reads the body as one JSON object in UTF-8, as the Collector does: a body that is not valid
   * UTF-8 (UTF-16 or UTF-32 text, a lone surrogate encoded in bytes), holds a NUL byte (which
   * JSON never has outside an escape, and by which Jackson would detect UTF-16), has anything after
   * the object, or a string with an unpaired surrogate escape ({@code "\ud800"}) is refused.
   */
  private static ObjectNode readObject(byte[] body) {
    if (!io.telegate.core.data.OtlpWire.isValidUtf8(body, 0, body.length)) {
      throw new MalformedDataException("invalid JSON: the body is not valid UTF-8");
    }
    for (byte b : body) {
      if (b == 0) {
        throw new MalformedDataException("invalid JSON: the body holds a NUL byte (UTF-16 or UTF-32 text?)");
      }
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedDataException("invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr()), e);
    } catch (IOException e) {
      throw new MalformedDataException("invalid JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      // An empty body is an empty request, as in the Collector.
      return MAPPER.createObjectNode();
    }
    if (!root.isObject()) {
      throw new MalformedDataException("invalid OTLP/JSON: expected an object at the top level, got "
          + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    String unpaired = unpaired(root);
    if (unpaired != null) {
      throw new MalformedDataException("invalid JSON: unpaired surrogate escape in the string at " + unpaired);
    }
    return (ObjectNode) root;
  }

  /**
   * The path of the first string (or key) with an unpaired UTF-16 surrogate, which only an escape
   * can make, or null; builds no path otherwise.
   */
  private static String unpaired(JsonNode node) {
    if (node.isTextual()) {
      return wellFormed(node.textValue()) ? null : "";
    }
    if (node.isObject()) {
      var fields = node.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        if (!wellFormed(e.getKey())) {
          return "." + e.getKey() + " (the key)";
        }
        String below = unpaired(e.getValue());
        if (below != null) {
          return "." + e.getKey() + below;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String below = unpaired(node.get(i));
        if (below != null) {
          return "[" + i + "]" + below;
        }
      }
    }
    return null;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static <M extends Message> M build(ObjectNode root, Message.Builder builder) {
    try {
      PARSER.merge(MAPPER.writeValueAsString(root), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedDataException("invalid OTLP/JSON: " + e.getMessage(), e);
    } catch (JsonProcessingException | RuntimeException e) {
      // JsonFormat throws unchecked exceptions for some malformed input (numbers out of range).
      throw new MalformedDataException("invalid OTLP/JSON: " + e.getMessage(), e);
    }
    return (M) builder.build();
  }

  /** The elements of the first of {@code keys} present, or none; a non-array is left to JsonFormat. */
  private static Iterable<JsonNode> array(JsonNode node, String... keys) {
    JsonNode a = field(node, keys);
    return a instanceof ArrayNode arr ? arr : java.util.List.of();
  }

  private static JsonNode field(JsonNode node, String... keys) {
    if (!node.isObject()) {
      return null;
    }
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }

  private static void ids(JsonNode node, String path) {
    hexId(node, path, "traceId", "trace_id", TRACE_ID_BYTES);
    hexId(node, path, "spanId", "span_id", SPAN_ID_BYTES);
  }

  /** Rewrites a hex id under either key to base64, after checking it; an empty id stays empty. */
  private static void hexId(JsonNode node, String path, String camel, String snake, int bytes) {
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    for (String key : new String[] {camel, snake}) {
      JsonNode v = obj.get(key);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isTextual()) {
        throw new MalformedDataException(path + "." + camel + ": expected a hex string, got " + v);
      }
      String hex = v.textValue();
      if (hex.isEmpty()) {
        continue;
      }
      if (hex.length() != bytes * 2) {
        throw new MalformedDataException(path + "." + camel + ": '" + hex + "' has " + hex.length()
            + " hex digits (expected: " + bytes * 2 + ")");
      }
      byte[] raw = new byte[bytes];
      for (int i = 0; i < bytes; i++) {
        int hi = Character.digit(hex.charAt(2 * i), 16);
        int lo = Character.digit(hex.charAt(2 * i + 1), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedDataException(path + "." + camel + ": '" + hex + "' is not hex");
        }
        raw[i] = (byte) (hi << 4 | lo);
      }
      obj.set(key, TextNode.valueOf(Base64.getEncoder().encodeToString(raw)));
    }
  }

  private static void enumName(JsonNode node, String path, EnumDescriptor type, String... keys) {
    if (!node.isObject()) {
      return;
    }
    for (String key : keys) {
      JsonNode v = node.get(key);
      if (v != null && v.isTextual() && type.findValueByName(v.textValue()) == null && !isInteger(v.textValue())) {
        throw new MalformedDataException(path + "." + keys[0] + ": unknown " + type.getName() + " '" + v.textValue() + "'");
      }
    }
  }

  private static boolean isInteger(String s) {
    try {
      Integer.parseInt(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
