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
import java.time.Clock;
import java.time.Duration;
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
  private final SystemScheduler scheduler;
  private final ExecutorService workers;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private PipelineGraph graph;
  private AdminServer admin;
  private volatile boolean shutdownStarted;

  public Gateway(GatewayConfig config, String version, Clock clock) {
    this(config, version, clock, new SystemScheduler("telegate-timer"), Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), new HostThreads("telegate-worker")));
  }

  private Gateway(GatewayConfig config, String version, Clock clock, SystemScheduler scheduler,
      ExecutorService workers) {
    super(selfMetrics(config, version), new HealthRegistry(clock, version), clock, scheduler, workers);
    this.config = config;
    this.version = version;
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
  private static MetricRegistry selfMetrics(GatewayConfig config, String version) {
    Map<String, String> resource = SelfResource.resolve(config.telemetry().resource(), version,
        UUID.randomUUID().toString());
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
    admin.start();
    graph = PipelineGraph.build(config, metrics);
    try {
      graph.start(this);
    } catch (Exception e) {
      admin.stop();
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
    if (graph != null) {
      graph.shutdown(timeout, this);
    }
    scheduler.close();
    workers.shutdown();
    if (admin != null) {
      admin.stop();
    }
    LOG.info("Shutdown complete.");
    stopped.countDown();
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
