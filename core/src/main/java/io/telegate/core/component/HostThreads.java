package io.telegate.core.component;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a host gives one component ({@link Host#threads}): daemon threads named {@code
 * telegate-<kind>-<id>-<n>}, numbered from 1, so a thread dump says whose thread it is and a
 * component's threads never keep the JVM alive.
 */
public final class HostThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger created = new AtomicInteger();

  /** Threads named {@code <prefix>-<n>}. */
  public HostThreads(String prefix) {
    this.prefix = prefix;
  }

  /** The threads of the component {@code id} of that kind: {@code telegate-exporter-loki/a-1}, ... */
  public static HostThreads of(ComponentKind kind, ComponentId id) {
    return new HostThreads("telegate-" + kind.label() + "-" + id);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, prefix + "-" + created.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
