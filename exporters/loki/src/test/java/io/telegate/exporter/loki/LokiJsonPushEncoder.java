package io.telegate.exporter.loki;

import io.telegate.core.telemetry.Json;
import io.telegate.exporter.loki.LokiLabels.Label;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Part of the test oracle (the object path the exporter used before the wire path), kept as it
 * was.
 *
 * <p>* Writes Loki's JSON push format: {@code {"streams":[{"stream":{labels},"values":[["<ns>",
 * "<line>", {structured metadata}]]}]}}, timestamps as strings of nanoseconds since the epoch.
 */
final class LokiJsonPushEncoder {

  private LokiJsonPushEncoder() {}

  static byte[] encode(List<LokiStream> streams) {
    StringBuilder sb = new StringBuilder(estimatedLength(streams));
    sb.append("{\"streams\":[");
    for (int s = 0; s < streams.size(); s++) {
      LokiStream stream = streams.get(s);
      if (s > 0) {
        sb.append(',');
      }
      sb.append("{\"stream\":");
      appendObject(sb, stream.labels());
      sb.append(",\"values\":[");
      List<LokiStream.Entry> entries = stream.entries();
      for (int e = 0; e < entries.size(); e++) {
        LokiStream.Entry entry = entries.get(e);
        if (e > 0) {
          sb.append(',');
        }
        sb.append("[\"").append(entry.timestampNanos()).append("\",");
        Json.quote(sb, entry.line());
        if (!entry.metadata().isEmpty()) {
          sb.append(',');
          appendObject(sb, entry.metadata());
        }
        sb.append(']');
      }
      sb.append("]}");
    }
    sb.append("]}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * About the length of the JSON, so the builder is not regrown (and copied) a dozen times on the
   * way to a push of hundreds of KB; lines with many escapes still make it grow.
   */
  private static int estimatedLength(List<LokiStream> streams) {
    long n = 16;
    for (LokiStream stream : streams) {
      n += 32 + stream.labelsText().length();
      for (LokiStream.Entry e : stream.entries()) {
        n += 32 + e.line().length();
        for (Label l : e.metadata()) {
          n += 8 + l.name().length() + l.value().length();
        }
      }
    }
    return (int) Math.min(n, 1 << 30);
  }

  private static void appendObject(StringBuilder sb, List<Label> labels) {
    sb.append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Json.quote(sb, labels.get(i).name());
      sb.append(':');
      Json.quote(sb, labels.get(i).value());
    }
    sb.append('}');
  }
}
