package io.telegate.core.graph;

import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Passes each batch to several consumers: the pipelines of a shared receiver, or the exporters of
 * a pipeline.
 *
 * <p>Consumers that only read share the batch. Each consumer that mutates gets its own wrapper
 * ({@link TelemetryData#copy()}); the last mutator gets the original when nobody else reads it.
 * The completion succeeds when every consumer succeeded; otherwise it carries a failure, a
 * retryable one when there is one, so the sender retries.
 */
final class FanOutConsumer<T extends TelemetryData<?>> implements Consumer<T> {

  private final List<Consumer<T>> readOnly = new ArrayList<>();
  private final List<Consumer<T>> mutating = new ArrayList<>();

  FanOutConsumer(List<Consumer<T>> consumers) {
    for (Consumer<T> c : consumers) {
      (c.mutatesData() ? mutating : readOnly).add(c);
    }
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    List<CompletableFuture<Void>> results = new ArrayList<>(readOnly.size() + mutating.size());
    for (int i = 0; i < mutating.size(); i++) {
      boolean lastOwner = i == mutating.size() - 1 && readOnly.isEmpty();
      @SuppressWarnings("unchecked")
      T own = lastOwner ? data : (T) data.copy();
      results.add(call(mutating.get(i), own));
    }
    for (Consumer<T> c : readOnly) {
      results.add(call(c, data));
    }
    return Completions.all(results);
  }

  private static <T extends TelemetryData<?>> CompletableFuture<Void> call(Consumer<T> c, T data) {
    try {
      return c.consume(data);
    } catch (RuntimeException e) {
      // A consumer that throws instead of failing its future must not stop the other pipelines.
      return CompletableFuture.failedFuture(ConsumerException.permanent(e.toString(), e));
    }
  }

  @Override
  public boolean mutatesData() {
    return false;
  }
}
