package io.telegate.exporter.prometheusremotewrite;

/**
 * {@code remote_write_queue}: the Collector's own queue keys for this exporter. Each key that is
 * set overrides the same setting of {@code sending_queue}; {@code num_consumers} is also the
 * number of ordered lanes.
 */
public record RemoteWriteQueueConfig(Boolean enabled, Long queueSize, Integer numConsumers) {

  public static final RemoteWriteQueueConfig DEFAULT = new RemoteWriteQueueConfig(null, null, null);
}
