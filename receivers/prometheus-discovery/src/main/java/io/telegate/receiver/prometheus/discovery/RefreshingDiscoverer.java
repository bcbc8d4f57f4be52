package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A discoverer that reads its whole state again every {@code refresh_interval} (or sooner when
 * {@link #changedSinceLastRefresh} says so at a check), and sends what changed since the last call:
 * groups that are new or differ, and empty groups for sources that are gone.
 *
 * <p>No thread of its own: the host's timer ({@link DiscoveryContext#scheduler()}) says when the
 * next check is due and hands it to {@link DiscoveryContext#executor()}, where the read runs. Each
 * check schedules the next one when it is done, so a discoverer never runs two at once.
 */
abstract class RefreshingDiscoverer implements Discoverer {

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

  protected final String name;
  protected final DiscoveryContext ctx;
  protected final GatewayLogger log;
  protected final Duration refreshInterval;

  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private boolean closed;
  private GroupPublisher publisher;
  private Scheduler.Cancellable pending;
  /** When the last refresh began, on the scheduler's clock; touched by the one check under way only. */
  private long lastRefreshNanos;

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
      if (closed || publisher != null) {
        return;
      }
      publisher = new GroupPublisher(updates);
    }
    handOver(this::refreshNow);
  }

  /** Runs {@code work} on the executor, unless closed (or the executor is). */
  private void handOver(Runnable work) {
    if (isClosed()) {
      return;
    }
    try {
      ctx.executor().execute(work);
    } catch (RejectedExecutionException e) {
      // The receiver is stopping.
    }
  }

  private void check() {
    if (isClosed()) {
      return;
    }
    boolean due = ctx.scheduler().nanoTime() - lastRefreshNanos >= refreshInterval.toNanos();
    if (due || changedSinceLastRefresh()) {
      refreshNow();
    } else {
      scheduleNextCheck();
    }
  }

  private void refreshNow() {
    if (isClosed()) {
      return;
    }
    lastRefreshNanos = ctx.scheduler().nanoTime();
    try {
      Collection<TargetGroup> groups = refresh();
      if (groups != null) {
        publisher.publish(groups);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      log.rateLimited(GatewayLogger.Level.WARN, "sd-refresh/" + name + "/" + System.identityHashCode(this),
          LOG_INTERVAL, "service discovery refresh failed, keeping the last targets", e, "error", e.toString());
      publisher.publishFirstIfNone();
    }
    scheduleNextCheck();
  }

  private void scheduleNextCheck() {
    Duration delay = checkInterval();
    synchronized (lock) {
      if (closed) {
        return;
      }
      pending = ctx.scheduler().schedule(() -> handOver(this::check), delay);
    }
  }

  /**
   * Reads the current state: every group this discoverer knows now, or null when nothing should be
   * sent. Throws when the read failed as a whole (then the last groups stay).
   */
  protected abstract Collection<TargetGroup> refresh() throws Exception;

  /** How often to look whether a refresh is due; the default is {@code refresh_interval}. */
  protected Duration checkInterval() {
    return refreshInterval.isZero() ? Duration.ofSeconds(1) : refreshInterval;
  }

  /** Whether what this discoverer reads changed since its last refresh (a file watch); must not block. */
  protected boolean changedSinceLastRefresh() {
    return false;
  }

  /** Called once when it stops. */
  protected void onClose() {}

  protected final boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  @Override
  public void close() {
    GroupPublisher p;
    Scheduler.Cancellable c;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      p = publisher;
      c = pending;
    }
    if (c != null) {
      c.cancel();
    }
    if (p != null) {
      p.close();
    }
    onClose();
  }
}
