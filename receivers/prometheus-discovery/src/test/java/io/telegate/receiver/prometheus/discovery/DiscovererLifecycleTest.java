package io.telegate.receiver.prometheus.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What every discoverer promises about its lifecycle, whatever its kind. */
class DiscovererLifecycleTest {

  /** One entry of each kind, pointing nowhere that answers (port 9 on loopback refuses). */
  private static final String ALL_KINDS = """
      static_configs: [{targets: ['a:1']}]
      file_sd_configs: [{files: ['/nonexistent/telegate-sd/*.json']}]
      http_sd_configs: [{url: 'http://127.0.0.1:9/sd'}]
      dns_sd_configs: [{names: [nonexistent.invalid], type: A, port: 80}]
      kubernetes_sd_configs: [{role: pod, api_server: 'http://127.0.0.1:9'}]
      """;

  private static List<Discoverer> all() {
    return ServiceDiscovery.create(ServiceDiscoveryTest.yaml(ALL_KINDS), DiscoveryContext.standalone("life"));
  }

  @Test
  void createsOneDiscovererPerEntryInKeyOrder() {
    List<String> names = all().stream().map(Discoverer::name).toList();
    assertEquals(List.of("static_configs", "file_sd_configs[0]", "http_sd_configs[0]", "dns_sd_configs[0]",
        "kubernetes_sd_configs[0]"), names);
  }

  @Test
  void closeIsSafeBeforeStartAndTwice() {
    for (Discoverer d : all()) {
      d.close();
      d.close();
    }
  }

  @Test
  void everyKindReportsOnceEvenWhenItsSourceIsUnreachable() {
    List<String> reported = new CopyOnWriteArrayList<>();
    List<Discoverer> discoverers = all();
    for (Discoverer d : discoverers) {
      d.start(update -> reported.add(d.name()));
    }
    io.telegate.testing.Await.until("every discoverer's first update", FullSet.WAIT,
        () -> new java.util.HashSet<>(reported).size() == discoverers.size(), reported::toString);
    discoverers.forEach(Discoverer::close);
  }
}
