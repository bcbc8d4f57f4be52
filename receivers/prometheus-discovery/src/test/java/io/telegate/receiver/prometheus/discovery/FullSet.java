package io.telegate.receiver.prometheus.discovery;

import io.telegate.testing.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Runs a scrape config's discoverers under a {@link DiscoveryManager} and lets a test wait for the full set. */
final class FullSet implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  private final DiscoveryManager manager;
  private volatile List<TargetGroup> latest;
  private volatile int calls;

  FullSet(Map<String, ?> scrapeConfig, String name) {
    manager = new DiscoveryManager(ServiceDiscovery.create(scrapeConfig, DiscoveryContext.standalone(name)), set -> {
      latest = set;
      calls++;
    });
    manager.start();
  }

  int calls() {
    return calls;
  }

  List<TargetGroup> await(String what, Predicate<List<TargetGroup>> condition) {
    Await.until(what, WAIT, () -> latest != null && condition.test(latest), () -> "seen: " + latest);
    return latest;
  }

  /** Waits until the targets' addresses are exactly {@code addresses}. */
  List<TargetGroup> awaitAddresses(String... addresses) {
    Set<String> want = new TreeSet<>(List.of(addresses));
    return await("addresses " + want, set -> addresses(set).equals(want));
  }

  static Set<String> addresses(List<TargetGroup> set) {
    Set<String> out = new TreeSet<>();
    for (TargetGroup g : set) {
      g.targets().forEach(t -> out.add(t.get(TargetGroup.ADDRESS)));
    }
    return out;
  }

  /** Each target's labels merged with its group's, as relabeling sees them, by address. */
  static Map<String, Map<String, String>> merged(List<TargetGroup> set) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (TargetGroup g : set) {
      for (Map<String, String> t : g.targets()) {
        Map<String, String> m = new HashMap<>(g.labels());
        m.putAll(t);
        out.put(t.get(TargetGroup.ADDRESS), m);
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
