package io.telegate.core.exporter;

import io.telegate.core.component.ConfigValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retry_on_failure}: exponential backoff with jitter for retryable failures, with the
 * Collector's defaults.
 *
 * @param maxElapsedTime give up after this long since the first attempt; zero retries forever
 */
public record RetryConfig(
    boolean enabled, Duration initialInterval, Duration maxInterval, Duration maxElapsedTime, double multiplier,
    double randomizationFactor) implements ConfigValidator {

  public static final RetryConfig DEFAULT = new RetryConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofSeconds(300), 1.5, 0.5);

  /** Errors with paths relative to {@code retry_on_failure}. */
  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (!enabled) {
      return errors;
    }
    if (initialInterval.isNegative() || initialInterval.isZero()) {
      errors.add("initial_interval: must be positive, got " + initialInterval);
    }
    if (maxInterval.compareTo(initialInterval) < 0) {
      errors.add("max_interval: must be at least initial_interval");
    }
    if (maxElapsedTime.isNegative()) {
      errors.add("max_elapsed_time: must not be negative");
    }
    if (multiplier < 1) {
      errors.add("multiplier: must be at least 1, got " + multiplier);
    }
    if (randomizationFactor < 0 || randomizationFactor > 1) {
      errors.add("randomization_factor: must be between 0 and 1, got " + randomizationFactor);
    }
    return errors;
  }

  /**
   * The wait before attempt {@code attempt + 1} (attempt 0 is the first retry), jittered by
   * {@code random} in [0, 1): interval × (1 ± randomization_factor).
   */
  public Duration backoff(int attempt, double random) {
    double interval = initialInterval.toNanos() * Math.pow(multiplier, attempt);
    interval = Math.min(interval, maxInterval.toNanos());
    double delta = randomizationFactor * interval;
    double jittered = interval - delta + random * 2 * delta;
    return Duration.ofNanos((long) Math.max(0, jittered));
  }
}
