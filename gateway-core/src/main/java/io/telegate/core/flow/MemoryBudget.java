package io.telegate.core.flow;

import io.telegate.core.consumer.ConsumerException;
import java.time.Duration;
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

  /** Delay suggested to senders refused for memory: about one send, time for holders to drain. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final long limit;
  private final String name;
  private final AtomicLong used = new AtomicLong();

  /** A budget of {@code limit} bytes; {@link Long#MAX_VALUE} for none. */
  public MemoryBudget(long limit) {
    this(limit, "memory budget");
  }

  /** @param name the setting that bounds it, for refusal messages ({@code service::buffers}) */
  public MemoryBudget(long limit, String name) {
    if (limit <= 0) {
      throw new IllegalArgumentException("memory budget must be positive, got " + limit);
    }
    this.limit = limit;
    this.name = name;
  }

  /** No bound at all: for components started outside a gateway (unit tests). */
  public static MemoryBudget unbounded() {
    return new MemoryBudget(Long.MAX_VALUE, "unbounded");
  }

  /**
   * The throttled refusal for data that did not fit: {@code what} and how full the budget is, with
   * {@link #RETRY_AFTER}, so that every holder refuses alike (429 / {@code RESOURCE_EXHAUSTED}).
   */
  public ConsumerException exhausted(String what) {
    return ConsumerException.throttled(what + " (" + name + ": " + used.get() + " of " + limit + " bytes held)",
        RETRY_AFTER);
  }

  /**
   * The default budget: {@code mib} MiB when positive, else {@code percentage} % of the heap the
   * JVM may grow to ({@code -Xmx}).
   */
  public static MemoryBudget of(String name, long mib, int percentage) {
    if (mib > 0) {
      return new MemoryBudget(mib << 20, name);
    }
    return new MemoryBudget(Math.max(1, Runtime.getRuntime().maxMemory() / 100 * percentage), name);
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
