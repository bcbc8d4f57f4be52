package io.telegate.core.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real-time {@link Scheduler}: one daemon timer thread. A gateway owns one and hands it to
 * its components through {@code Host.scheduler()}; timers only hand
 * work over (to a sender, a flush executor), they never run a send themselves.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

  private final ScheduledExecutorService executor;

  /** A scheduler on a daemon thread of that name; {@link #close()} stops it. */
  public SystemScheduler(String threadName) {
    var pool = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    executor = Executors.unconfigurableScheduledExecutorService(pool);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /** Stops the timer thread; pending tasks do not run. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
