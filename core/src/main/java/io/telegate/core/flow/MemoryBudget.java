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

  /** How long a request that finds the buffers full waits for room by default ({@code admission_wait}). */
  public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofMillis(200);

  private final long limit;
  private final String name;
  private final Duration admissionWait;
  private final AtomicLong used = new AtomicLong();
  private volatile Runnable[] onRelease = new Runnable[0];

  /** A budget of {@code limit} bytes; {@link Long#MAX_VALUE} for none. */
  public MemoryBudget(long limit) {
    this(limit, "memory budget");
  }

  /** @param name the setting that bounds it, for refusal messages ({@code service::buffers}) */
  public MemoryBudget(long limit, String name) {
    this(limit, name, Duration.ZERO);
  }

  /**
   * @param admissionWait how long a request that does not fit in a holder bounded by this budget
   *     waits for room before it is refused (see {@link WaitingRoom}); zero refuses at once
   */
  public MemoryBudget(long limit, String name, Duration admissionWait) {
    if (limit <= 0) {
      throw new IllegalArgumentException("memory budget must be positive, got " + limit);
    }
    if (admissionWait.isNegative()) {
      throw new IllegalArgumentException("admission wait must not be negative, got " + admissionWait);
    }
    this.limit = limit;
    this.name = name;
    this.admissionWait = admissionWait;
  }

  /** How long holders of this budget let a request wait for room; zero: refuse at once. */
  public Duration admissionWait() {
    return admissionWait;
  }

  /**
   * Runs {@code listener} after every release, on the releasing thread: holders whose requests
   * wait for room ({@link WaitingRoom#roomMade}) are woken when another holder frees bytes. It
   * must be short and must not block.
   */
  public synchronized void onRelease(Runnable listener) {
    Runnable[] next = java.util.Arrays.copyOf(onRelease, onRelease.length + 1);
    next[next.length - 1] = listener;
    onRelease = next;
  }

  /** Removes a listener added with {@link #onRelease} (a holder that shut down). */
  public synchronized void removeOnRelease(Runnable listener) {
    onRelease = java.util.Arrays.stream(onRelease).filter(r -> r != listener).toArray(Runnable[]::new);
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
    return of(name, mib, percentage, Duration.ZERO);
  }

  /** {@link #of(String, long, int)} whose holders let requests wait {@code admissionWait} for room. */
  public static MemoryBudget of(String name, long mib, int percentage, Duration admissionWait) {
    if (mib > 0) {
      return new MemoryBudget(mib << 20, name, admissionWait);
    }
    return new MemoryBudget(Math.max(1, Runtime.getRuntime().maxMemory() / 100 * percentage), name, admissionWait);
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
      for (Runnable r : onRelease) {
        r.run();
      }
    }
  }

  public long used() {
    return used.get();
  }

  public long limit() {
    return limit;
  }
}
