package io.telegate.core.consumer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Why a consumer refused data: permanent (retrying cannot help) or retryable, the latter
 * optionally throttled (the caller should wait {@link #throttle()} before trying again).
 *
 * <p>The OTLP receiver maps these to gRPC and HTTP status codes; the exporter helper retries only
 * retryable ones.
 */
public final class ConsumerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean permanent;
  private final Duration throttle;

  private ConsumerException(String message, Throwable cause, boolean permanent, Duration throttle) {
    super(message, cause, false, false);
    this.permanent = permanent;
    this.throttle = throttle;
  }

  /** Data that will never be accepted; do not retry. */
  public static ConsumerException permanent(String message) {
    return new ConsumerException(message, null, true, null);
  }

  public static ConsumerException permanent(String message, Throwable cause) {
    return new ConsumerException(message, cause, true, null);
  }

  /** A failure that may pass if the same data is sent again. */
  public static ConsumerException retryable(String message) {
    return new ConsumerException(message, null, false, null);
  }

  public static ConsumerException retryable(String message, Throwable cause) {
    return new ConsumerException(message, cause, false, null);
  }

  /** A refusal because of load (queue full, memory limit): retry after {@code delay}. */
  public static ConsumerException throttled(String message, Duration delay) {
    return new ConsumerException(message, null, false, delay);
  }

  public boolean isPermanent() {
    return permanent;
  }

  /** The delay the refusing side asked for; present only for throttled refusals. */
  public Optional<Duration> throttle() {
    return Optional.ofNullable(throttle);
  }

  /**
   * Returns {@code t} as a ConsumerException: unwraps completion wrappers; any other throwable is
   * a permanent error, since nothing says that retrying could help.
   */
  public static ConsumerException from(Throwable t) {
    Throwable cause = t;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ConsumerException ce) {
      return ce;
    }
    return permanent(String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()), cause);
  }
}
