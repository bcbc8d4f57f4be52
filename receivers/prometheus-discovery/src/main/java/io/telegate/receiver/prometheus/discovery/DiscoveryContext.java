package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.telemetry.GatewayLogger;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;

/**
 * What discoverers take from their receiver: the host's threads for the component, its logger,
 * and the clock.
 *
 * @param threads makes each discoverer's thread ({@code Host.threads(kind, id)})
 * @param log the receiver's logger; each discoverer adds its {@code name}
 * @param clock the host's clock
 */
public record DiscoveryContext(ThreadFactory threads, GatewayLogger log, Clock clock) {

  /** Daemon threads, the root logger and the system clock: for tests and tools. */
  public static DiscoveryContext standalone(String name) {
    return new DiscoveryContext(r -> {
      Thread t = new Thread(r, "telegate-sd-" + name);
      t.setDaemon(true);
      return t;
    }, GatewayLogger.root().with("component", name), Clock.systemUTC());
  }
}
