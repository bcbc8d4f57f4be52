package io.telegate.core.exporter;

import io.telegate.core.data.TelemetryData;
import io.telegate.core.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sending_queue.batch}: gathers queued entries, on the queue's read side, into batches of
 * at least {@code min_size} and at most {@code max_size} (in items or bytes). Entries stay in the
 * queue (unacked) while they wait here, so a disk queue still holds them across a crash and the
 * queue's bounds still count them.
 *
 * <p>Not thread-safe: the exporter helper calls it under its dispatch lock.
 */
final class QueueBatcher<T extends TelemetryData<?>> {

  private final QueueConfig.Batch config;
  private final QueueConfig.Sizer sizer;
  private List<ExportQueue.Entry<T>> forming = new ArrayList<>();
  private long formingSize;
  private long firstNanos;

  QueueBatcher(QueueConfig.Batch config, QueueConfig.Sizer queueSizer) {
    this.config = config;
    this.sizer = config.effectiveSizer(queueSizer);
  }

  long sizeOf(T data) {
    return sizer == QueueConfig.Sizer.BYTES ? data.encodedSize() : data.itemCount();
  }

  /**
   * Adds an entry polled from the queue at {@code nowNanos}. Returns a batch that is due (it
   * reached min_size, or the entry would take it past max_size and starts the next), else null.
   */
  List<ExportQueue.Entry<T>> add(ExportQueue.Entry<T> entry, long nowNanos) {
    long size = sizeOf(entry.data());
    if (config.maxSize() > 0 && !forming.isEmpty() && formingSize + size > config.maxSize()) {
      // The entry would take the batch past max_size: the batch goes, the entry starts the next.
      List<ExportQueue.Entry<T>> due = take();
      append(entry, size, nowNanos);
      return due;
    }
    append(entry, size, nowNanos);
    return formingSize >= config.minSize() ? take() : null;
  }

  private void append(ExportQueue.Entry<T> entry, long size, long nowNanos) {
    if (forming.isEmpty()) {
      firstNanos = nowNanos;
    }
    forming.add(entry);
    formingSize += size;
  }

  /** Everything gathered so far (the flush timeout expired, or the exporter is stopping). */
  List<ExportQueue.Entry<T>> take() {
    List<ExportQueue.Entry<T>> out = forming;
    forming = new ArrayList<>();
    formingSize = 0;
    return out;
  }

  boolean isEmpty() {
    return forming.isEmpty();
  }

  /** When the oldest gathered entry's flush timeout expires, in {@link Scheduler#nanoTime()}. */
  long flushDeadline() {
    return firstNanos + config.flushTimeout().toNanos();
  }
}
