package io.telegate.processor.batch;

import io.telegate.core.component.ComponentConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Config of the {@code batch} processor, with the Collector's keys and defaults.
 *
 * @param timeout how long a batch may wait for more items before it is sent; 0 sends at once
 * @param sendBatchSize items (spans, data points, log records) that trigger a send; not a cap
 * @param sendBatchMaxSize the most items in one sent batch; larger batches are split; 0 = no cap
 * @param metadataKeys client metadata keys whose value combinations get a batcher each
 * @param metadataCardinalityLimit the most value combinations over the processor's lifetime
 * @param maxBufferedItems Telegate's: the most items the processor holds (waiting for a batch, or
 *     refused downstream and waiting to be offered again) before it refuses new data as throttled;
 *     0 = ten times the larger of send_batch_size and send_batch_max_size (at least 10,000)
 * @param maxBufferedBytes Telegate's: the same bound in encoded bytes; 0 = only the gateway's
 *     bound on all buffered data ({@code service::buffers})
 */
public record BatchProcessorConfig(
    Duration timeout,
    int sendBatchSize,
    int sendBatchMaxSize,
    List<String> metadataKeys,
    int metadataCardinalityLimit,
    long maxBufferedItems,
    long maxBufferedBytes)
    implements ComponentConfig {

  public static final BatchProcessorConfig DEFAULT =
      new BatchProcessorConfig(Duration.ofMillis(200), 8192, 0, List.of(), 1000, 0, 0);

  /** The Collector's keys only; the buffer bounds at their defaults. */
  public BatchProcessorConfig(Duration timeout, int sendBatchSize, int sendBatchMaxSize, List<String> metadataKeys,
      int metadataCardinalityLimit) {
    this(timeout, sendBatchSize, sendBatchMaxSize, metadataKeys, metadataCardinalityLimit, 0, 0);
  }

  /** {@code max_buffered_items} in effect. */
  public long effectiveMaxBufferedItems() {
    if (maxBufferedItems > 0) {
      return maxBufferedItems;
    }
    return Math.max(10_000L, 10L * Math.max(sendBatchSize, sendBatchMaxSize));
  }

  @Override
  public Duration holdsDataFor() {
    return timeout;
  }

  public BatchProcessorConfig {
    metadataKeys = metadataKeys == null ? List.of() : List.copyOf(metadataKeys);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (timeout == null || timeout.isNegative()) {
      errors.add("timeout: must not be negative, got " + timeout);
    }
    if (sendBatchSize < 0) {
      errors.add("send_batch_size: must not be negative, got " + sendBatchSize);
    }
    if (sendBatchMaxSize < 0) {
      errors.add("send_batch_max_size: must not be negative, got " + sendBatchMaxSize);
    } else if (sendBatchMaxSize > 0 && sendBatchMaxSize < sendBatchSize) {
      errors.add("send_batch_max_size: must be greater than or equal to send_batch_size (" + sendBatchSize
          + "), got " + sendBatchMaxSize);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < metadataKeys.size(); i++) {
      String key = metadataKeys.get(i);
      if (key.isBlank()) {
        errors.add("metadata_keys[" + i + "]: must not be empty");
      } else if (!seen.add(key.toLowerCase(Locale.ROOT))) {
        errors.add("metadata_keys[" + i + "]: duplicate entry '" + key + "' (keys are case-insensitive)");
      }
    }
    if (maxBufferedItems < 0) {
      errors.add("max_buffered_items: must not be negative, got " + maxBufferedItems);
    } else if (maxBufferedItems > 0 && maxBufferedItems < Math.max(sendBatchSize, sendBatchMaxSize)) {
      errors.add("max_buffered_items: must hold at least one batch (" + Math.max(sendBatchSize, sendBatchMaxSize)
          + " items), got " + maxBufferedItems);
    }
    if (maxBufferedBytes < 0) {
      errors.add("max_buffered_bytes: must not be negative, got " + maxBufferedBytes);
    }
    if (metadataCardinalityLimit <= 0) {
      errors.add("metadata_cardinality_limit: must be positive, got " + metadataCardinalityLimit);
    }
    return errors;
  }
}
