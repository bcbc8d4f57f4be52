package io.telegate.core.exporter;

import io.telegate.core.component.Host;
import io.telegate.core.data.TelemetryData;
import java.util.concurrent.CompletableFuture;

/**
 * The part of an exporter that talks to its backend: one attempt to send one request. The
 * {@link ExporterHelper} adds the queue, retries and the per-attempt timeout around it.
 *
 * <p>The completion fails with a {@link io.telegate.core.consumer.ConsumerException}: permanent
 * for what the backend will never take (a 400), retryable otherwise, throttled when the backend
 * said when to come back (429 with {@code Retry-After}, {@code RetryInfo}). A send that is
 * cancelled (its attempt timed out) should stop and release what it holds.
 */
public interface Sender<T extends TelemetryData<?>> {

  CompletableFuture<Void> send(T data);

  /** Opens connections; called from the exporter's start. */
  default void start(Host host) throws Exception {}

  /** Closes connections; called after the queue drained. */
  default void shutdown() {}
}
