package io.telegate.core.graph;

import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import java.util.concurrent.CompletableFuture;

/**
 * Counts the items passing one edge of a pipeline, for {@code otelcol_processor_incoming_items}
 * and {@code otelcol_processor_outgoing_items}: one adder per batch, no lookup.
 */
final class ProcessorObserver<T extends TelemetryData<?>> implements Consumer<T> {

  private final Consumer<T> next;
  private final Counter items;

  ProcessorObserver(Consumer<T> next, Counter items) {
    this.next = next;
    this.items = items;
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    items.add(data.itemCount());
    return next.consume(data);
  }

  @Override
  public boolean mutatesData() {
    return next.mutatesData();
  }
}
