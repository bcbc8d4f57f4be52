package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.telemetry.GatewayLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A discoverer that reads its whole state again and again on a thread of its own (a refresh every
 * {@code refresh_interval}, or sooner when {@link #awaitNext} is woken), and sends what changed
 * since the last call: groups that are new or differ, and empty groups for sources that are gone.
 */
abstract class RefreshingDiscoverer implements Discoverer {

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

  protected final String name;
  protected final DiscoveryContext ctx;
  protected final GatewayLogger log;
  protected final Duration refreshInterval;

  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private final Map<String, TargetGroup> sent = new LinkedHashMap<>();
  /** Guarded by {@link #lock}. */
  private boolean closed;
  private boolean sentOnce;
  private Consumer<List<TargetGroup>> updates;
  private Thread thread;

  RefreshingDiscoverer(String name, DiscoveryContext ctx, Duration refreshInterval) {
    this.name = name;
    this.ctx = ctx;
    this.log = ctx.log().with("discovery", name);
    this.refreshInterval = refreshInterval;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(Consumer<List<TargetGroup>> updates) {
    synchronized (lock) {
      if (closed || this.updates != null) {
        return;
      }
      this.updates = updates;
      thread = ctx.threads().newThread(this::loop);
      thread.start();
    }
  }

  private void loop() {
    while (!isClosed()) {
      try {
        Collection<TargetGroup> groups = refresh();
        if (groups != null) {
          publish(groups);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        log.rateLimited(GatewayLogger.Level.WARN, "sd-refresh/" + name + "/" + System.identityHashCode(this),
            LOG_INTERVAL, "service discovery refresh failed, keeping the last targets", e, "error", e.toString());
        publishFirstIfNone();
      }
      try {
        awaitNext();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Reads the current state: every group this discoverer knows now, or null when nothing should be
   * sent. Throws when the read failed as a whole (then the last groups stay).
   */
  protected abstract Collection<TargetGroup> refresh() throws Exception;

  /** Waits until the next refresh is due; the default waits {@code refresh_interval}. */
  protected void awaitNext() throws InterruptedException {
    Thread.sleep(Math.max(1, refreshInterval.toMillis()));
  }

  /** Called once on this discoverer's thread when it stops. */
  protected void onClose() {}

  protected final boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void publishFirstIfNone() {
    synchronized (lock) {
      if (!sentOnce && !closed) {
        sentOnce = true;
        updates.accept(List.of());
      }
    }
  }

  /** Sends the difference between {@code current} (the whole state) and what was sent before. */
  private void publish(Collection<TargetGroup> current) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      Map<String, TargetGroup> now = new LinkedHashMap<>();
      for (TargetGroup g : current) {
        now.put(g.source(), g);
      }
      List<TargetGroup> changes = new ArrayList<>();
      for (TargetGroup g : now.values()) {
        if (!g.equals(sent.get(g.source()))) {
          changes.add(g);
        }
      }
      for (String gone : sent.keySet()) {
        if (!now.containsKey(gone)) {
          changes.add(TargetGroup.empty(gone));
        }
      }
      sent.clear();
      now.forEach((source, g) -> {
        if (!g.isEmpty()) {
          sent.put(source, g);
        }
      });
      if (!changes.isEmpty() || !sentOnce) {
        sentOnce = true;
        updates.accept(List.copyOf(changes));
      }
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
    }
    onClose();
  }
}
