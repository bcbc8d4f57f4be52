package io.telegate.testing;

import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A consumer that keeps what it gets and answers as the test tells it: success by default, or the
 * result of a response function (a failure, a future the test completes later).
 */
public final class RecordingConsumer<T extends TelemetryData<?>> implements Consumer<T> {

  private final List<T> received = new ArrayList<>();
  private final AtomicLong items = new AtomicLong();
  private final boolean mutates;
  private volatile Function<T, CompletableFuture<Void>> response = d -> Completions.done();

  public RecordingConsumer() {
    this(false);
  }

  public RecordingConsumer(boolean mutates) {
    this.mutates = mutates;
  }

  /** Sets how the consumer answers from now on. */
  public RecordingConsumer<T> respondWith(Function<T, CompletableFuture<Void>> response) {
    this.response = response;
    return this;
  }

  /** Answers every call with this failure. */
  public RecordingConsumer<T> failWith(Throwable t) {
    return respondWith(d -> CompletableFuture.failedFuture(t));
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    synchronized (received) {
      received.add(data);
      items.addAndGet(data.itemCount());
      received.notifyAll();
    }
    return response.apply(data);
  }

  @Override
  public boolean mutatesData() {
    return mutates;
  }

  /** Everything received so far, in order. */
  public List<T> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  public long itemCount() {
    return items.get();
  }

  /**
   * Waits until at least {@code n} items arrived, or fails after {@code timeout}.
   *
   * @throws AssertionError on timeout, with what did arrive
   */
  public void awaitItems(long n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (items.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + n + " items within " + timeout + ", got " + items.get());
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }
}
