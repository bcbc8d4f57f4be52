package io.telegate.core.exporter;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * The exporter helper's retry → timeout → send stages: one request's way through attempts.
 *
 * <p>Each attempt calls the {@link Sender} once, bounded by {@code timeout} (a late attempt is
 * failed retryably and cancelled). A retryable failure waits the backoff ({@code
 * retry_on_failure}: exponential with jitter; a longer throttle delay from the backend wins) on
 * the scheduler, then the next attempt runs on the executor, never on the timer thread. Permanent
 * failures, and failures past {@code max_elapsed_time}, are given up: counted in {@code
 * otelcol_exporter_send_failed_*} and logged (rate-limited). Successes are counted in {@code
 * otelcol_exporter_sent_*}.
 *
 * <p>At shutdown, {@link #stopRetrying} makes a failure that would be retried end as {@link
 * #ABANDONED} when the request is kept elsewhere (a disk queue), and {@link #abandonAll} stops
 * every attempt still running at the drain deadline.
 */
final class RetryStage<T extends TelemetryData<?>> {

  /** The outcome of an attempt stopped at shutdown: the request was neither sent nor given up. */
  static final ConsumerException ABANDONED =
      ConsumerException.retryable("exporter shut down before the request could be sent");

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  /** What the stage needs from its exporter once that is started. */
  record Context(Scheduler scheduler, Executor executor, Counter sent, Counter sendFailed, Counter retries,
      ComponentHealth health, GatewayLogger log) {}

  private final ComponentId id;
  private final Signal signal;
  private final Sender<T> sender;
  private final RetryConfig retry;
  private final Duration timeout;
  private final DoubleSupplier random;
  private final Set<Attempt> active = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private volatile Context context;
  private volatile boolean keptElsewhere;

  RetryStage(ComponentId id, Signal signal, Sender<T> sender, RetryConfig retry, Duration timeout,
      DoubleSupplier random) {
    this.id = id;
    this.signal = signal;
    this.sender = sender;
    this.retry = retry;
    this.timeout = timeout;
    this.random = random;
  }

  void start(Context context) {
    this.context = context;
  }

  /** Sends with retries; the future completes with the final outcome. */
  CompletableFuture<Void> send(T data) {
    Attempt a = new Attempt(data, context.scheduler().nanoTime());
    active.add(a);
    a.result.whenComplete((v, t) -> active.remove(a));
    a.run();
    return a.result;
  }

  /**
   * Shutdown began: a failure from now on is not retried; it ends as {@link #ABANDONED} when
   * {@code keptElsewhere} (the request stays in a disk queue), else as usual.
   */
  void stopRetrying(boolean keptElsewhere) {
    this.keptElsewhere = keptElsewhere;
  }

  /** At the drain deadline: stops every attempt still running; returns their items. */
  long abandonAll() {
    List<Attempt> left;
    synchronized (active) {
      left = List.copyOf(active);
    }
    long items = 0;
    for (Attempt a : left) {
      items += a.data.itemCount();
      a.abandon();
    }
    return items;
  }

  /** One request's way through retries. */
  private final class Attempt {
    final T data;
    final long firstNanos;
    final CompletableFuture<Void> result = new CompletableFuture<>();
    int attempt;
    // Guarded by Attempt.this: the pending retry timer or the running send.
    Scheduler.Cancellable pendingRetry;
    CompletableFuture<Void> running;

    Attempt(T data, long firstNanos) {
      this.data = data;
      this.firstNanos = firstNanos;
    }

    void run() {
      if (result.isDone()) {
        return;
      }
      Context c = context;
      CompletableFuture<Void> call;
      try {
        call = sender.send(data);
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      synchronized (this) {
        running = call;
      }
      CompletableFuture<Void> sendCall = call;
      Scheduler.Cancellable timer = timeout.isZero() || sendCall.isDone() ? null : c.scheduler().schedule(
          () -> c.executor().execute(() -> {
            if (sendCall.completeExceptionally(ConsumerException.retryable("send timed out after " + timeout))) {
              sendCall.cancel(true);
            }
          }), timeout);
      sendCall.whenComplete((v, t) -> {
        if (timer != null) {
          timer.cancel();
        }
        if (t == null) {
          succeeded();
        } else {
          failed(ConsumerException.from(t));
        }
      });
    }

    private void succeeded() {
      Context c = context;
      c.sent().add(data.itemCount());
      if (c.health() != null && c.health().status() == ComponentHealth.Status.RECOVERABLE_ERROR) {
        c.health().ok();
      }
      result.complete(null);
    }

    private void failed(ConsumerException e) {
      if (result.isDone()) {
        return;
      }
      Context c = context;
      if (e.isPermanent() || !retry.enabled()) {
        giveUp(e, e.isPermanent() ? "permanent error; dropping data" : "send failed; retries are disabled");
        return;
      }
      Duration delay = retry.backoff(attempt, random.getAsDouble());
      if (e.throttle().isPresent() && e.throttle().get().compareTo(delay) > 0) {
        delay = e.throttle().get();
      }
      long elapsed = c.scheduler().nanoTime() - firstNanos;
      if (!retry.maxElapsedTime().isZero() && elapsed + delay.toNanos() > retry.maxElapsedTime().toNanos()) {
        giveUp(e, "no more retries left (max_elapsed_time " + retry.maxElapsedTime() + "); dropping data");
        return;
      }
      if (keptElsewhere) {
        // Shutting down with a disk queue: the entry stays on disk and is retried after restart.
        result.completeExceptionally(ABANDONED);
        return;
      }
      attempt++;
      c.retries().inc();
      if (c.health() != null) {
        c.health().recoverableError(e.getMessage());
      }
      c.log().rateLimited(GatewayLogger.Level.WARN, "retry/" + id + "/" + signal, LOG_INTERVAL,
          "send failed; will retry", null, "error", e.getMessage(), "interval", delay.toString(),
          "items", data.itemCount());
      synchronized (this) {
        pendingRetry = c.scheduler().schedule(() -> c.executor().execute(this::run), delay);
      }
    }

    private void giveUp(ConsumerException e, String why) {
      Context c = context;
      c.sendFailed().add(data.itemCount());
      if (c.health() != null) {
        c.health().recoverableError(e.getMessage());
      }
      c.log().rateLimited(GatewayLogger.Level.ERROR, "drop/" + id + "/" + signal, LOG_INTERVAL, why, null,
          "error", e.getMessage(), "dropped_items", data.itemCount());
      result.completeExceptionally(e);
    }

    /** At the shutdown deadline: stop waiting; the caller decides whether the data is lost. */
    void abandon() {
      Scheduler.Cancellable r;
      CompletableFuture<Void> call;
      synchronized (this) {
        r = pendingRetry;
        call = running;
      }
      if (r != null) {
        r.cancel();
      }
      if (result.completeExceptionally(ABANDONED) && call != null) {
        call.cancel(true);
      }
    }
  }
}
