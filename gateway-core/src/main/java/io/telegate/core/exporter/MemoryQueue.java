package io.telegate.core.exporter;

import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.flow.MemoryBudget;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * The in-memory queue: bounded by {@code queue_size} in the sizer's unit, and by the gateway's
 * {@link MemoryBudget} in bytes (each entry reserves its encoded size until it is acked). When
 * either is full it refuses with a throttled error, or, with {@code block_on_overflow}, parks the
 * caller's completion (never a thread) until an ack makes room. A blocked caller of an empty
 * queue whose bytes do not fit in the budget (other components hold it) is refused instead, since
 * no ack of this queue would ever make room.
 */
final class MemoryQueue<T extends TelemetryData<?>> implements ExportQueue<T> {

  /** Delay suggested to refused senders: about one send, long enough to let the queue move. */
  static final Duration FULL_RETRY_AFTER = Duration.ofSeconds(1);

  private final long capacity;
  private final boolean block;
  private final ToLongFunction<T> sizer;
  private final MemoryBudget budget;
  // All fields below are guarded by this.
  private final ArrayDeque<Entry<T>> queued = new ArrayDeque<>();
  private final ArrayDeque<Waiter<T>> waiters = new ArrayDeque<>();
  private long used;
  private long pending;
  private boolean closed;

  private record Waiter<T>(Entry<T> entry, CompletableFuture<Void> admitted) {}

  MemoryQueue(long capacity, boolean block, ToLongFunction<T> sizer, MemoryBudget budget) {
    this.capacity = capacity;
    this.block = block;
    this.sizer = sizer;
    this.budget = budget;
  }

  @Override
  public CompletableFuture<Void> offer(T data, CompletableFuture<Void> result) {
    long size = Math.max(1, sizer.applyAsLong(data));
    Entry<T> entry = new Entry<>(data, size, 0, data.encodedSize(), result);
    synchronized (this) {
      if (closed) {
        return Completions.failed(ConsumerException.retryable("exporter is shutting down"));
      }
      // An entry larger than the whole queue is admitted into an empty queue, or it never would be.
      if (waiters.isEmpty() && fits(size) && budget.tryReserve(entry.reserved())) {
        admit(entry);
        return Completions.done();
      }
      if (!block || (used == 0 && waiters.isEmpty())) {
        return Completions.failed(fits(size) ? budget.exhausted("memory for buffered data is exhausted")
            : ConsumerException.throttled("sending queue is full (" + used + "/" + capacity + ")", FULL_RETRY_AFTER));
      }
      CompletableFuture<Void> admitted = new CompletableFuture<>();
      waiters.add(new Waiter<>(entry, admitted));
      return admitted;
    }
  }

  private boolean fits(long size) {
    return used + size <= capacity || used == 0;
  }

  /** Caller holds the lock and has reserved the entry's bytes. */
  private void admit(Entry<T> entry) {
    queued.add(entry);
    used += entry.size();
    pending++;
  }

  @Override
  public synchronized Entry<T> poll() {
    return queued.poll();
  }

  @Override
  public void ack(Entry<T> entry) {
    ArrayDeque<CompletableFuture<Void>> admitted = new ArrayDeque<>();
    synchronized (this) {
      used -= entry.size();
      pending--;
      budget.release(entry.reserved());
      while (!waiters.isEmpty() && fits(waiters.peek().entry().size())
          && budget.tryReserve(waiters.peek().entry().reserved())) {
        Waiter<T> w = waiters.poll();
        admit(w.entry());
        admitted.add(w.admitted());
      }
    }
    // Completing outside the lock: a caller's continuation must not run while we hold it.
    admitted.forEach(f -> f.complete(null));
  }

  @Override
  public synchronized long size() {
    return used;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized long pendingEntries() {
    return pending;
  }

  @Override
  public long close() {
    ArrayDeque<Waiter<T>> refused;
    ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    long lost = 0;
    synchronized (this) {
      closed = true;
      refused = new ArrayDeque<>(waiters);
      waiters.clear();
      for (Entry<T> e : queued) {
        lost += e.data().itemCount();
        budget.release(e.reserved());
        if (e.result() != null) {
          waiting.add(e.result());
        }
      }
      queued.clear();
    }
    refused.forEach(w -> w.admitted().completeExceptionally(
        ConsumerException.retryable("exporter is shutting down")));
    waiting.forEach(f -> f.completeExceptionally(ExportQueue.SHUT_DOWN_BEFORE_SENT));
    return lost;
  }

  @Override
  public boolean isPersistent() {
    return false;
  }
}
