package io.telegate.core.flow;

import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Requests waiting for room in a bounded holder (a batch buffer, a sending queue), first come,
 * first served. A request that does not fit parks its completion, never a thread, until the
 * holder makes room ({@link #roomMade}) or its wait is over; then it is refused as throttled.
 *
 * <p>Why wait at all: a refused request comes back. A client that retries at once (or a hundred
 * in flight that each do) makes the gateway receive and decode the same bytes again and again,
 * and that work is taken from the sends that would make room. A parked request costs only the
 * memory it already holds, which the receiver's intake budget bounds; so under a burst the
 * gateway answers a little later instead of spending its cores on refusals.
 *
 * <p>Admission takes two steps so that no caller code runs under this room's lock: {@code reserve}
 * (short, non-blocking: take the room if it fits) runs under the lock, in arrival order;
 * {@code admitted} (hand the request on) runs after, outside it.
 *
 * @param <E> what waits
 */
public final class WaitingRoom<E> {

  private final Scheduler timer;
  private final Duration maxWait;
  private final Predicate<E> reserve;
  private final Function<E, CompletableFuture<Void>> admitted;
  // Guarded by this.
  private final ArrayDeque<Waiter<E>> waiters = new ArrayDeque<>();
  private boolean closed;
  private volatile int size;
  private final AtomicInteger drains = new AtomicInteger();

  private static final class Waiter<E> {
    final E element;
    final CompletableFuture<Void> answer = new CompletableFuture<>();
    final Supplier<ConsumerException> refusal;
    Scheduler.Cancellable timeout;

    Waiter(E element, Supplier<ConsumerException> refusal) {
      this.element = element;
      this.refusal = refusal;
    }
  }

  /**
   * @param timer runs the end of each wait
   * @param maxWait how long a request may wait; {@link Duration#ZERO} never parks (see
   *     {@link #parks}), a negative one waits without end
   * @param reserve takes the room for a waiter if it fits now; true when taken
   * @param admitted hands a waiter whose room was taken on; its answer becomes the waiter's
   */
  public WaitingRoom(Scheduler timer, Duration maxWait, Predicate<E> reserve,
      Function<E, CompletableFuture<Void>> admitted) {
    this.timer = timer;
    this.maxWait = maxWait;
    this.reserve = reserve;
    this.admitted = admitted;
  }

  /** Whether requests that do not fit wait at all (a wait of zero refuses them at once). */
  public boolean parks() {
    return !maxWait.isZero();
  }

  /** True while nobody waits: a newcomer may take room directly without passing anyone. */
  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }

  /**
   * Parks {@code element} behind those already waiting. The answer completes with what
   * {@code admitted} answers once its room is taken, or fails with {@code refusal} when the wait
   * is over or the room is closed.
   */
  public CompletableFuture<Void> park(E element, Supplier<ConsumerException> refusal) {
    Waiter<E> w = new Waiter<>(element, refusal);
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(refusal.get());
      }
      waiters.add(w);
      size = waiters.size();
      if (!maxWait.isNegative()) {
        w.timeout = timer.schedule(() -> expire(w), maxWait);
      }
    }
    // Room may have been made between the caller's failed try and the park: look once more.
    roomMade();
    return w.answer;
  }

  private void expire(Waiter<E> w) {
    synchronized (this) {
      if (!waiters.remove(w)) {
        return;
      }
      size = waiters.size();
    }
    w.answer.completeExceptionally(w.refusal.get());
  }

  /**
   * Admits waiters in order while they fit. Call after every release of room; concurrent calls
   * fold into one pass that runs until no call is left unanswered.
   */
  public void roomMade() {
    if (size == 0 || drains.getAndIncrement() != 0) {
      return;
    }
    do {
      List<Waiter<E>> in = null;
      synchronized (this) {
        while (!waiters.isEmpty() && reserve.test(waiters.peek().element)) {
          Waiter<E> w = waiters.poll();
          if (w.timeout != null) {
            w.timeout.cancel();
          }
          if (in == null) {
            in = new ArrayList<>();
          }
          in.add(w);
        }
        size = waiters.size();
      }
      if (in != null) {
        for (Waiter<E> w : in) {
          hand(w);
        }
      }
    } while (drains.decrementAndGet() != 0);
  }

  private void hand(Waiter<E> w) {
    CompletableFuture<Void> answer;
    try {
      answer = admitted.apply(w.element);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((v, t) -> {
      if (t == null) {
        w.answer.complete(null);
      } else {
        w.answer.completeExceptionally(t);
      }
    });
  }

  /** Refuses everyone waiting, and every later {@link #park}, with their refusal. */
  public void close() {
    List<Waiter<E>> out;
    synchronized (this) {
      closed = true;
      out = new ArrayList<>(waiters);
      waiters.clear();
      size = 0;
    }
    for (Waiter<E> w : out) {
      if (w.timeout != null) {
        w.timeout.cancel();
      }
      w.answer.completeExceptionally(w.refusal.get());
    }
  }
}
