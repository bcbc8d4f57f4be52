package io.telegate.exporter.debug;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.data.ValueText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The debug exporter's {@code normal} verbosity, line for line as the Collector writes it: a line
 * per resource and per scope (schema URL, name@version, attributes), then one line per span
 * ({@code name traceid spanid key=value ...}), per log record ({@code body key=value ...}) or per
 * data point ({@code name{key=value,...} value}), values as pdata's {@code AsString} and numbers as
 * Go's {@code %v}.
 */
final class NormalText {

  private static final HexFormat HEX = HexFormat.of();

  private NormalText() {}

  static List<String> traces(ExportTraceServiceRequest request) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < request.getResourceSpansCount(); i++) {
      ResourceSpans rs = request.getResourceSpans(i);
      lines.add("ResourceTraces #" + i + schema(rs.getSchemaUrl()) + attributes(rs.getResource().getAttributesList()));
      for (int j = 0; j < rs.getScopeSpansCount(); j++) {
        ScopeSpans ss = rs.getScopeSpans(j);
        lines.add("ScopeTraces #" + j + scope(ss.getScope(), ss.getSchemaUrl()) + attributes(ss.getScope().getAttributesList()));
        for (Span span : ss.getSpansList()) {
          lines.add(span.getName() + " " + id(span.getTraceId()) + " " + id(span.getSpanId())
              + attributes(span.getAttributesList()));
        }
      }
    }
    return lines;
  }

  static List<String> logs(ExportLogsServiceRequest request) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < request.getResourceLogsCount(); i++) {
      ResourceLogs rl = request.getResourceLogs(i);
      lines.add("ResourceLog #" + i + schema(rl.getSchemaUrl()) + attributes(rl.getResource().getAttributesList()));
      for (int j = 0; j < rl.getScopeLogsCount(); j++) {
        ScopeLogs sl = rl.getScopeLogs(j);
        lines.add("ScopeLog #" + j + scope(sl.getScope(), sl.getSchemaUrl()) + attributes(sl.getScope().getAttributesList()));
        for (LogRecord r : sl.getLogRecordsList()) {
          // The Collector puts the space there even when no attribute follows.
          lines.add(ValueText.asString(r.getBody()) + " " + String.join(" ", pairs(r.getAttributesList())));
        }
      }
    }
    return lines;
  }

  static List<String> metrics(ExportMetricsServiceRequest request) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < request.getResourceMetricsCount(); i++) {
      ResourceMetrics rm = request.getResourceMetrics(i);
      lines.add("ResourceMetrics #" + i + schema(rm.getSchemaUrl()) + attributes(rm.getResource().getAttributesList()));
      for (int j = 0; j < rm.getScopeMetricsCount(); j++) {
        ScopeMetrics sm = rm.getScopeMetrics(j);
        lines.add("ScopeMetrics #" + j + scope(sm.getScope(), sm.getSchemaUrl())
            + attributes(sm.getScope().getAttributesList()));
        for (Metric m : sm.getMetricsList()) {
          switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> lines.add(number(m, p)));
            case SUM -> m.getSum().getDataPointsList().forEach(p -> lines.add(number(m, p)));
            case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> lines.add(histogram(m, p)));
            case EXPONENTIAL_HISTOGRAM ->
                m.getExponentialHistogram().getDataPointsList().forEach(p -> lines.add(exponential(m, p)));
            case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> lines.add(summary(m, p)));
            default -> {
              // A metric without data has no point to print, as in the Collector.
            }
          }
        }
      }
    }
    return lines;
  }

  private static String number(Metric m, NumberDataPoint p) {
    String value = switch (p.getValueCase()) {
      case AS_INT -> Long.toString(p.getAsInt());
      case AS_DOUBLE -> goV(p.getAsDouble());
      default -> "";
    };
    return head(m, p.getAttributesList()) + value;
  }

  private static String histogram(Metric m, HistogramDataPoint p) {
    StringBuilder sb = new StringBuilder(head(m, p.getAttributesList())).append("count=").append(Long.toUnsignedString(p.getCount()));
    minSumMax(sb, p.hasSum(), p.getSum(), p.hasMin(), p.getMin(), p.hasMax(), p.getMax());
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      sb.append(' ');
      if (i < p.getExplicitBoundsCount()) {
        sb.append("le").append(goV(p.getExplicitBounds(i))).append('=');
      }
      sb.append(Long.toUnsignedString(p.getBucketCounts(i)));
    }
    return sb.toString();
  }

  private static String exponential(Metric m, ExponentialHistogramDataPoint p) {
    StringBuilder sb = new StringBuilder(head(m, p.getAttributesList())).append("count=").append(Long.toUnsignedString(p.getCount()));
    minSumMax(sb, p.hasSum(), p.getSum(), p.hasMin(), p.getMin(), p.hasMax(), p.getMax());
    double factor = Math.scalb(Math.log(2), -p.getScale());
    ExponentialHistogramDataPoint.Buckets negative = p.getNegative();
    for (int j = negative.getBucketCountsCount() - 1; j >= 0; j--) {
      double upper = -Math.exp(((double) negative.getOffset() + j) * factor);
      sb.append(" le").append(goV(upper)).append('=').append(Long.toUnsignedString(negative.getBucketCounts(j)));
    }
    if (p.getZeroCount() != 0) {
      sb.append(" zero=").append(Long.toUnsignedString(p.getZeroCount()));
    }
    ExponentialHistogramDataPoint.Buckets positive = p.getPositive();
    for (int j = 0; j < positive.getBucketCountsCount(); j++) {
      double upper = Math.exp(((double) positive.getOffset() + j + 1) * factor);
      sb.append(" le").append(goV(upper)).append('=').append(Long.toUnsignedString(positive.getBucketCounts(j)));
    }
    return sb.toString();
  }

  private static String summary(Metric m, SummaryDataPoint p) {
    StringBuilder sb = new StringBuilder(head(m, p.getAttributesList())).append("count=").append(Long.toUnsignedString(p.getCount()))
        .append(" sum=").append(goF(p.getSum()));
    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
      sb.append(" q").append(goV(q.getQuantile())).append('=').append(goV(q.getValue()));
    }
    return sb.toString();
  }

  private static void minSumMax(StringBuilder sb, boolean hasSum, double sum, boolean hasMin, double min,
      boolean hasMax, double max) {
    if (hasSum) {
      sb.append(" sum=").append(goV(sum));
    }
    if (hasMin) {
      sb.append(" min=").append(goV(min));
    }
    if (hasMax) {
      sb.append(" max=").append(goV(max));
    }
  }

  private static String head(Metric m, List<KeyValue> attributes) {
    return m.getName() + "{" + String.join(",", pairs(attributes)) + "} ";
  }

  private static List<String> pairs(List<KeyValue> attributes) {
    List<String> out = new ArrayList<>(attributes.size());
    for (KeyValue kv : attributes) {
      out.add(kv.getKey() + "=" + ValueText.asString(kv.getValue()));
    }
    return out;
  }

  /** {@code " k=v k2=v2"}, or nothing without attributes. */
  private static String attributes(List<KeyValue> attributes) {
    return attributes.isEmpty() ? "" : " " + String.join(" ", pairs(attributes));
  }

  private static String schema(String url) {
    return url.isEmpty() ? "" : " [" + url + "]";
  }

  private static String scope(InstrumentationScope scope, String schemaUrl) {
    String s = scope.getName();
    if (!scope.getVersion().isEmpty()) {
      s += "@" + scope.getVersion();
    }
    if (!schemaUrl.isEmpty()) {
      s += (s.isEmpty() ? "" : " ") + "[" + schemaUrl + "]";
    }
    return s.isEmpty() ? "" : " " + s;
  }

  /** Lowercase hex, empty for an unset id (as pdata's {@code TraceID.String}). */
  private static String id(ByteString id) {
    return id.isEmpty() ? "" : HEX.formatHex(id.toByteArray());
  }

  /**
   * Go's {@code %v} of a float64 ({@code %g} with the shortest digits that read back): plain when
   * the decimal exponent is in [-4, 6), else {@code d.ddde±XX} (two exponent digits at least), so
   * {@code 123456.7} but {@code 1.234567e+06}.
   */
  static String goV(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    return ValueText.shortestDecimal(d, -4, 6, 2);
  }

  /** Go's {@code %f}: six decimals of the exact binary value, rounded half to even. */
  static String goF(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return goV(d);
    }
    return new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }
}
