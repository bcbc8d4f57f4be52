package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.time.Scheduler;
import io.telegate.core.time.SystemScheduler;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * What discoverers take from their receiver: the host's timer, an executor for the refreshes, the
 * host's threads for the component, its logger, and the clock.
 *
 * @param scheduler the host's timer ({@code Host.scheduler()}): when a refreshing discoverer's next
 *     read is due; it only hands the read over to {@code executor}
 * @param executor where reads, requests and lookups run (they may block for up to their timeout);
 *     the receiver's discovery workers, shared by all its discoverers
 * @param threads makes the threads a client library needs of its own ({@code Host.threads(kind, id)}):
 *     a Kubernetes discoverer's event thread
 * @param log the receiver's logger; each discoverer adds its {@code name}
 * @param clock the host's clock
 */
public record DiscoveryContext(
    Scheduler scheduler, Executor executor, ThreadFactory threads, GatewayLogger log, Clock clock) {

  /** A timer and workers on daemon threads, the root logger and the system clock: for tests and tools. */
  public static DiscoveryContext standalone(String name) {
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "telegate-sd-" + name);
      t.setDaemon(true);
      return t;
    };
    return new DiscoveryContext(new SystemScheduler("telegate-sd-timer-" + name), Executors.newCachedThreadPool(threads),
        threads, GatewayLogger.root().with("component", name), Clock.systemUTC());
  }
}
