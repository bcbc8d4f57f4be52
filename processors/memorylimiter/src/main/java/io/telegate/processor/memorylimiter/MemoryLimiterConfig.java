package io.telegate.processor.memorylimiter;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.UnsupportedKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code memory_limiter} processor, with the Collector's keys and defaults. Limits
 * are on the JVM heap in use; percentages are of the maximum heap ({@code -Xmx}).
 *
 * @param checkInterval how often heap use is measured; required (the Collector's default of 0 is
 *     not valid)
 * @param limitMib the hard limit in MiB; above it a GC is forced
 * @param spikeLimitMib the expected growth between checks; data is refused above limit - spike.
 *     0 means 20% of the limit
 * @param limitPercentage the hard limit as a percentage of the maximum heap, when limit_mib is 0
 * @param spikeLimitPercentage the spike as a percentage of the maximum heap
 * @param minGcIntervalWhenSoftLimited the least time between GCs forced on entering the soft limit
 * @param minGcIntervalWhenHardLimited the least time between GCs forced above the hard limit
 */
@UnsupportedKeys({"model", "admission"})
public record MemoryLimiterConfig(
    Duration checkInterval,
    long limitMib,
    long spikeLimitMib,
    int limitPercentage,
    int spikeLimitPercentage,
    Duration minGcIntervalWhenSoftLimited,
    Duration minGcIntervalWhenHardLimited)
    implements ComponentConfig {

  public static final MemoryLimiterConfig DEFAULT =
      new MemoryLimiterConfig(Duration.ZERO, 0, 0, 0, 0, Duration.ofSeconds(10), Duration.ZERO);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
      errors.add("check_interval: must be greater than zero (1s is recommended), got "
          + (checkInterval == null ? "nothing" : io.telegate.core.config.Durations.format(checkInterval)));
    }
    if (limitMib < 0) {
      errors.add("limit_mib: must not be negative, got " + limitMib);
    }
    if (spikeLimitMib < 0) {
      errors.add("spike_limit_mib: must not be negative, got " + spikeLimitMib);
    }
    if (limitMib == 0 && limitPercentage == 0) {
      errors.add("limit_mib: limit_mib or limit_percentage must be greater than zero");
    }
    if (limitPercentage < 0 || limitPercentage > 100) {
      errors.add("limit_percentage: must be between 0 and 100, got " + limitPercentage);
    }
    if (spikeLimitPercentage < 0 || spikeLimitPercentage > 100) {
      errors.add("spike_limit_percentage: must be between 0 and 100, got " + spikeLimitPercentage);
    }
    if (limitMib > 0 && spikeLimitMib >= limitMib) {
      errors.add("spike_limit_mib: must be smaller than limit_mib (" + limitMib + "), got " + spikeLimitMib);
    }
    if (limitMib == 0 && limitPercentage > 0 && spikeLimitPercentage >= limitPercentage) {
      errors.add("spike_limit_percentage: must be smaller than limit_percentage (" + limitPercentage + "), got "
          + spikeLimitPercentage);
    }
    if (minGcIntervalWhenSoftLimited == null || minGcIntervalWhenSoftLimited.isNegative()) {
      errors.add("min_gc_interval_when_soft_limited: must not be negative");
    } else if (minGcIntervalWhenHardLimited == null || minGcIntervalWhenHardLimited.isNegative()) {
      errors.add("min_gc_interval_when_hard_limited: must not be negative");
    } else if (minGcIntervalWhenSoftLimited.compareTo(minGcIntervalWhenHardLimited) < 0) {
      errors.add("min_gc_interval_when_soft_limited: must not be smaller than min_gc_interval_when_hard_limited");
    }
    return errors;
  }
}
