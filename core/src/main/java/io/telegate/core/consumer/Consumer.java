package io.telegate.core.consumer;

import io.telegate.core.data.TelemetryData;
import java.util.concurrent.CompletableFuture;

/**
 * Takes telemetry from upstream.
 *
 * <p>The returned completion succeeds once the data is safely downstream (queued or sent). It
 * fails with a {@link ConsumerException}: {@link ConsumerException#isPermanent() permanent} data
 * will never be accepted, other failures may be retried, optionally after a throttle delay.
 *
 * <p>After calling {@code consume} the caller must not touch {@code data} again. A consumer that
 * changes the data it gets must say so with {@link #mutatesData()}: fan-outs give such consumers
 * their own copy.
 *
 * @param <T> {@link io.telegate.core.data.Traces}, {@link io.telegate.core.data.Metrics} or {@link
 *     io.telegate.core.data.Logs}
 */
public interface Consumer<T extends TelemetryData<?>> {

  CompletableFuture<Void> consume(T data);

  /** True if this consumer changes the data passed to it in place. */
  default boolean mutatesData() {
    return false;
  }
}
