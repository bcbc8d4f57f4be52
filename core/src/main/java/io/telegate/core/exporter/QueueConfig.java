package io.telegate.core.exporter;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.UnsupportedKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sending_queue}: the exporter's bounded queue, in memory or on disk.
 *
 * @param enabled false sends on the caller's completion, without a queue
 * @param numConsumers how many requests are sent at once
 * @param queueSize capacity, in units of {@code sizer}
 * @param sizer what {@code queue_size} counts
 * @param blockOnOverflow when full, hold the caller's completion until there is room, instead of
 *     refusing with a throttled error
 * @param storage a directory for the persistent queue, or {@code file_storage/<name>}; null keeps
 *     the queue in memory
 * @param fsync when the persistent queue forces its writes to disk (Telegate's key)
 * @param waitForResult answer the caller only once the request was sent (or given up on), not
 *     when it was queued
 * @param batch batching on the queue's read side; null (the key left out) sends each queued
 *     request as it is
 */
public record QueueConfig(
    boolean enabled, int numConsumers, long queueSize, Sizer sizer, boolean blockOnOverflow, String storage,
    Fsync fsync, boolean waitForResult, Batch batch) implements ConfigValidator {

  public static final QueueConfig DEFAULT =
      new QueueConfig(true, 10, 1000, Sizer.REQUESTS, false, null, Fsync.BATCH, false, null);

  /** Without {@code wait_for_result} and {@code batch}. */
  public QueueConfig(boolean enabled, int numConsumers, long queueSize, Sizer sizer, boolean blockOnOverflow,
      String storage, Fsync fsync) {
    this(enabled, numConsumers, queueSize, sizer, blockOnOverflow, storage, fsync, false, null);
  }

  /** The unit of {@code queue_size}. */
  public enum Sizer {
    REQUESTS,
    ITEMS,
    BYTES
  }

  /**
   * always: each write is forced before it is acknowledged; batch: writes that arrive together
   * share one force before they are acknowledged (the default); never: the OS decides, a machine
   * crash may lose the last writes (a process crash does not).
   */
  public enum Fsync {
    ALWAYS,
    BATCH,
    NEVER
  }

  /**
   * {@code sending_queue.batch}: the queue's consumers take queued requests together until they
   * hold {@code min_size} (in {@code sizer} units) or the oldest has waited {@code flush_timeout},
   * and send them as one request of at most {@code max_size}.
   *
   * @param flushTimeout the longest a queued request waits for others to join it
   * @param minSize what makes a batch go out before the timeout
   * @param maxSize the most one batch holds; 0 = no bound. Queued requests are not cut: a batch
   *     closes before a request that would take it past {@code max_size}
   * @param sizer what the sizes count, {@code items} or {@code bytes}; left out, the queue's sizer
   *     when it is one of those, else items
   */
  @UnsupportedKeys({"partition"})
  public record Batch(Duration flushTimeout, long minSize, long maxSize, Sizer sizer) {
    public static final Batch DEFAULT = new Batch(Duration.ofMillis(200), 8192, 0, null);

    /** The sizer in effect, given the queue's. */
    public Sizer effectiveSizer(Sizer queueSizer) {
      if (sizer != null) {
        return sizer;
      }
      return queueSizer == Sizer.BYTES ? Sizer.BYTES : Sizer.ITEMS;
    }
  }

  /** Errors with paths relative to {@code sending_queue}. */
  /** A {@code storage} that names a {@code file_storage} extension must name a running one. */
  @Override
  public List<String> validate(io.telegate.core.component.ValidationContext context) {
    List<String> errors = new ArrayList<>();
    if (storage != null && (storage.equals("file_storage") || storage.startsWith("file_storage/"))) {
      String problem = context.checkExtension("storage", storage, io.telegate.core.extension.FileStorageExtension.class,
          "a file_storage extension");
      if (problem != null) {
        errors.add(problem);
      }
    }
    return errors;
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (enabled && numConsumers < 1) {
      errors.add("num_consumers: must be at least 1, got " + numConsumers);
    }
    if (enabled && queueSize < 1) {
      errors.add("queue_size: must be at least 1, got " + queueSize);
    }
    if (storage != null && storage.isBlank()) {
      errors.add("storage: must name a directory or a file_storage extension");
    }
    if (batch != null) {
      String b = "batch::";
      if (!enabled) {
        errors.add("batch: needs the queue (sending_queue::enabled: true)");
      }
      if (batch.flushTimeout() == null || batch.flushTimeout().isNegative() || batch.flushTimeout().isZero()) {
        errors.add(b + "flush_timeout: must be positive, got " + batch.flushTimeout());
      }
      if (batch.minSize() < 0) {
        errors.add(b + "min_size: must not be negative, got " + batch.minSize());
      }
      if (batch.maxSize() < 0) {
        errors.add(b + "max_size: must not be negative, got " + batch.maxSize());
      } else if (batch.maxSize() > 0 && batch.maxSize() < batch.minSize()) {
        errors.add(b + "max_size: must be greater than or equal to min_size (" + batch.minSize() + "), got "
            + batch.maxSize());
      }
      if (batch.sizer() == Sizer.REQUESTS) {
        errors.add(b + "sizer: must be items or bytes, got requests");
      }
    }
    return errors;
  }
}
