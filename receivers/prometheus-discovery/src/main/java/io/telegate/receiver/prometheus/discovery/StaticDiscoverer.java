package io.telegate.receiver.prometheus.discovery;

import java.util.List;
import java.util.function.Consumer;

/** {@code static_configs}: the groups as written, sent once at start ({@code source} is the index). */
final class StaticDiscoverer implements Discoverer {

  private final String name;
  private final List<TargetGroup> groups;

  StaticDiscoverer(String name, List<TargetGroup> groups) {
    this.name = name;
    this.groups = List.copyOf(groups);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(Consumer<List<TargetGroup>> updates) {
    updates.accept(groups);
  }

  @Override
  public void close() {}
}
