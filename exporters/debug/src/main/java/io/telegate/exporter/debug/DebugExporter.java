package io.telegate.exporter.debug;

import com.google.protobuf.TextFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.ValueText;
import io.telegate.core.data.Traces;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.GatewayLogger;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Writes what it gets to the gateway's log, at the configured verbosity, sampled per second so a
 * busy pipeline cannot flood the log: {@code basic} a count per batch, {@code normal} the
 * Collector's one line per span, log record or data point ({@link NormalText}), {@code detailed}
 * every item in protobuf text. For trying pipelines out; it never fails. Runs behind the
 * {@link io.telegate.core.exporter.ExporterHelper} with no queue and no retry, as the Collector's.
 */
final class DebugExporter<T extends TelemetryData<?>> implements Sender<T> {

  private final ComponentId id;
  private final Signal signal;
  private final DebugExporterConfig config;
  private final Object samplingLock = new Object();
  private GatewayLogger log = GatewayLogger.root();
  private Clock clock = Clock.systemUTC();
  // Guarded by samplingLock: the current one-second window and the batches seen in it.
  private long windowSecond = Long.MIN_VALUE;
  private long seenInWindow;

  DebugExporter(ComponentId id, Signal signal, DebugExporterConfig config) {
    this.id = id;
    this.signal = signal;
    this.config = config;
  }

  @Override
  public void start(Host host) {
    // One line per item where the Collector writes one entry per batch: sampled per batch by this
    // exporter's own sampling_* keys, not line by line by service::telemetry::logs::sampling.
    log = host.logger(ComponentKind.EXPORTER, id).with("otel.signal", signal.id()).unsampled();
    clock = host.clock();
  }

  @Override
  public CompletableFuture<Void> send(T data) {
    if (sampled()) {
      write(data);
    }
    return Completions.done();
  }

  /** First {@code sampling_initial} batches of each second, then one in {@code sampling_thereafter}. */
  private boolean sampled() {
    long second = clock.millis() / 1000;
    synchronized (samplingLock) {
      if (second != windowSecond) {
        windowSecond = second;
        seenInWindow = 0;
      }
      long n = ++seenInWindow;
      return n <= config.samplingInitial() || (n - config.samplingInitial()) % config.samplingThereafter() == 0;
    }
  }

  private void write(T data) {
    if (data instanceof Traces t) {
      writeTraces(t);
    } else if (data instanceof Metrics m) {
      writeMetrics(m);
    } else if (data instanceof Logs l) {
      writeLogs(l);
    }
  }

  private void writeTraces(Traces traces) {
    ExportTraceServiceRequest req = traces.request();
    log.info("Traces", "resource spans", req.getResourceSpansCount(), "spans", traces.itemCount());
    if (config.effectiveVerbosity() == DebugExporterConfig.Verbosity.BASIC) {
      return;
    }
    if (config.effectiveVerbosity() == DebugExporterConfig.Verbosity.NORMAL) {
      NormalText.traces(req).forEach(log::info);
      return;
    }
    for (ResourceSpans rs : req.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        log.info("ResourceSpans", "resource", attributes(rs.getResource()), "scope", scope(ss.getScope()),
            "spans", ss.getSpansCount());
        for (Span span : ss.getSpansList()) {
          log.info("Span", "span", TextFormat.shortDebugString(span));
        }
      }
    }
  }

  private void writeMetrics(Metrics metrics) {
    ExportMetricsServiceRequest req = metrics.request();
    log.info("Metrics", "resource metrics", req.getResourceMetricsCount(), "data points", metrics.itemCount());
    if (config.effectiveVerbosity() == DebugExporterConfig.Verbosity.BASIC) {
      return;
    }
    if (config.effectiveVerbosity() == DebugExporterConfig.Verbosity.NORMAL) {
      NormalText.metrics(req).forEach(log::info);
      return;
    }
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        log.info("ResourceMetrics", "resource", attributes(rm.getResource()), "scope", scope(sm.getScope()),
            "metrics", sm.getMetricsCount());
        for (Metric m : sm.getMetricsList()) {
          log.info("Metric", "metric", TextFormat.shortDebugString(m));
        }
      }
    }
  }

  private void writeLogs(Logs logs) {
    ExportLogsServiceRequest req = logs.request();
    log.info("Logs", "resource logs", req.getResourceLogsCount(), "log records", logs.itemCount());
    if (config.effectiveVerbosity() == DebugExporterConfig.Verbosity.BASIC) {
      return;
    }
    if (config.effectiveVerbosity() == DebugExporterConfig.Verbosity.NORMAL) {
      NormalText.logs(req).forEach(log::info);
      return;
    }
    for (ResourceLogs rl : req.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        log.info("ResourceLogs", "resource", attributes(rl.getResource()), "scope", scope(sl.getScope()),
            "log records", sl.getLogRecordsCount());
        for (LogRecord r : sl.getLogRecordsList()) {
          log.info("LogRecord", "record", TextFormat.shortDebugString(r));
        }
      }
    }
  }

  private static String attributes(Resource r) {
    StringBuilder sb = new StringBuilder();
    r.getAttributesList().forEach(kv -> {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(kv.getKey()).append('=').append(ValueText.asString(kv.getValue()));
    });
    return sb.toString();
  }

  private static String scope(InstrumentationScope s) {
    return s.getVersion().isEmpty() ? s.getName() : s.getName() + "@" + s.getVersion();
  }
}
