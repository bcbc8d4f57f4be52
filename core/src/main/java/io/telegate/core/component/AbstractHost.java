package io.telegate.core.component;

import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * What every {@link Host} does the same way (the gateway's, the test kit's, the benchmarks'): the
 * metric and health registries, loggers tagged with the component, the clock, the timer and
 * executor, the memory budgets, the acknowledgement mode and components' threads. A subclass
 * says only where extensions come from and what it injects.
 */
public abstract class AbstractHost implements Host {

  private final MetricRegistry metrics;
  private final HealthRegistry health;
  private final Clock clock;
  private final Map<String, HostThreads> threads = new ConcurrentHashMap<>();
  private volatile Scheduler scheduler;
  private final Executor executor;
  private volatile MemoryBudget memoryBudget = MemoryBudget.unbounded();
  private volatile MemoryBudget intakeBudget = MemoryBudget.unbounded();
  private volatile Acknowledgement acknowledgement = Acknowledgement.HELD;

  /**
   * A host with unbounded budgets and {@link Acknowledgement#HELD} until set.
   *
   * @param scheduler the timer; may be null when a subclass makes one on first use
   */
  protected AbstractHost(MetricRegistry metrics, HealthRegistry health, Clock clock, Scheduler scheduler,
      Executor executor) {
    this.metrics = metrics;
    this.health = health;
    this.clock = clock;
    this.scheduler = scheduler;
    this.executor = executor;
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

  /** One factory per component, so threads it asks for at different times are numbered on. */
  @Override
  public ThreadFactory threads(ComponentKind kind, ComponentId id) {
    return threads.computeIfAbsent(kind.label() + "/" + id, k -> HostThreads.of(kind, id));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  protected final void setScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public Executor executor() {
    return executor;
  }

  @Override
  public MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  protected final void setMemoryBudget(MemoryBudget budget) {
    this.memoryBudget = budget;
  }

  @Override
  public MemoryBudget intakeBudget() {
    return intakeBudget;
  }

  protected final void setIntakeBudget(MemoryBudget budget) {
    this.intakeBudget = budget;
  }

  @Override
  public Acknowledgement acknowledgement() {
    return acknowledgement;
  }

  protected final void setAcknowledgement(Acknowledgement acknowledgement) {
    this.acknowledgement = acknowledgement;
  }
}
