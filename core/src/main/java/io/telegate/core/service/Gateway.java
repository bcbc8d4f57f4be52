package io.telegate.core.service;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.ServiceView;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.graph.PipelineGraph;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import io.telegate.core.time.SystemScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running gateway: the pipeline graph of a validated config, its self-metrics and health, and
 * the admin endpoint that serves them.
 */
public final class Gateway implements Host {

  private static final GatewayLogger LOG = GatewayLogger.root().with("component", "service");

  private final GatewayConfig config;
  private final String version;
  private final Clock clock;
  private final MetricRegistry metrics;
  private final HealthRegistry health;
  private final SystemScheduler scheduler = new SystemScheduler("telegate-timer");
  private final MemoryBudget memoryBudget;
  private final MemoryBudget intakeBudget;
  private final ExecutorService workers = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), new ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
          Thread t = new Thread(r, "telegate-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }
      });
  private final CountDownLatch stopped = new CountDownLatch(1);
  private PipelineGraph graph;
  private AdminServer admin;
  private volatile boolean shutdownStarted;

  public Gateway(GatewayConfig config, String version, Clock clock) {
    this.config = config;
    this.version = version;
    this.clock = clock;
    this.metrics = new MetricRegistry(Map.of(
        "service_name", "telegate",
        "service_version", version,
        "service_instance_id", UUID.randomUUID().toString()));
    this.metrics.setLevel(config.telemetry().metricsLevel());
    this.health = new HealthRegistry(clock, version);
    this.memoryBudget = MemoryBudget.of("service::buffers", config.flow().bufferLimitMib(),
        config.flow().bufferPercentage(), config.flow().admissionWait());
    this.intakeBudget = MemoryBudget.of("service::buffers::intake_limit_*", config.flow().intakeLimitMib(), config.flow().intakePercentage());
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
    ProcessMetrics.register(metrics, clock);
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
    health.setReady(false);
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
  public MetricRegistry metrics() {
    return metrics;
  }

  @Override
  public HealthRegistry healthRegistry() {
    return health;
  }

  @Override
  public ComponentHealth health(ComponentKind kind, ComponentId id) {
    return health.component(kind.label(), id.toString());
  }

  @Override
  public GatewayLogger logger(ComponentKind kind, ComponentId id) {
    return GatewayLogger.root().with(kind.label(), id.toString());
  }

  @Override
  public Optional<Component> extension(ComponentId id) {
    return graph == null ? Optional.empty() : Optional.ofNullable(graph.extensions().get(id));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Executor executor() {
    return workers;
  }

  @Override
  public MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  @Override
  public MemoryBudget intakeBudget() {
    return intakeBudget;
  }

  @Override
  public Acknowledgement acknowledgement() {
    return config.flow().acknowledgement();
  }

  @Override
  public Optional<ServiceView> service() {
    return Optional.of(new ServiceView(config.pipelines().stream().map(p -> new ServiceView.Pipeline(
        p.id().toString(), p.receivers(), p.processors(), p.exporters())).toList(), config.serviceExtensions()));
  }
}
