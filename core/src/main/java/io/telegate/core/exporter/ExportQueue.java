package io.telegate.core.exporter;

import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import java.util.concurrent.CompletableFuture;

/**
 * The bounded queue between an exporter's callers and its senders, in memory or on disk.
 *
 * <p>{@link #offer} completes when the data is safely in the queue (for the disk queue: written
 * and forced as the fsync policy says); that is when the caller's request is acknowledged.
 * {@link #poll} hands out the next entry; {@link #ack} removes it for good once it was sent or
 * dropped. An entry polled and not acked is not lost: the disk queue hands it out again after a
 * restart.
 */
interface ExportQueue<T extends TelemetryData<?>> {

  /** What a caller waiting for an entry's result gets when the queue closes before it was sent. */
  ConsumerException SHUT_DOWN_BEFORE_SENT =
      ConsumerException.retryable("exporter shut down before the request was sent");

  /**
   * Adds data; the future fails with a throttled ConsumerException when the queue is full.
   *
   * @param result completed by the exporter with the send's outcome once this entry was sent or
   *     given up on ({@code wait_for_result}); null when nobody waits. Held in memory only: an
   *     entry recovered from disk after a restart has none.
   */
  CompletableFuture<Void> offer(T data, CompletableFuture<Void> result);

  /** Adds data nobody waits on beyond its admission. */
  default CompletableFuture<Void> offer(T data) {
    return offer(data, null);
  }

  /** The next entry to send, or null if none is waiting. */
  Entry<T> poll();

  /** The entry was sent or given up on: free its space. */
  void ack(Entry<T> entry);

  /** Used capacity, in the sizer's unit (entries polled but not acked included). */
  long size();

  long capacity();

  /** Entries not yet acked, polled or not. */
  long pendingEntries();

  /**
   * Stops the queue. Waiting offers fail. Returns the items of entries that were never acked,
   * for the caller to count: for the memory queue they are lost, the disk queue keeps them.
   */
  long close();

  /** True if entries that were not acked survive {@link #close()} and a crash. */
  boolean isPersistent();

  /**
   * One queued request.
   *
   * @param size its size in the sizer's unit
   * @param position the disk queue's sequence number; 0 in memory
   * @param reserved the bytes it holds of the gateway's memory budget (memory queue), else 0
   * @param result who waits for the send's outcome, or null
   */
  record Entry<T>(T data, long size, long position, long reserved, CompletableFuture<Void> result) {}
}
