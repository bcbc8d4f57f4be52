package io.telegate.core.flow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that every batch buffer and in-memory sending queue of one gateway may hold
 * together. A component reserves the encoded size of what it takes before it acknowledges it and
 * releases the reservation when the data has left it (handed to the next holder, sent or
 * dropped). A reservation that does not fit is refused, and the component refuses the data
 * upstream as throttled: past the budget the gateway answers 429 / {@code RESOURCE_EXHAUSTED}
 * instead of growing its heap.
 *
 * <p>The budget counts only data at rest in buffers and queues. Requests being received, decoded,
 * translated or sent are bounded elsewhere (request size limits, {@code num_consumers}).
 *
 * <p>Lock-free: one compare-and-set per reservation.
 */
public final class MemoryBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** A budget of {@code limit} bytes; {@link Long#MAX_VALUE} for none. */
  public MemoryBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("memory budget must be positive, got " + limit);
    }
    this.limit = limit;
  }

  /** No bound at all: for components started outside a gateway (unit tests). */
  public static MemoryBudget unbounded() {
    return new MemoryBudget(Long.MAX_VALUE);
  }

  /**
   * The default budget: {@code mib} MiB when positive, else {@code percentage} % of the heap the
   * JVM may grow to ({@code -Xmx}).
   */
  public static MemoryBudget of(long mib, int percentage) {
    if (mib > 0) {
      return new MemoryBudget(mib << 20);
    }
    return new MemoryBudget(Math.max(1, Runtime.getRuntime().maxMemory() / 100 * percentage));
  }

  /**
   * Reserves {@code bytes} if they fit. A reservation larger than the whole budget fits only
   * while nothing else is held, so that one oversized request is not refused for ever.
   */
  public boolean tryReserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    while (true) {
      long u = used.get();
      long next = u + bytes;
      if (next > limit && u > 0) {
        return false;
      }
      if (used.compareAndSet(u, next)) {
        return true;
      }
    }
  }

  /**
   * Reserves {@code bytes} only if they fit now, even while nothing else is held: for costs that
   * must never pass the bound (a request being decoded), unlike {@link #tryReserve}.
   */
  public boolean tryReserveStrict(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    if (bytes > limit) {
      return false;
    }
    while (true) {
      long u = used.get();
      if (u + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  /** Gives back what {@link #tryReserve} took. */
  public void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }

  public long used() {
    return used.get();
  }

  public long limit() {
    return limit;
  }
}
