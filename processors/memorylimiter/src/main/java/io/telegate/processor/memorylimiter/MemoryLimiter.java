package io.telegate.processor.memorylimiter;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.telemetry.GatewayLogger;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures heap use every {@code check_interval} on a thread of its own and decides whether data
 * must be refused: above the soft limit (limit - spike) it refuses; above the hard limit it also
 * forces a GC, at most once per {@code min_gc_interval_when_hard_limited}. On entering the soft
 * limit it forces a GC (at most once per {@code min_gc_interval_when_soft_limited}) and checks
 * again, since a JVM heap holds garbage until collected. While it refuses below the hard limit, it
 * forces a GC at each check (at most once per {@code check_interval}): refused clients allocate
 * little, so the JVM would not collect the drained backlog by itself, and the refusal ends within
 * one check interval of the live set falling below the soft limit.
 *
 * <p>One instance serves every pipeline and signal of a processor id; the processors start and
 * stop it, and the last to stop ends its thread.
 */
final class MemoryLimiter {

  static final long MIB = 1024L * 1024L;

  private final ComponentId id;
  private final MemoryLimiterConfig config;
  private final LongSupplier usedHeap;
  private final LongSupplier maxHeap;
  private final Runnable gc;
  private final LongSupplier nanoTime;
  private final boolean ownThread;
  private volatile boolean refusing;
  private volatile GatewayLogger log = GatewayLogger.root();
  // Guarded by this: the check thread, how many processors use it, and the limits.
  private ScheduledExecutorService checker;
  private int users;
  private long limitBytes;
  private long spikeBytes;
  // Touched only by the checking thread (or a test calling check()).
  private long lastGcNanos;
  private boolean gcDone;

  /** A limiter on the JVM's heap, with its own check thread. */
  MemoryLimiter(ComponentId id, MemoryLimiterConfig config) {
    this(id, config, () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        () -> Runtime.getRuntime().maxMemory(), System::gc, System::nanoTime, true);
  }

  /**
   * A limiter with injected readings, for tests.
   *
   * @param ownThread whether {@link #start} runs checks on a thread; tests call {@link #check}
   */
  MemoryLimiter(ComponentId id, MemoryLimiterConfig config, LongSupplier usedHeap, LongSupplier maxHeap, Runnable gc,
      LongSupplier nanoTime, boolean ownThread) {
    this.id = id;
    this.config = config;
    this.usedHeap = usedHeap;
    this.maxHeap = maxHeap;
    this.gc = gc;
    this.nanoTime = nanoTime;
    this.ownThread = ownThread;
    computeLimits();
  }

  private synchronized void computeLimits() {
    if (config.limitMib() > 0) {
      limitBytes = config.limitMib() * MIB;
      spikeBytes = config.spikeLimitMib() * MIB;
    } else {
      long max = maxHeap.getAsLong();
      if (max <= 0 || max == Long.MAX_VALUE) {
        // No known maximum: percentages cannot be applied; start() reports it.
        limitBytes = 0;
        spikeBytes = 0;
        return;
      }
      limitBytes = config.limitPercentage() * max / 100;
      spikeBytes = config.spikeLimitPercentage() * max / 100;
    }
    if (spikeBytes == 0) {
      spikeBytes = limitBytes / 5;
    }
  }

  synchronized long limitBytes() {
    return limitBytes;
  }

  synchronized long softLimitBytes() {
    return limitBytes - spikeBytes;
  }

  /** True while heap use is above the soft limit. */
  boolean mustRefuse() {
    return refusing;
  }

  /** How long a refused sender should wait: a check interval, at least a second. */
  Duration retryAfter() {
    Duration interval = config.checkInterval();
    return interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
  }

  synchronized void start(Host host) {
    if (limitBytes <= 0) {
      throw new IllegalStateException("memory_limiter " + id + ": limit_percentage needs a maximum heap size "
          + "(-Xmx); set limit_mib instead");
    }
    users++;
    if (users > 1) {
      return;
    }
    log = host.logger(ComponentKind.PROCESSOR, id);
    log.info("memory limiter configured", "limit_mib", limitBytes / MIB, "spike_limit_mib", spikeBytes / MIB,
        "check_interval", config.checkInterval().toString());
    if (ownThread) {
      ScheduledExecutorService ex =
          Executors.newSingleThreadScheduledExecutor(host.threads(ComponentKind.PROCESSOR, id));
      long period = config.checkInterval().toNanos();
      ex.scheduleWithFixedDelay(this::checkSafely, period, period, TimeUnit.NANOSECONDS);
      checker = ex;
    }
  }

  synchronized void stop() {
    if (users == 0) {
      return;
    }
    users--;
    if (users == 0) {
      if (checker != null) {
        checker.shutdownNow();
        checker = null;
      }
      refusing = false;
    }
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      log.rateLimited(GatewayLogger.Level.ERROR, "memory-check", Duration.ofMinutes(1),
          "memory check failed", e);
    }
  }

  /** Measures heap use once and updates whether to refuse. */
  void check() {
    long limit;
    long soft;
    synchronized (this) {
      limit = limitBytes;
      soft = limitBytes - spikeBytes;
    }
    long used = usedHeap.getAsLong();
    if (used >= limit && gcAllowed(config.minGcIntervalWhenHardLimited())) {
      log.warn("memory usage is above the hard limit; forcing a GC", "cur_mem_mib", used / MIB);
      used = gcAndMeasure();
    }
    boolean was = refusing;
    boolean must = used >= soft;
    if (was && must && used < limit && gcAllowed(config.checkInterval())) {
      // Refusing, and the heap still counts what may be garbage: nothing else makes the JVM collect
      // it while data is refused, so without this the refusal outlives the backlog by minutes.
      used = gcAndMeasure();
      must = used >= soft;
    }
    if (was && !must) {
      log.info("memory usage back within limits; accepting data again", "cur_mem_mib", used / MIB);
    }
    if (!was && must) {
      if (gcAllowed(config.minGcIntervalWhenSoftLimited())) {
        used = gcAndMeasure();
        must = used >= soft;
      }
      if (must) {
        log.warn("memory usage is above the soft limit; refusing data", "cur_mem_mib", used / MIB);
      }
    }
    refusing = must;
  }

  private boolean gcAllowed(Duration minInterval) {
    return !gcDone || nanoTime.getAsLong() - lastGcNanos >= minInterval.toNanos();
  }

  private long gcAndMeasure() {
    gc.run();
    gcDone = true;
    lastGcNanos = nanoTime.getAsLong();
    return usedHeap.getAsLong();
  }
}
