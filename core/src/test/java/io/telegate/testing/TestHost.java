package io.telegate.testing;

import io.telegate.core.component.AbstractHost;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import io.telegate.core.time.SystemScheduler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A host for starting one component in a test: a fresh metric registry, health and logger; a
 * direct executor, a scheduler and budgets that a test may inject.
 */
public final class TestHost extends AbstractHost {

  private final Map<ComponentId, Component> extensions = new HashMap<>();

  public TestHost() {
    this(Clock.systemUTC());
  }

  public TestHost(Clock clock) {
    // Handed-over work runs on the calling thread: the scheduler's, or the test's.
    super(new MetricRegistry(Map.of()), new HealthRegistry(clock, "test"), clock, null, Runnable::run);
  }

  @Override
  public Optional<Component> extension(ComponentId id) {
    return Optional.ofNullable(extensions.get(id));
  }

  public void addExtension(ComponentId id, Component extension) {
    extensions.put(id, extension);
  }

  /** The injected scheduler, or a real-time one made on first use (a daemon thread). */
  @Override
  public synchronized Scheduler scheduler() {
    if (super.scheduler() == null) {
      setScheduler(new SystemScheduler("test-host-timer"));
    }
    return super.scheduler();
  }

  /** Components started on this host wait on {@code s} (a {@link ManualScheduler} in most tests). */
  public TestHost withScheduler(Scheduler s) {
    setScheduler(s);
    return this;
  }

  /** Bounds what components started on this host may buffer; unbounded unless set. */
  public TestHost withMemoryBudget(MemoryBudget budget) {
    setMemoryBudget(budget);
    return this;
  }

  /** Bounds what requests being decoded may cost together; unbounded unless set. */
  public TestHost withIntakeBudget(MemoryBudget budget) {
    setIntakeBudget(budget);
    return this;
  }

  public TestHost withAcknowledgement(Acknowledgement a) {
    setAcknowledgement(a);
    return this;
  }

  /** The Prometheus text of every self-metric, for assertions. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    metrics().writePrometheus(sb);
    return sb.toString();
  }

  /**
   * The value of one series in {@link #scrape()}: the first line starting with {@code
   * nameAndLabelsPrefix}, or -1 if none. A counter is found by its instrument name too, without
   * the {@code _total} the scrape gives it ({@code otelcol_exporter_sent_spans{exporter="otlp"}).
   */
  public double value(String nameAndLabelsPrefix) {
    int brace = nameAndLabelsPrefix.indexOf('{');
    String counter = brace < 0 ? nameAndLabelsPrefix + "_total"
        : nameAndLabelsPrefix.substring(0, brace) + "_total" + nameAndLabelsPrefix.substring(brace);
    for (String line : scrape().split("\n")) {
      if (line.startsWith(nameAndLabelsPrefix) || line.startsWith(counter)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
