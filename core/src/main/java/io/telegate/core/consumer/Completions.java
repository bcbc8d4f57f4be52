package io.telegate.core.consumer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Shared completed futures and the join of several, so hot paths do not allocate for success. */
public final class Completions {

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private Completions() {}

  /** An already successful completion. Callers must not complete it. */
  public static CompletableFuture<Void> done() {
    return DONE;
  }

  public static CompletableFuture<Void> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }

  /**
   * Completes when all complete; fails with the first failure, preferring a retryable one so that
   * a sender retries if any downstream could take the data later.
   */
  public static CompletableFuture<Void> all(List<CompletableFuture<Void>> futures) {
    if (futures.size() == 1) {
      return futures.get(0);
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .whenComplete(
            (v, t) -> {
              if (t == null) {
                result.complete(null);
                return;
              }
              ConsumerException chosen = null;
              for (CompletableFuture<Void> f : futures) {
                if (f.isCompletedExceptionally()) {
                  ConsumerException e = ConsumerException.from(failureOf(f));
                  if (chosen == null || (chosen.isPermanent() && !e.isPermanent())) {
                    chosen = e;
                  }
                }
              }
              result.completeExceptionally(chosen);
            });
    return result;
  }

  /** The failure of a future known to have completed exceptionally (Java 17 has no exceptionNow). */
  private static Throwable failureOf(CompletableFuture<Void> f) {
    try {
      f.join();
      throw new IllegalStateException("future did not fail");
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      return e;
    }
  }
}
