package io.telegate.receiver.prometheus.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The discoverers of one scrape config folded into its full set of target groups, as Prometheus's
 * discovery manager keeps them per job: each discoverer's incremental updates replace its groups
 * by source, and every change hands the listener the whole current set.
 *
 * <p>The listener is called on the thread of the discoverer that changed something (for {@code
 * static_configs}, within {@link #start}), one call at a time, with an unmodifiable list of every
 * non-empty group of every discoverer (in discoverer order, then in the order groups were first
 * seen); never after {@link #close()} returned. The first call comes once every discoverer has
 * reported once, so that a scrape config does not briefly see only its fastest discoverer's
 * targets; later calls come on every change.
 */
public final class DiscoveryManager implements AutoCloseable {

  private final List<Discoverer> discoverers;
  private final Consumer<List<TargetGroup>> listener;
  /** Guarded by this; per discoverer, its groups by source. */
  private final List<Map<String, TargetGroup>> groups = new ArrayList<>();
  private final boolean[] reported;
  private int notReported;
  private boolean closed;

  /**
   * @param discoverers what {@link ServiceDiscovery#create} made; this manager starts and closes them
   * @param listener receives the full set (see the type's documentation)
   */
  public DiscoveryManager(List<Discoverer> discoverers, Consumer<List<TargetGroup>> listener) {
    this.discoverers = List.copyOf(discoverers);
    this.listener = listener;
    this.reported = new boolean[discoverers.size()];
    this.notReported = discoverers.size();
    for (int i = 0; i < discoverers.size(); i++) {
      groups.add(new LinkedHashMap<>());
    }
  }

  /** Starts every discoverer; with none, the listener gets an empty set at once. */
  public void start() {
    if (discoverers.isEmpty()) {
      listener.accept(List.of());
      return;
    }
    for (int i = 0; i < discoverers.size(); i++) {
      int index = i;
      discoverers.get(i).start(update -> apply(index, update));
    }
  }

  private synchronized void apply(int index, List<TargetGroup> update) {
    if (closed) {
      return;
    }
    Map<String, TargetGroup> mine = groups.get(index);
    for (TargetGroup g : update) {
      if (g.isEmpty()) {
        mine.remove(g.source());
      } else {
        mine.put(g.source(), g);
      }
    }
    if (!reported[index]) {
      reported[index] = true;
      notReported--;
    }
    if (notReported == 0) {
      listener.accept(current());
    }
  }

  /** The full set now: every non-empty group of every discoverer. */
  public synchronized List<TargetGroup> current() {
    List<TargetGroup> all = new ArrayList<>();
    groups.forEach(m -> all.addAll(m.values()));
    return List.copyOf(all);
  }

  /** Closes every discoverer; safe twice. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Discoverer d : discoverers) {
      d.close();
    }
  }
}
