package io.telegate.core.service;

import io.telegate.core.component.AbstractHost;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.HostThreads;
import io.telegate.core.component.ServiceView;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.graph.PipelineGraph;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.telemetry.SelfResource;
import io.telegate.core.time.SystemScheduler;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running gateway: the pipeline graph of a validated config, its self-metrics and health, and
 * the admin endpoint that serves them.
 */
public final class Gateway extends AbstractHost {

  private static final GatewayLogger LOG = GatewayLogger.root().with("component", "service");

  private final GatewayConfig config;
  private final String version;
  /** The resource of the gateway's own telemetry: {@code service.telemetry.resource} over the defaults. */
  private final Map<String, String> resource;
  private final SystemScheduler scheduler;
  private final ExecutorService workers;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private PipelineGraph graph;
  private AdminServer admin;
  private SelfTelemetry selfTelemetry;
  /** The logger's settings before {@link #start}, given back at the end of {@link #shutdown}. */
  private GatewayLogger.Settings previousLogSettings;
  private List<PrintStream> openedLogFiles = List.of();
  private volatile boolean shutdownStarted;

  public Gateway(GatewayConfig config, String version, Clock clock) {
    this(config, version, clock, SelfResource.resolve(config.telemetry().resource(), version,
        UUID.randomUUID().toString()), new SystemScheduler("telegate-timer"), Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), new HostThreads("telegate-worker")));
  }

  private Gateway(GatewayConfig config, String version, Clock clock, Map<String, String> resource,
      SystemScheduler scheduler, ExecutorService workers) {
    super(selfMetrics(config, resource), new HealthRegistry(clock, version), clock, scheduler, workers);
    this.config = config;
    this.version = version;
    this.resource = resource;
    this.scheduler = scheduler;
    this.workers = workers;
    setMemoryBudget(MemoryBudget.of("service::buffers", config.flow().bufferLimitMib(),
        config.flow().bufferPercentage(), config.flow().admissionWait()));
    setIntakeBudget(MemoryBudget.of("service::buffers::intake_limit_*", config.flow().intakeLimitMib(),
        config.flow().intakePercentage()));
    setAcknowledgement(config.flow().acknowledgement());
  }

  /**
   * The registry of self-metrics: labelled with the resource ({@code service.telemetry.resource}
   * over the defaults), at the configured level and naming.
   */
  private static MetricRegistry selfMetrics(GatewayConfig config, Map<String, String> resource) {
    MetricRegistry metrics = new MetricRegistry(SelfResource.seriesLabels(resource), SelfResource.labels(resource));
    metrics.setLevel(config.telemetry().metricsLevel());
    metrics.setNaming(config.telemetry().naming());
    return metrics;
  }

  /**
   * Starts the admin endpoint, then every pipeline (exporters first). Returns when all started;
   * throws, after stopping what did start, if any component fails.
   */
  public synchronized void start() throws Exception {
    configureLogs(config.telemetry().logs());
    if (config.telemetry().logLevel() != null) {
      GatewayLogger.setLevel(GatewayLogger.Level.parse(config.telemetry().logLevel()));
      io.telegate.core.telemetry.JulBridge.install(); // library levels follow the new level
    }
    for (String warning : config.warnings()) {
      LOG.warn(warning);
    }
    MetricRegistry metrics = metrics();
    HealthRegistry health = healthRegistry();
    MemoryBudget memoryBudget = memoryBudget();
    MemoryBudget intakeBudget = intakeBudget();
    ProcessMetrics.register(metrics, clock());
    metrics.gauge("telegate_buffers_memory_used_bytes",
        "Bytes held by all batch buffers and in-memory sending queues together.", memoryBudget::used);
    metrics.gauge("telegate_buffers_memory_limit_bytes",
        "The bound of telegate_buffers_memory_used_bytes (service::buffers).", memoryBudget::limit);
    metrics.gauge("telegate_intake_memory_used_bytes",
        "Estimated bytes that requests being received and decoded cost now.", intakeBudget::used);
    metrics.gauge("telegate_intake_memory_limit_bytes",
        "The bound of telegate_intake_memory_used_bytes (service::buffers::intake_limit_*).", intakeBudget::limit);
    admin = new AdminServer(config.telemetry().metricsHost(), config.telemetry().metricsPort(), metrics, health);
    metrics.counterFunction("telegate_logs_sampled_out",
        "Log lines service::telemetry::logs::sampling dropped (counted since the process started).",
        GatewayLogger::sampledOut);
    admin.start();
    graph = PipelineGraph.build(config, metrics);
    try {
      // Log processors first, so that they see the start; metric readers once the receivers listen,
      // so that a reader pushing to the gateway's own receiver finds it.
      selfTelemetry = new SelfTelemetry(resource, metrics, version, clock(), scheduler, workers);
      selfTelemetry.start(exports(io.telegate.core.component.Signal.LOGS));
      graph.start(this);
      if (metrics.level() != MetricRegistry.Level.NONE) {
        selfTelemetry.start(exports(io.telegate.core.component.Signal.METRICS));
      }
    } catch (Exception e) {
      graph.shutdown(Duration.ofSeconds(5), this);
      if (selfTelemetry != null) {
        selfTelemetry.shutdown(Duration.ofSeconds(5));
      }
      admin.stop();
      restoreLogs();
      stopped.countDown();
      throw e;
    }
    health.setReady(true);
    LOG.info("Everything is ready. Begin running and processing data.", "version", version,
        "pipelines", config.pipelines().size(), "telemetry", config.telemetry().metricsHost() + ":" + admin.port());
  }

  /** Stops receivers, flushes processors and drains exporters within {@code timeout}. Idempotent. */
  public void shutdown(Duration timeout) {
    synchronized (this) {
      if (shutdownStarted) {
        return;
      }
      shutdownStarted = true;
    }
    LOG.info("Shutdown requested; draining pipelines", "timeout", timeout.toString());
    healthRegistry().setReady(false);
    long deadline = System.nanoTime() + timeout.toNanos();
    if (graph != null) {
      graph.shutdown(timeout, this);
    }
    LOG.info("Shutdown complete.");
    if (selfTelemetry != null) {
      // After the pipelines, as the Collector's telemetry providers: the last values and lines go out.
      selfTelemetry.shutdown(Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));
    }
    scheduler.close();
    workers.shutdown();
    if (admin != null) {
      admin.stop();
    }
    restoreLogs();
    stopped.countDown();
  }

  /**
   * Applies {@code service.telemetry.logs}: opens its outputs (a file that cannot be opened fails
   * the start) and hands the settings to every logger; outputs left unset keep where lines go now.
   */
  private void configureLogs(GatewayConfig.LogOutput logs) throws java.io.IOException {
    GatewayLogger.Settings current = GatewayLogger.settings();
    List<PrintStream> opened = new ArrayList<>();
    try {
      List<GatewayLogger.Output> outputs = logs.outputPaths().isEmpty() ? current.outputs()
          : open(logs.outputPaths(), opened);
      List<GatewayLogger.Output> errorOutputs = logs.errorOutputPaths().isEmpty() ? current.errorOutputs()
          : open(logs.errorOutputPaths(), opened);
      previousLogSettings = GatewayLogger.configure(new GatewayLogger.Settings(logs.encoding(), outputs, errorOutputs,
          logs.initialFields(), logs.sampling(), logs.development(), logs.disableStacktrace()));
      openedLogFiles = opened;
    } catch (java.io.IOException | RuntimeException e) {
      opened.forEach(PrintStream::close);
      throw e;
    }
  }

  private static List<GatewayLogger.Output> open(List<String> paths, List<PrintStream> opened)
      throws java.io.IOException {
    List<GatewayLogger.Output> out = new ArrayList<>();
    for (String p : paths) {
      switch (p) {
        case "stdout" -> out.add(new GatewayLogger.Output(p, System.out));
        case "stderr" -> out.add(new GatewayLogger.Output(p, System.err));
        default -> {
          java.nio.file.Path file = GatewayConfig.LogOutput.file(p);
          PrintStream s;
          try {
            s = new PrintStream(new java.io.FileOutputStream(file.toFile(), true), true,
                java.nio.charset.StandardCharsets.UTF_8);
          } catch (java.io.IOException e) {
            throw new java.io.IOException("service::telemetry::logs: cannot open " + file + " for writing: "
                + e.getMessage(), e);
          }
          opened.add(s);
          out.add(new GatewayLogger.Output(p, s));
        }
      }
    }
    return out;
  }

  private List<GatewayConfig.SelfExport> exports(io.telegate.core.component.Signal signal) {
    return config.telemetry().exports().stream().filter(e -> e.signal() == signal).toList();
  }

  private void restoreLogs() {
    if (previousLogSettings != null) {
      GatewayLogger.configure(previousLogSettings);
      previousLogSettings = null;
    }
    openedLogFiles.forEach(PrintStream::close);
    openedLogFiles = List.of();
  }

  /** Blocks until {@link #shutdown} has finished. */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** The port of the admin endpoint (metrics and health). */
  public int adminPort() {
    return admin.port();
  }

  public PipelineGraph graph() {
    return graph;
  }

  @Override
  public Optional<Component> extension(ComponentId id) {
    return graph == null ? Optional.empty() : Optional.ofNullable(graph.extensions().get(id));
  }

  @Override
  public Optional<ServiceView> service() {
    return Optional.of(new ServiceView(config.pipelines().stream().map(p -> new ServiceView.Pipeline(
        p.id().toString(), p.receivers(), p.processors(), p.exporters())).toList(), config.serviceExtensions()));
  }
}
