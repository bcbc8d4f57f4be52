package io.telegate.testing;

import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time: nothing runs until the test calls {@link #advance}, so
 * retry and timeout tests are instant and exact.
 */
public final class ManualScheduler implements Scheduler {

  private record Task(long due, long order, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>(
      (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long now;
  private long order;

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now + Math.max(0, delay.toNanos()), order++, task, cancelled));
    notifyAll();
    return () -> {
      synchronized (ManualScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Moves time forward, running every task that falls due, in order. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = next.due;
        if (next.cancelled[0]) {
          continue;
        }
      }
      next.run.run();
    }
  }

  /** Delays of the tasks still waiting, from now, in due order; cancelled ones left out. */
  public synchronized List<Duration> pendingDelays() {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort((a, b) -> Long.compare(a.due, b.due));
    List<Duration> out = new ArrayList<>();
    for (Task t : sorted) {
      if (!t.cancelled[0]) {
        out.add(Duration.ofNanos(t.due - now));
      }
    }
    return out;
  }
}
