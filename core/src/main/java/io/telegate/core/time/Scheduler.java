package io.telegate.core.time;

import java.time.Duration;

/**
 * Time for the exporter helper: what it waits on (retry backoff, timeouts) goes through here, so
 * tests run it on a manual clock and never sleep.
 */
public interface Scheduler {

  /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Runnable task, Duration delay);

  /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  /** A pending task. */
  interface Cancellable {
    void cancel();
  }
}
