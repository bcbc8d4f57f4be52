package io.telegate.testing;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import io.telegate.core.time.SystemScheduler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/** A host for starting one component in a test: a fresh metric registry, health and logger. */
public final class TestHost implements Host {

  private final MetricRegistry metrics = new MetricRegistry(Map.of());
  private final HealthRegistry health;
  private final Clock clock;
  private final Map<ComponentId, Component> extensions = new HashMap<>();
  private volatile Scheduler scheduler;
  private volatile MemoryBudget memoryBudget = MemoryBudget.unbounded();
  private volatile MemoryBudget intakeBudget = MemoryBudget.unbounded();
  private volatile Acknowledgement acknowledgement = Acknowledgement.HELD;

  public TestHost() {
    this(Clock.systemUTC());
  }

  public TestHost(Clock clock) {
    this.clock = clock;
    this.health = new HealthRegistry(clock, "test");
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
    return Optional.ofNullable(extensions.get(id));
  }

  public void addExtension(ComponentId id, Component extension) {
    extensions.put(id, extension);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** The injected scheduler, or a real-time one made on first use (a daemon thread). */
  @Override
  public synchronized Scheduler scheduler() {
    if (scheduler == null) {
      scheduler = new SystemScheduler("test-host-timer");
    }
    return scheduler;
  }

  /** Components started on this host wait on {@code s} (a {@link ManualScheduler} in most tests). */
  public TestHost withScheduler(Scheduler s) {
    this.scheduler = s;
    return this;
  }

  /** Runs handed-over work on the calling thread: the scheduler's, or the test's. */
  @Override
  public Executor executor() {
    return Runnable::run;
  }

  @Override
  public MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  /** Bounds what components started on this host may buffer; unbounded unless set. */
  public TestHost withMemoryBudget(MemoryBudget budget) {
    this.memoryBudget = budget;
    return this;
  }

  @Override
  public MemoryBudget intakeBudget() {
    return intakeBudget;
  }

  /** Bounds what requests being decoded may cost together; unbounded unless set. */
  public TestHost withIntakeBudget(MemoryBudget budget) {
    this.intakeBudget = budget;
    return this;
  }

  @Override
  public Acknowledgement acknowledgement() {
    return acknowledgement;
  }

  public TestHost withAcknowledgement(Acknowledgement a) {
    this.acknowledgement = a;
    return this;
  }

  /** The Prometheus text of every self-metric, for assertions. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    metrics.writePrometheus(sb);
    return sb.toString();
  }

  /**
   * The value of one series in {@link #scrape()}: the first line starting with {@code
   * nameAndLabelsPrefix}, or -1 if none.
   */
  public double value(String nameAndLabelsPrefix) {
    for (String line : scrape().split("\n")) {
      if (line.startsWith(nameAndLabelsPrefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
