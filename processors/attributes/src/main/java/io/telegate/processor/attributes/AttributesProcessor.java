package io.telegate.processor.attributes;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import io.telegate.core.component.Processor;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.SpanAttributeSplicer;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the configured actions on the attributes of each span, log record or metric data point
 * that the include/exclude blocks select, then passes the data on. Items are rebuilt only where an
 * action changed something.
 */
final class AttributesProcessor<T extends TelemetryData<?>> implements Processor<T> {

  private final ComponentId id;
  private final Signal signal;
  private final AttributeActions actions;
  private final ItemMatcher include;
  private final ItemMatcher exclude;
  private final Consumer<T> next;
  /**
   * Set when the actions can be spliced into encoded spans (only constant string inserts, no
   * filter): one splicer for all of them, so a request is walked and copied once.
   */
  private final SpanAttributeSplicer splicer;

  AttributesProcessor(ComponentId id, Signal signal, AttributesProcessorConfig config, Consumer<T> next) {
    this.id = id;
    this.signal = signal;
    this.next = next;
    // The config was validated (AttributesProcessorConfig.validate); nothing is checked again here.
    this.actions = AttributeActions.of(config.actions());
    this.include = ItemMatcher.of(config.include());
    this.exclude = ItemMatcher.of(config.exclude());
    List<String[]> inserts = include == null && exclude == null ? actions.constantStringInserts() : null;
    this.splicer = inserts == null || inserts.isEmpty() || inserts.size() > SpanAttributeSplicer.MAX_ATTRIBUTES
        ? null : new SpanAttributeSplicer(inserts);
  }

  @Override
  public void start(Host host) {
    // Nothing to start; which include/exclude fields suit the signal is checked with the config.
  }

  @Override
  public void shutdown(Duration timeout) {
    // Holds nothing.
  }

  @Override
  public boolean mutatesData() {
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<Void> consume(T data) {
    try {
      if (data instanceof Traces t && splicer != null && t.hasEncoded() && !t.hasParsed()) {
        // Splicing the encoded spans is several times cheaper than parse, rebuild and encode.
        byte[] bytes = splicer.insert(t.encoded());
        // The splice adds attributes only: same spans, and bytes derived from checked ones.
        t.setEncodedTrusted(bytes);
        return next.consume(data);
      }
      if (data instanceof Traces t) {
        processTraces(t);
      } else if (data instanceof Metrics m) {
        processMetrics(m);
      } else if (data instanceof Logs l) {
        processLogs(l);
      }
    } catch (MalformedDataException e) {
      return Completions.failed(ConsumerException.permanent(e.getMessage(), e));
    }
    return next.consume(data);
  }

  /** Whether the actions apply: selected by include (if any) and not by exclude (if any). */
  private boolean selected(boolean includeMatches, boolean excludeMatches) {
    return includeMatches && !excludeMatches;
  }

  /** The attributes after the actions, or null if they did not change. */
  private List<KeyValue> edit(List<KeyValue> attributes, ClientContext client) {
    AttributeMap m = new AttributeMap(attributes);
    actions.apply(m, client);
    return m.changed() ? m.list() : null;
  }

  private void processTraces(Traces traces) {
    ExportTraceServiceRequest req = traces.request();
    ExportTraceServiceRequest.Builder b = null;
    for (int r = 0; r < req.getResourceSpansCount(); r++) {
      ResourceSpans rs = req.getResourceSpans(r);
      for (int s = 0; s < rs.getScopeSpansCount(); s++) {
        ScopeSpans ss = rs.getScopeSpans(s);
        for (int i = 0; i < ss.getSpansCount(); i++) {
          Span span = ss.getSpans(i);
          if (!selected(include == null || include.matchesSpan(rs.getResource(), ss.getScope(), span),
              exclude != null && exclude.matchesSpan(rs.getResource(), ss.getScope(), span))) {
            continue;
          }
          List<KeyValue> edited = edit(span.getAttributesList(), traces.client());
          if (edited != null) {
            if (b == null) {
              b = req.toBuilder();
            }
            b.getResourceSpansBuilder(r).getScopeSpansBuilder(s)
                .setSpans(i, span.toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
    }
    if (b != null) {
      traces.set(b.build());
    }
  }

  private void processLogs(Logs logs) {
    ExportLogsServiceRequest req = logs.request();
    ExportLogsServiceRequest.Builder b = null;
    for (int r = 0; r < req.getResourceLogsCount(); r++) {
      ResourceLogs rl = req.getResourceLogs(r);
      for (int s = 0; s < rl.getScopeLogsCount(); s++) {
        ScopeLogs sl = rl.getScopeLogs(s);
        for (int i = 0; i < sl.getLogRecordsCount(); i++) {
          LogRecord record = sl.getLogRecords(i);
          if (!selected(include == null || include.matchesLog(rl.getResource(), sl.getScope(), record),
              exclude != null && exclude.matchesLog(rl.getResource(), sl.getScope(), record))) {
            continue;
          }
          List<KeyValue> edited = edit(record.getAttributesList(), logs.client());
          if (edited != null) {
            if (b == null) {
              b = req.toBuilder();
            }
            b.getResourceLogsBuilder(r).getScopeLogsBuilder(s)
                .setLogRecords(i, record.toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
    }
    if (b != null) {
      logs.set(b.build());
    }
  }

  private void processMetrics(Metrics metrics) {
    ExportMetricsServiceRequest req = metrics.request();
    ExportMetricsServiceRequest.Builder b = null;
    ClientContext client = metrics.client();
    for (int r = 0; r < req.getResourceMetricsCount(); r++) {
      ResourceMetrics rm = req.getResourceMetrics(r);
      for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
        ScopeMetrics sm = rm.getScopeMetrics(s);
        for (int k = 0; k < sm.getMetricsCount(); k++) {
          Metric metric = sm.getMetrics(k);
          if (!selected(include == null || include.matchesMetric(rm.getResource(), metric),
              exclude != null && exclude.matchesMetric(rm.getResource(), metric))) {
            continue;
          }
          Metric edited = editPoints(metric, client);
          if (edited != null) {
            if (b == null) {
              b = req.toBuilder();
            }
            b.getResourceMetricsBuilder(r).getScopeMetricsBuilder(s).setMetrics(k, edited);
          }
        }
      }
    }
    if (b != null) {
      metrics.set(b.build());
    }
  }

  /** The metric with its data points' attributes edited, or null if nothing changed. */
  private Metric editPoints(Metric metric, ClientContext client) {
    Metric.Builder mb = null;
    switch (metric.getDataCase()) {
      case GAUGE -> {
        List<NumberDataPoint> points = metric.getGauge().getDataPointsList();
        for (int i = 0; i < points.size(); i++) {
          List<KeyValue> edited = edit(points.get(i).getAttributesList(), client);
          if (edited != null) {
            mb = mb == null ? metric.toBuilder() : mb;
            mb.getGaugeBuilder().setDataPoints(i, points.get(i).toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
      case SUM -> {
        List<NumberDataPoint> points = metric.getSum().getDataPointsList();
        for (int i = 0; i < points.size(); i++) {
          List<KeyValue> edited = edit(points.get(i).getAttributesList(), client);
          if (edited != null) {
            mb = mb == null ? metric.toBuilder() : mb;
            mb.getSumBuilder().setDataPoints(i, points.get(i).toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
      case HISTOGRAM -> {
        List<HistogramDataPoint> points = metric.getHistogram().getDataPointsList();
        for (int i = 0; i < points.size(); i++) {
          List<KeyValue> edited = edit(points.get(i).getAttributesList(), client);
          if (edited != null) {
            mb = mb == null ? metric.toBuilder() : mb;
            mb.getHistogramBuilder()
                .setDataPoints(i, points.get(i).toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        List<ExponentialHistogramDataPoint> points = metric.getExponentialHistogram().getDataPointsList();
        for (int i = 0; i < points.size(); i++) {
          List<KeyValue> edited = edit(points.get(i).getAttributesList(), client);
          if (edited != null) {
            mb = mb == null ? metric.toBuilder() : mb;
            mb.getExponentialHistogramBuilder()
                .setDataPoints(i, points.get(i).toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
      case SUMMARY -> {
        List<SummaryDataPoint> points = metric.getSummary().getDataPointsList();
        for (int i = 0; i < points.size(); i++) {
          List<KeyValue> edited = edit(points.get(i).getAttributesList(), client);
          if (edited != null) {
            mb = mb == null ? metric.toBuilder() : mb;
            mb.getSummaryBuilder()
                .setDataPoints(i, points.get(i).toBuilder().clearAttributes().addAllAttributes(edited));
          }
        }
      }
      case DATA_NOT_SET -> {
        // no points
      }
    }
    return mb == null ? null : mb.build();
  }
}
