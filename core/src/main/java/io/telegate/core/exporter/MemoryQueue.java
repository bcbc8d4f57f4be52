package io.telegate.core.exporter;

import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.flow.WaitingRoom;
import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * The in-memory queue: bounded by {@code queue_size} in the sizer's unit, and by the gateway's
 * {@link MemoryBudget} in bytes (each entry reserves its encoded size until it is acked). A
 * request that does not fit waits in a {@link WaitingRoom} (its completion, never a thread) for
 * an ack, or any other holder's release of budget, to make room: without end with {@code
 * block_on_overflow}, else for the budget's {@code admission_wait}; then it is refused with a
 * throttled error. A blocked caller of an empty queue whose bytes do not fit in the budget
 * (other components hold it) is refused at once instead, since it might wait for ever.
 */
final class MemoryQueue<T extends TelemetryData<?>> implements ExportQueue<T> {

  /** Delay suggested to refused senders: about one send, long enough to let the queue move. */
  static final Duration FULL_RETRY_AFTER = Duration.ofSeconds(1);

  private final long capacity;
  private final boolean block;
  private final ToLongFunction<T> sizer;
  private final MemoryBudget budget;
  private final WaitingRoom<Entry<T>> room;
  private final Runnable roomMade;
  // All fields below are guarded by this.
  private final ArrayDeque<Entry<T>> queued = new ArrayDeque<>();
  private long used;
  private long pending;
  private boolean closed;

  /** @param timer ends the waits of refused requests (unused with {@code block}) */
  MemoryQueue(long capacity, boolean block, ToLongFunction<T> sizer, MemoryBudget budget, Scheduler timer) {
    this.capacity = capacity;
    this.block = block;
    this.sizer = sizer;
    this.budget = budget;
    this.room = new WaitingRoom<>(timer, block ? Duration.ofNanos(-1) : budget.admissionWait(), this::tryAdmit,
        e -> Completions.done());
    this.roomMade = room::roomMade;
    budget.onRelease(roomMade);
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
      if (room.isEmpty() && fits(size) && budget.tryReserve(entry.reserved())) {
        admit(entry);
        return Completions.done();
      }
      if (!room.parks() || (block && used == 0 && room.isEmpty())) {
        return Completions.failed(refusal(size));
      }
    }
    return room.park(entry, () -> closedOrFull(size));
  }

  private ConsumerException refusal(long size) {
    return fits(size) ? budget.exhausted("memory for buffered data is exhausted")
        : ConsumerException.throttled("sending queue is full (" + used + "/" + capacity + ")", FULL_RETRY_AFTER);
  }

  private synchronized ConsumerException closedOrFull(long size) {
    return closed ? ConsumerException.retryable("exporter is shutting down") : refusal(size);
  }

  /** Admits a waiting entry if it fits now (called by the room, in arrival order). */
  private synchronized boolean tryAdmit(Entry<T> entry) {
    if (closed || !fits(entry.size()) || !budget.tryReserve(entry.reserved())) {
      return false;
    }
    admit(entry);
    return true;
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
    synchronized (this) {
      used -= entry.size();
      pending--;
    }
    // Outside the lock: the release wakes the waiting rooms of every holder, this one's too.
    if (entry.reserved() > 0) {
      budget.release(entry.reserved());
    } else {
      room.roomMade();
    }
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
    ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    long lost = 0;
    long reserved = 0;
    synchronized (this) {
      closed = true;
      for (Entry<T> e : queued) {
        lost += e.data().itemCount();
        reserved += e.reserved();
        if (e.result() != null) {
          waiting.add(e.result());
        }
      }
      queued.clear();
    }
    budget.removeOnRelease(roomMade);
    room.close();
    budget.release(reserved);
    waiting.forEach(f -> f.completeExceptionally(ExportQueue.SHUT_DOWN_BEFORE_SENT));
    return lost;
  }

  @Override
  public boolean isPersistent() {
    return false;
  }
}
