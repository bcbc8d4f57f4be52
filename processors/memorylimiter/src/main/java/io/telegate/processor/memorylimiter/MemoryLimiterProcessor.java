package io.telegate.processor.memorylimiter;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import io.telegate.core.component.Processor;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.telemetry.MetricRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes data on while heap use is below the soft limit; above it, refuses with a throttled error
 * (the OTLP receiver answers 429 with {@code Retry-After}, or RESOURCE_EXHAUSTED with RetryInfo)
 * and counts the refused items.
 */
final class MemoryLimiterProcessor<T extends TelemetryData<?>> implements Processor<T> {

  private final ComponentId id;
  private final Signal signal;
  private final MemoryLimiter limiter;
  private final Consumer<T> next;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Instruments instruments;

  /**
   * The counters: the current Collector's {@code otelcol_processor_memory_limiter_accepted_*} and
   * {@code _refused_*}, and the older {@code otelcol_processor_refused_*} that alerts written for
   * earlier Collectors query.
   */
  private record Instruments(MetricRegistry.Counter accepted, MetricRegistry.Counter refused,
      MetricRegistry.Counter refusedLegacy) {}

  MemoryLimiterProcessor(ComponentId id, Signal signal, MemoryLimiter limiter, Consumer<T> next) {
    this.id = id;
    this.signal = signal;
    this.limiter = limiter;
    this.next = next;
    this.instruments = instruments(new MetricRegistry(Map.of()));
  }

  private Instruments instruments(MetricRegistry registry) {
    String items = signal.itemName().replace('_', ' ');
    String refusedHelp = "Number of " + items + " that were rejected by the next component in the pipeline.";
    return new Instruments(
        registry.counter("otelcol_processor_memory_limiter_accepted_" + signal.itemName(),
            "Number of " + items + " successfully pushed into the next component in the pipeline.",
            "processor", id.toString()),
        registry.counter("otelcol_processor_memory_limiter_refused_" + signal.itemName(), refusedHelp,
            "processor", id.toString()),
        registry.counter("otelcol_processor_refused_" + signal.itemName(), refusedHelp, "processor", id.toString()));
  }

  @Override
  public void start(Host host) {
    instruments = instruments(host.metrics());
    if (started.compareAndSet(false, true)) {
      try {
        limiter.start(host);
      } catch (RuntimeException e) {
        started.set(false);
        throw e;
      }
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    if (started.compareAndSet(true, false)) {
      limiter.stop();
    }
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    Instruments counters = instruments;
    if (limiter.mustRefuse()) {
      counters.refused().add(data.itemCount());
      counters.refusedLegacy().add(data.itemCount());
      return Completions.failed(ConsumerException.throttled("data refused due to high memory usage",
          limiter.retryAfter()));
    }
    counters.accepted().add(data.itemCount());
    return next.consume(data);
  }
}
