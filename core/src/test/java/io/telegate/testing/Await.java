package io.telegate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition with a deadline, for tests that wait on another thread or process. */
public final class Await {

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails with {@code what} after {@code timeout}.
   *
   * @throws AssertionError on timeout
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  /** {@link #until(String, Duration, BooleanSupplier)}, with {@code detail} (what was seen) in the failure. */
  public static void until(String what, Duration timeout, BooleanSupplier condition,
      java.util.function.Supplier<String> detail) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String seen = detail.get();
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what
            + (seen.isEmpty() ? "" : "; " + seen));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
