package io.telegate.receiver.prometheus.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a discoverer's whole current state into the incremental updates {@link Discoverer}
 * promises: groups that are new or differ, and empty groups for sources that are gone; the first
 * call always comes, possibly empty. Calls are serialised, and none comes after {@link #close()}.
 */
final class GroupPublisher {

  private final Consumer<List<TargetGroup>> updates;
  /** Guarded by this. */
  private final Map<String, TargetGroup> sent = new LinkedHashMap<>();
  private boolean sentOnce;
  private boolean closed;

  GroupPublisher(Consumer<List<TargetGroup>> updates) {
    this.updates = updates;
  }

  /** Sends the difference between {@code current} (every group known now) and what was sent before. */
  synchronized void publish(Collection<TargetGroup> current) {
    if (closed) {
      return;
    }
    Map<String, TargetGroup> now = new LinkedHashMap<>();
    for (TargetGroup g : current) {
      now.put(g.source(), g);
    }
    List<TargetGroup> changes = new ArrayList<>();
    for (TargetGroup g : now.values()) {
      TargetGroup before = sent.get(g.source());
      if (before == null ? !g.isEmpty() : !g.equals(before)) {
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

  /** Sends an empty first update unless one was sent: the first read failed. */
  synchronized void publishFirstIfNone() {
    if (!sentOnce && !closed) {
      sentOnce = true;
      updates.accept(List.of());
    }
  }

  /** No call after this returns (a call under way finishes first). */
  synchronized void close() {
    closed = true;
  }
}
