package io.telegate.benchmarks.jmh;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import io.telegate.core.time.SystemScheduler;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The smallest {@link Host} a benchmark needs to start one component: its own metric registry and
 * health registry, the root logger, no extensions. (TestHost, in core's test kit, is not a
 * dependency of the benchmarks module.)
 */
final class BenchHost implements Host {

  private final MetricRegistry metrics = new MetricRegistry(Map.of());
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC(), "bench");

  @Override
  public MetricRegistry metrics() {
    return metrics;
  }

  @Override
  public ComponentHealth health(ComponentKind kind, ComponentId id) {
    return health.component(kind.label(), id.toString());
  }

  @Override
  public HealthRegistry healthRegistry() {
    return health;
  }

  @Override
  public GatewayLogger logger(ComponentKind kind, ComponentId id) {
    return GatewayLogger.root().with(kind.label(), id.toString());
  }

  @Override
  public Optional<Component> extension(ComponentId id) {
    return Optional.empty();
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public Scheduler scheduler() {
    return SCHEDULER;
  }

  @Override
  public java.util.concurrent.Executor executor() {
    return Runnable::run;
  }

  @Override
  public MemoryBudget memoryBudget() {
    return budget;
  }

  private static final SystemScheduler SCHEDULER = new SystemScheduler("bench-timer");
  private final MemoryBudget budget = MemoryBudget.unbounded();
}
