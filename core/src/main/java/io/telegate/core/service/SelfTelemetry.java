package io.telegate.core.service;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.component.AbstractHost;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Signal;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's own telemetry pushed over OTLP, as the Collector's {@code service.telemetry}
 * configures it: periodic metric readers ({@code metrics.readers[i].periodic}) that export every
 * self-metric each {@code interval}, and log record processors ({@code logs.processors[i]}) that
 * export the gateway's log lines in batches. Each sends through an {@code otlp} or {@code otlphttp}
 * exporter started on a host of its own, so that its sends are not counted among the pipelines'
 * exporter metrics and its health is not the gateway's; its own log lines are not exported (they
 * would feed themselves).
 */
final class SelfTelemetry {

  private static final GatewayLogger LOG = GatewayLogger.root().with("component", "service");
  private static final String SCOPE = "io.telegate.core.service";

  private final List<Pusher> pushers = new ArrayList<>();
  private final Map<String, String> resource;
  private final MetricRegistry metrics;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Host host;
  /** Ids of every telemetry exporter, whose own log lines are not exported. */
  private final Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param resource the gateway's resource (attribute names as written)
   * @param metrics the registry a reader exports
   */
  SelfTelemetry(Map<String, String> resource, MetricRegistry metrics, String version, Clock clock, Scheduler scheduler,
      Executor executor) {
    this.resource = resource;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler = scheduler;
    this.executor = executor;
    this.host = new Host(clock, version, scheduler, executor);
  }

  /**
   * Creates and starts an exporter and its reader or processor for every {@code exports} entry.
   *
   * @throws Exception if an exporter fails to start (what did start keeps running until {@link #shutdown})
   */
  void start(List<GatewayConfig.SelfExport> exports) throws Exception {
    Resource res = resource(resource);
    for (GatewayConfig.SelfExport e : exports) {
      ids.add(e.exporter().id().toString());
    }
    for (GatewayConfig.SelfExport e : exports) {
      Exporter<?> exporter = create(e);
      exporter.start(host);
      Pusher p = e.signal() == Signal.METRICS
          ? new MetricReader(e, exporterOf(exporter), metrics, res, clock, scheduler, executor)
          : new LogProcessor(e, exporterOf(exporter), res, scheduler, executor, ids, metrics);
      pushers.add(p);
      p.begin();
    }
  }

  /** Exports once more what is held (metrics' last values, buffered log lines), then stops the exporters. */
  void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Pusher p : pushers) {
      p.end(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    pushers.clear();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Exporter<?> create(GatewayConfig.SelfExport e) {
    ExporterFactory f = (ExporterFactory) e.exporter().factory();
    CreateSettings s = new CreateSettings(e.exporter().id(), e.exporter().kind(), new HashMap<>());
    return e.signal() == Signal.METRICS ? f.createMetrics(s, e.exporter().config())
        : f.createLogs(s, e.exporter().config());
  }

  @SuppressWarnings("unchecked")
  private static <T extends io.telegate.core.data.TelemetryData<?>> Exporter<T> exporterOf(Exporter<?> e) {
    return (Exporter<T>) e;
  }

  static Resource resource(Map<String, String> attributes) {
    Resource.Builder r = Resource.newBuilder();
    attributes.forEach((k, v) -> r.addAttributes(KeyValue.newBuilder().setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))));
    return r.build();
  }

  /** A host of its own for the exporters: registries nobody reads, the gateway's time and threads. */
  private static final class Host extends AbstractHost {
    Host(Clock clock, String version, Scheduler scheduler, Executor executor) {
      super(new MetricRegistry(Map.of()), new HealthRegistry(clock, version), clock, scheduler, executor);
    }

    @Override
    public java.util.Optional<Component> extension(ComponentId id) {
      return java.util.Optional.empty();
    }
  }

  private abstract static class Pusher {
    final GatewayConfig.SelfExport export;
    final Scheduler scheduler;
    final Executor executor;
    volatile boolean stopped;
    volatile Scheduler.Cancellable timer;

    Pusher(GatewayConfig.SelfExport export, Scheduler scheduler, Executor executor) {
      this.export = export;
      this.scheduler = scheduler;
      this.executor = executor;
    }

    abstract void begin();

    abstract void end(Duration timeout);

    /** Runs {@code work} on the executor after {@code delay}: the timer only hands it over. */
    void after(Duration delay, Runnable work) {
      if (stopped) {
        return;
      }
      timer = scheduler.schedule(() -> run(work), delay);
    }

    void stopTimer() {
      stopped = true;
      Scheduler.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
    }

    void run(Runnable work) {
      try {
        executor.execute(work);
      } catch (RejectedExecutionException e) {
        // The gateway is stopping; end() exports what is left.
      }
    }

    /** Sends {@code data}: the outcome, bounded by the reader's or processor's timeout; a failure is logged. */
    <T extends io.telegate.core.data.TelemetryData<?>> CompletableFuture<Void> send(Exporter<T> exporter, T data) {
      CompletableFuture<Void> sent;
      try {
        sent = exporter.consume(data);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      return sent.orTimeout(export.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, err) -> {
        if (err != null) {
          Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
              ? err.getCause() : err;
          LOG.rateLimited(GatewayLogger.Level.WARN, "self-export " + export.path(), Duration.ofMinutes(1),
              "Exporting the gateway's own telemetry failed", cause, "config", export.path());
        }
      });
    }

    static void await(CompletableFuture<Void> f, Duration timeout) {
      try {
        f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // logged by send()
      }
    }
  }

  /** A periodic metric reader: every self-metric, cumulative since the gateway started, each interval. */
  private static final class MetricReader extends Pusher {
    private final Exporter<Metrics> exporter;
    private final MetricRegistry metrics;
    private final Resource resource;
    private final Clock clock;
    private final long startNanos;

    MetricReader(GatewayConfig.SelfExport export, Exporter<Metrics> exporter, MetricRegistry metrics, Resource resource,
        Clock clock, Scheduler scheduler, Executor executor) {
      super(export, scheduler, executor);
      this.exporter = exporter;
      this.metrics = metrics;
      this.resource = resource;
      this.clock = clock;
      this.startNanos = nanos(clock.instant());
    }

    @Override
    void begin() {
      after(export.interval(), this::tick);
    }

    private void tick() {
      if (stopped) {
        return;
      }
      push();
      after(export.interval(), this::tick);
    }

    private CompletableFuture<Void> push() {
      ExportMetricsServiceRequest request = request(metrics.snapshot(), resource, startNanos, nanos(clock.instant()));
      return send(exporter, Metrics.of(request));
    }

    @Override
    void end(Duration timeout) {
      stopTimer();
      long deadline = System.nanoTime() + timeout.toNanos();
      // As the SDK's periodic reader at shutdown: one last collection and export.
      await(push(), timeout);
      exporter.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  static long nanos(Instant t) {
    return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
  }

  /**
   * The self-metrics as one OTLP request: counters as cumulative monotonic sums, gauges as
   * gauges, histograms as cumulative explicit-bucket histograms, under their instrument names
   * with their units; the resource carries what Prometheus shows as {@code target_info}.
   */
  static ExportMetricsServiceRequest request(List<MetricRegistry.FamilySnapshot> families, Resource resource,
      long startNanos, long nowNanos) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName(SCOPE));
    for (MetricRegistry.FamilySnapshot f : families) {
      Metric.Builder m = Metric.newBuilder().setName(f.name()).setDescription(f.help()).setUnit(f.unit());
      switch (f.type()) {
        case "counter" -> {
          Sum.Builder sum = Sum.newBuilder().setIsMonotonic(true)
              .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
          for (MetricRegistry.Point p : f.points()) {
            sum.addDataPoints(number(p, startNanos, nowNanos));
          }
          m.setSum(sum);
        }
        case "gauge" -> {
          Gauge.Builder g = Gauge.newBuilder();
          for (MetricRegistry.Point p : f.points()) {
            g.addDataPoints(number(p, 0, nowNanos));
          }
          m.setGauge(g);
        }
        case "histogram" -> {
          Histogram.Builder h = Histogram.newBuilder()
              .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
          for (MetricRegistry.Point p : f.points()) {
            HistogramDataPoint.Builder d = HistogramDataPoint.newBuilder().setStartTimeUnixNano(startNanos)
                .setTimeUnixNano(nowNanos).setCount(p.count()).setSum(p.sum()).addAllAttributes(attributes(p.labels()));
            for (double b : f.bounds()) {
              d.addExplicitBounds(b);
            }
            for (long c : p.bucketCounts()) {
              d.addBucketCounts(c);
            }
            h.addDataPoints(d);
          }
          m.setHistogram(h);
        }
        default -> throw new IllegalStateException("unknown instrument type " + f.type());
      }
      scope.addMetrics(m);
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope)).build();
  }

  private static NumberDataPoint number(MetricRegistry.Point p, long startNanos, long nowNanos) {
    NumberDataPoint.Builder d = NumberDataPoint.newBuilder().setTimeUnixNano(nowNanos)
        .addAllAttributes(attributes(p.labels()));
    if (startNanos > 0) {
      d.setStartTimeUnixNano(startNanos);
    }
    if (p.integer()) {
      d.setAsInt((long) p.value());
    } else {
      d.setAsDouble(p.value());
    }
    return d.build();
  }

  private static List<KeyValue> attributes(List<String> labels) {
    List<KeyValue> out = new ArrayList<>(labels.size() / 2);
    for (int i = 0; i + 1 < labels.size(); i += 2) {
      out.add(KeyValue.newBuilder().setKey(labels.get(i))
          .setValue(AnyValue.newBuilder().setStringValue(labels.get(i + 1))).build());
    }
    return out;
  }

  /**
   * A log record processor as the OpenTelemetry SDK's batch processor: lines are queued (up to
   * {@code max_queue_size}; past it they are dropped and counted in {@code
   * telegate_logs_export_dropped}) and exported every {@code schedule_delay}, or as soon as a full
   * batch is queued, one export at a time. A {@code simple} processor is one with batches of one
   * and no delay.
   */
  private static final class LogProcessor extends Pusher implements GatewayLogger.Listener {
    private final Exporter<Logs> exporter;
    private final Resource resource;
    private final Set<String> ownIds;
    private final MetricRegistry.Counter dropped;
    private final ArrayDeque<LogRecord> queue = new ArrayDeque<>();
    private final AtomicBoolean exporting = new AtomicBoolean();

    LogProcessor(GatewayConfig.SelfExport export, Exporter<Logs> exporter, Resource resource, Scheduler scheduler,
        Executor executor, Set<String> ownIds, MetricRegistry metrics) {
      super(export, scheduler, executor);
      this.exporter = exporter;
      this.resource = resource;
      this.ownIds = ownIds;
      this.dropped = metrics.counter("telegate_logs_export_dropped",
          "Log lines a service::telemetry::logs processor dropped because its queue was full.",
          "processor", export.path());
    }

    @Override
    void begin() {
      GatewayLogger.addListener(this);
      if (!export.interval().isZero()) {
        after(export.interval(), this::tick);
      }
    }

    private void tick() {
      drain();
      after(export.interval(), this::tick);
    }

    @Override
    public void record(Instant time, GatewayLogger.Level level, String msg, Map<String, Object> attributes,
        Throwable error) {
      Object exporterId = attributes.get("exporter");
      if (exporterId != null && ownIds.contains(String.valueOf(exporterId))
          || export.path().equals(attributes.get("config"))) {
        return; // the telemetry exporters' lines, and this processor's failures, would feed themselves
      }
      LogRecord.Builder r = LogRecord.newBuilder().setTimeUnixNano(nanos(time)).setObservedTimeUnixNano(nanos(time))
          .setSeverityNumber(severity(level)).setSeverityText(level.name().toLowerCase(java.util.Locale.ROOT))
          .setBody(AnyValue.newBuilder().setStringValue(msg));
      attributes.forEach((k, v) -> r.addAttributes(KeyValue.newBuilder().setKey(k).setValue(any(v))));
      if (error != null) {
        r.addAttributes(KeyValue.newBuilder().setKey("error")
            .setValue(AnyValue.newBuilder().setStringValue(io.telegate.core.telemetry.Secrets.redactText(error.toString()))));
      }
      boolean full;
      synchronized (queue) {
        if (stopped || queue.size() >= export.maxQueueSize()) {
          dropped.inc();
          return;
        }
        queue.add(r.build());
        full = queue.size() >= export.maxBatchSize();
      }
      if (full && !exporting.get()) {
        run(this::drain);
      }
    }

    /** Exports batches while a full one is queued, and one partial batch; one export at a time. */
    private void drain() {
      if (!exporting.compareAndSet(false, true)) {
        return;
      }
      CompletableFuture<Void> sent = exportBatch();
      if (sent == null) {
        exporting.set(false);
        return;
      }
      sent.whenComplete((ok, err) -> {
        exporting.set(false);
        boolean more;
        synchronized (queue) {
          more = queue.size() >= export.maxBatchSize();
        }
        if (more && !stopped) {
          run(this::drain);
        }
      });
    }

    /** Sends up to one batch; null if nothing is queued. */
    private CompletableFuture<Void> exportBatch() {
      List<LogRecord> batch = new ArrayList<>();
      synchronized (queue) {
        while (batch.size() < export.maxBatchSize() && !queue.isEmpty()) {
          batch.add(queue.poll());
        }
      }
      if (batch.isEmpty()) {
        return null;
      }
      ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
          .setResource(resource).addScopeLogs(ScopeLogs.newBuilder()
              .setScope(InstrumentationScope.newBuilder().setName(SCOPE)).addAllLogRecords(batch))).build();
      return send(exporter, Logs.of(request));
    }

    @Override
    void end(Duration timeout) {
      GatewayLogger.removeListener(this);
      stopTimer();
      long deadline = System.nanoTime() + timeout.toNanos();
      // As the SDK's batch processor at shutdown: what is queued is exported, batch by batch, one
      // export at a time (a drain already under way finishes first).
      while (System.nanoTime() < deadline) {
        if (!exporting.compareAndSet(false, true)) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          continue;
        }
        CompletableFuture<Void> sent = exportBatch();
        if (sent == null) {
          exporting.set(false);
          break;
        }
        await(sent, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        exporting.set(false);
      }
      exporter.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private static SeverityNumber severity(GatewayLogger.Level level) {
      return switch (level) {
        case DEBUG -> SeverityNumber.SEVERITY_NUMBER_DEBUG;
        case INFO -> SeverityNumber.SEVERITY_NUMBER_INFO;
        case WARN -> SeverityNumber.SEVERITY_NUMBER_WARN;
        case ERROR -> SeverityNumber.SEVERITY_NUMBER_ERROR;
      };
    }

    private static AnyValue any(Object v) {
      AnyValue.Builder b = AnyValue.newBuilder();
      if (v instanceof Boolean bool) {
        b.setBoolValue(bool);
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
        b.setIntValue(((Number) v).longValue());
      } else if (v instanceof Number n) {
        b.setDoubleValue(n.doubleValue());
      } else if (v instanceof Map<?, ?> m) {
        KeyValueList.Builder kv = KeyValueList.newBuilder();
        m.forEach((k, x) -> kv.addValues(KeyValue.newBuilder().setKey(String.valueOf(k)).setValue(any(x))));
        b.setKvlistValue(kv);
      } else if (v instanceof List<?> l) {
        ArrayValue.Builder a = ArrayValue.newBuilder();
        l.forEach(x -> a.addValues(any(x)));
        b.setArrayValue(a);
      } else if (v != null) {
        b.setStringValue(String.valueOf(v));
      }
      return b.build();
    }
  }
}
