package io.telegate.exporter.file;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One signal's way into the exporter's shared {@link FileSink}. A write that fails (a full disk,
 * a record larger than the rotation size) fails the request permanently: the exporter has no
 * retry, as the Collector's has none. Items dropped by {@code group_by} for want of the resource
 * attribute are counted in {@code telegate_exporter_file_dropped_<items>} and logged.
 */
final class FileSender<T extends TelemetryData<?>> implements Sender<T> {

  private final ComponentId id;
  private final Signal signal;
  private final FileSink sink;
  private Counter dropped;
  private GatewayLogger log = GatewayLogger.root();
  private final AtomicBoolean holdsSink = new AtomicBoolean();

  FileSender(ComponentId id, Signal signal, FileSink sink) {
    this.id = id;
    this.signal = signal;
    this.sink = sink;
  }

  @Override
  public void start(Host host) throws Exception {
    log = host.logger(ComponentKind.EXPORTER, id).with("otel.signal", signal.id());
    dropped = host.metrics().counter("telegate_exporter_file_dropped_" + signal.itemName(),
        "Number of " + signal.itemName() + " the file exporter dropped because their resource lacks the group_by "
            + "attribute.", "exporter", id.toString());
    sink.start(host);
    holdsSink.set(true);
  }

  @Override
  public CompletableFuture<Void> send(T data) {
    try {
      int n = sink.write(data);
      if (n > 0) {
        dropped.add(n);
        log.rateLimited(GatewayLogger.Level.WARN, "group-by-missing", Duration.ofMinutes(1),
            "dropped items whose resource has no string value for the group_by attribute", null,
            "items", String.valueOf(n));
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(ConsumerException.permanent("cannot write to file: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(ConsumerException.permanent("cannot write to file: " + e, e));
    }
  }

  @Override
  public void shutdown() {
    if (holdsSink.compareAndSet(true, false)) {
      sink.shutdown();
    }
  }
}
