package io.telegate.core.exporter;

import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Per-key ordered delivery for exporters whose backend needs the items of one key in order (remote
 * write: the samples of one series; Loki: the entries of one stream): a fixed number of lanes, each
 * sending one part at a time in the order batches arrived, while the lanes run in parallel. An
 * exporter says how a request is split into parts per lane ({@link #submit}'s plan, keyed with
 * {@link #laneOf}) and how one part is posted; it never builds lanes itself.
 *
 * <p>A batch is the set of parts made from one request, keyed by the request's identity. Its
 * completion is settled when every part was sent or failed. A part that fails with a retryable
 * error stays at the head of its lane, and the lane waits: the exporter helper retries the request
 * later by sending the same object again ({@link #submit} with a known key), and then only the
 * parts that failed are sent again, from the one that failed. Nothing that was delivered is sent
 * twice. If the retry does not come within {@code resendWait} (the helper gave up), the part is
 * dropped and the lane moves on. Permanent failures drop the part at once. Dropped parts are
 * reported to the {@link DropListener}.
 *
 * @param <P> one request to the backend (an encoded remote write request, a Loki push)
 */
public final class OrderedLanes<P> {

  /** What became of parts that were given up: refused for good, or not retried in time. */
  public interface DropListener<P> {
    void dropped(List<P> parts, ConsumerException cause);
  }

  private enum State {
    QUEUED,
    SENDING,
    DONE,
    WAITING_FOR_RETRY,
    FAILED
  }

  private final Object lock = new Object();
  private final Lane<P>[] lanes;
  private final Function<P, CompletableFuture<Void>> post;
  private final Scheduler scheduler;
  private final Duration resendWait;
  private final boolean retries;
  private final DropListener<P> dropListener;
  // Guarded by lock.
  private final Map<Object, Batch<P>> pending = new IdentityHashMap<>();
  private boolean closed;

  /**
   * @param post sends one part; fails with a permanent or retryable {@link ConsumerException}
   * @param resendWait how long a failed part holds its lane for the helper's retry; see {@link
   *     #resendWait(RetryConfig, Duration)}
   * @param retries false when nobody retries (retry_on_failure disabled): retryable failures then
   *     drop the part at once
   */
  @SuppressWarnings("unchecked")
  public OrderedLanes(int lanes, Function<P, CompletableFuture<Void>> post, Scheduler scheduler, Duration resendWait,
      boolean retries, DropListener<P> dropListener) {
    if (lanes < 1) {
      throw new IllegalArgumentException("at least one lane, got " + lanes);
    }
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane<>();
    }
    this.post = post;
    this.scheduler = scheduler;
    this.resendWait = resendWait;
    this.retries = retries;
    this.dropListener = dropListener;
  }

  /**
   * How long a failed part waits at the head of its lane for the exporter helper's retry: the
   * helper's longest backoff (with jitter), plus one attempt's timeout, plus a margin. Past it the
   * helper has given up, and the lane must not wait any longer.
   */
  public static Duration resendWait(RetryConfig retry, Duration timeout) {
    return Duration.ofNanos((long) (retry.maxInterval().toNanos() * (1 + retry.randomizationFactor())))
        .plus(timeout).plusSeconds(5);
  }

  public int laneCount() {
    return lanes.length;
  }

  /** The lane of a key (a series' labels, a stream's tenant and labels); the same key, the same lane. */
  public int laneOf(Object key) {
    return Math.floorMod(key.hashCode(), lanes.length);
  }

  /**
   * Submits a batch, or resumes the failed parts of the batch submitted earlier under the same key
   * (the same request object, sent again by the helper's retry). For a new key, {@code plan} makes
   * the parts: one list per lane, in the order they are to be sent (lists may be empty). It is not
   * called for a known key. A plan that throws fails the request permanently.
   */
  public CompletableFuture<Void> submit(Object key, Supplier<List<List<P>>> plan) {
    Batch<P> known;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(ConsumerException.retryable("exporter is shut down"));
      }
      known = pending.get(key);
    }
    if (known != null) {
      return resume(known);
    }
    List<List<P>> perLane;
    try {
      perLane = plan.get();
    } catch (ConsumerException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(ConsumerException.permanent(String.valueOf(e.getMessage()), e));
    }
    if (perLane.size() != lanes.length) {
      throw new IllegalArgumentException("plan gave " + perLane.size() + " lanes, expected " + lanes.length);
    }
    List<Runnable> after = new ArrayList<>();
    CompletableFuture<Void> result = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(ConsumerException.retryable("exporter is shut down"));
      }
      Batch<P> b = new Batch<>(key);
      for (int i = 0; i < lanes.length; i++) {
        List<P> parts = perLane.get(i);
        if (!parts.isEmpty()) {
          Shard<P> s = new Shard<>(b, i, parts);
          b.shards.add(s);
          lanes[i].queue.add(s);
        }
      }
      if (b.shards.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      pending.put(key, b);
      listenLocked(b, result, after);
    }
    after.forEach(Runnable::run);
    return result;
  }

  /** Makes {@code result} the batch's listener and pumps its lanes (after the lock). Caller holds the lock. */
  private void listenLocked(Batch<P> b, CompletableFuture<Void> result, List<Runnable> after) {
    b.listener = result;
    for (Shard<P> s : b.shards) {
      Lane<P> lane = lanes[s.lane];
      after.add(() -> pump(lane));
    }
    settle(b, after);
  }

  /** A settled batch nobody came back for within resendWait: drop what is kept of it. */
  private void forget(Batch<P> b) {
    synchronized (lock) {
      if (pending.get(b.key) == b && b.settled) {
        pending.remove(b.key);
      }
    }
  }

  /**
   * Re-queues the parts of a known batch that wait for a retry; for a batch that settled after its
   * last attempt was given up on, answers with that outcome and sends nothing.
   */
  private CompletableFuture<Void> resume(Batch<P> b) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (b.settled) {
        pending.remove(b.key);
        if (b.forgetTimer != null) {
          // The timer's task holds the batch, and through its key the whole request: let it go now.
          b.forgetTimer.cancel();
          b.forgetTimer = null;
        }
        return b.outcome == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(b.outcome);
      }
      for (Shard<P> s : b.shards) {
        if (s.state == State.WAITING_FOR_RETRY) {
          s.state = State.QUEUED;
          s.epoch++;
        }
      }
      listenLocked(b, result, after);
    }
    after.forEach(Runnable::run);
    return result;
  }

  /**
   * Starts the next sends on a lane while it is idle and its head may go. Loops over sends that
   * complete at once instead of recursing, so a long lane of instant answers cannot overflow the
   * stack.
   */
  private void pump(Lane<P> lane) {
    while (true) {
      Shard<P> s;
      P request;
      synchronized (lock) {
        if (lane.busy || closed) {
          return;
        }
        s = lane.queue.peek();
        if (s == null || s.state != State.QUEUED) {
          return;
        }
        s.state = State.SENDING;
        lane.busy = true;
        request = s.requests.get(s.next);
      }
      CompletableFuture<Void> call;
      try {
        call = post.apply(request);
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      if (!call.isDone()) {
        Shard<P> sent = s;
        call.whenComplete((v, t) -> {
          finished(lane, sent, t == null ? null : ConsumerException.from(t));
          pump(lane);
        });
        return;
      }
      Throwable t = call.handle((v, e) -> e).join();
      finished(lane, s, t == null ? null : ConsumerException.from(t));
    }
  }

  /** Records a part's answer; the caller pumps the lane afterwards. */
  private void finished(Lane<P> lane, Shard<P> s, ConsumerException error) {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      lane.busy = false;
      if (s.state != State.SENDING) {
        return; // failed by shutdown meanwhile
      }
      if (error == null) {
        s.next++;
        if (s.next < s.requests.size()) {
          s.state = State.QUEUED;
        } else {
          s.state = State.DONE;
          lane.queue.poll();
        }
      } else if (error.isPermanent() || !retries || closed) {
        fail(lane, s, error, after);
      } else {
        s.state = State.WAITING_FOR_RETRY;
        s.error = error;
        int epoch = ++s.epoch;
        Duration wait = resendWait.plus(error.throttle().orElse(Duration.ZERO));
        scheduler.schedule(() -> expire(lane, s, epoch), wait);
      }
      settle(s.batch, after);
    }
    after.forEach(Runnable::run);
  }

  /** The helper did not come back for a failed shard: drop it so the lane moves on. */
  private void expire(Lane<P> lane, Shard<P> s, int epoch) {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (s.state != State.WAITING_FOR_RETRY || s.epoch != epoch) {
        return;
      }
      ConsumerException e = s.error;
      fail(lane, s, ConsumerException.permanent("not retried within " + resendWait + " after: " + e.getMessage()),
          after);
      settle(s.batch, after);
      after.add(() -> pump(lane));
    }
    after.forEach(Runnable::run);
  }

  // Guarded by lock.
  private void fail(Lane<P> lane, Shard<P> s, ConsumerException error, List<Runnable> after) {
    s.state = State.FAILED;
    s.error = error;
    lane.queue.remove(s);
    List<P> left = List.copyOf(s.requests.subList(s.next, s.requests.size()));
    after.add(() -> dropListener.dropped(left, error));
  }

  /** Completes the batch's current listener once no shard of it is queued or being sent. */
  // Guarded by lock.
  private void settle(Batch<P> b, List<Runnable> after) {
    ConsumerException retryable = null;
    ConsumerException permanent = null;
    for (Shard<P> s : b.shards) {
      switch (s.state) {
        case QUEUED, SENDING -> {
          return;
        }
        case WAITING_FOR_RETRY -> retryable = longerThrottle(retryable, s.error);
        case FAILED -> permanent = permanent == null ? s.error : permanent;
        case DONE -> { }
      }
    }
    CompletableFuture<Void> listener = b.listener;
    b.listener = null;
    ConsumerException outcome = retryable != null ? retryable : permanent;
    if (retryable == null) {
      if (listener == null || listener.isDone()) {
        // Every part has its answer, but nobody heard it: the helper's attempt timed out while the
        // parts waited or were sent. Keep the outcome for its retry, which would else send it all again.
        b.settled = true;
        b.outcome = permanent;
        b.shards.clear();
        b.forgetTimer = scheduler.schedule(() -> forget(b), resendWait);
      } else {
        pending.remove(b.key);
      }
    }
    if (listener == null) {
      return;
    }
    after.add(() -> {
      if (outcome == null) {
        listener.complete(null);
      } else {
        listener.completeExceptionally(outcome);
      }
    });
  }

  private static ConsumerException longerThrottle(ConsumerException a, ConsumerException b) {
    if (a == null) {
      return b;
    }
    Duration da = a.throttle().orElse(Duration.ZERO);
    Duration db = b.throttle().orElse(Duration.ZERO);
    return db.compareTo(da) > 0 ? b : a;
  }

  /** Fails everything not sent yet; what is in flight finishes on its own. */
  public void close() {
    List<Runnable> after = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      ConsumerException e = ConsumerException.retryable("exporter shut down");
      for (Lane<P> lane : lanes) {
        for (Shard<P> s : new ArrayList<>(lane.queue)) {
          if (s.state != State.SENDING) {
            fail(lane, s, e, after);
          }
        }
      }
      for (Batch<P> b : new ArrayList<>(pending.values())) {
        for (Shard<P> s : b.shards) {
          if (s.state == State.WAITING_FOR_RETRY) {
            s.state = State.FAILED;
          }
        }
        settle(b, after);
      }
    }
    after.forEach(Runnable::run);
  }

  private static final class Lane<P> {
    final ArrayDeque<Shard<P>> queue = new ArrayDeque<>();
    boolean busy;
  }

  private static final class Batch<P> {
    final Object key;
    final List<Shard<P>> shards = new ArrayList<>();
    CompletableFuture<Void> listener;
    /** Every part answered after the listener was given up on; {@code outcome} is kept for the retry. */
    boolean settled;
    ConsumerException outcome;
    Scheduler.Cancellable forgetTimer;

    Batch(Object key) {
      this.key = key;
    }
  }

  /** The parts of one batch on one lane, sent in order from {@code next}. */
  private static final class Shard<P> {
    final Batch<P> batch;
    final int lane;
    final List<P> requests;
    int next;
    State state = State.QUEUED;
    ConsumerException error;
    int epoch;

    Shard(Batch<P> batch, int lane, List<P> requests) {
      this.batch = batch;
      this.lane = lane;
      this.requests = requests;
    }
  }
}
