package io.telegate.receiver.prometheus.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against {@link DnsResponder}: real DNS messages over UDP through the JDK's DNS client. */
class DnsDiscovererTest {

  private DnsResponder dns;
  private DiscoveryManager manager;
  private final AtomicReference<List<TargetGroup>> latest = new AtomicReference<>();

  @BeforeEach
  void startDns() throws Exception {
    dns = new DnsResponder();
  }

  @AfterEach
  void stop() throws Exception {
    if (manager != null) {
      manager.close();
    }
    dns.close();
  }

  private void discover(String type, int port, String... names) {
    DnsSdConfig config = new DnsSdConfig(List.of(names), type, port, Duration.ofMillis(100));
    manager = new DiscoveryManager(List.of(new DnsDiscoverer("dns_sd_configs[0]",
        DiscoveryContext.standalone("dns"), config, dns.url())), latest::set);
    manager.start();
  }

  private List<TargetGroup> awaitAddresses(String... addresses) {
    java.util.Set<String> want = new java.util.TreeSet<>(List.of(addresses));
    io.telegate.testing.Await.until("addresses " + want, FullSet.WAIT,
        () -> latest.get() != null && FullSet.addresses(latest.get()).equals(want), () -> "seen: " + latest.get());
    return latest.get();
  }

  @Test
  void srvRecordsGiveTheirTargetsAndPorts() throws Exception {
    dns.set("_metrics._tcp.example.test", DnsResponder.srv(10, 5, 9100, "node-a.example.test"),
        DnsResponder.srv(10, 5, 9200, "node-b.example.test"));
    discover("SRV", 0, "_metrics._tcp.example.test");
    List<TargetGroup> groups = awaitAddresses("node-a.example.test:9100", "node-b.example.test:9200");
    assertEquals("_metrics._tcp.example.test", groups.get(0).source());
    assertEquals(Map.of("__address__", "node-a.example.test:9100",
        "__meta_dns_name", "_metrics._tcp.example.test",
        "__meta_dns_srv_record_target", "node-a.example.test.",
        "__meta_dns_srv_record_port", "9100",
        "__meta_dns_mx_record_target", "",
        "__meta_dns_ns_record_target", ""), FullSet.merged(groups).get("node-a.example.test:9100"));
    dns.set("_metrics._tcp.example.test", DnsResponder.srv(10, 5, 9100, "node-a.example.test"));
    awaitAddresses("node-a.example.test:9100");
  }

  @Test
  void aAndAaaaRecordsUseTheConfiguredPort() throws Exception {
    dns.set("web.example.test", DnsResponder.a("10.0.0.1"), DnsResponder.a("10.0.0.2"),
        DnsResponder.aaaa("2001:db8::1"));
    discover("A", 8080, "web.example.test");
    awaitAddresses("10.0.0.1:8080", "10.0.0.2:8080");
    manager.close();
    discover("AAAA", 8080, "web.example.test");
    awaitAddresses("[2001:db8::1]:8080");
  }

  @Test
  void mxAndNsRecords() throws Exception {
    dns.set("example.test", DnsResponder.mx(10, "mail.example.test"), DnsResponder.ns("ns1.example.test"));
    discover("MX", 25, "example.test");
    List<TargetGroup> groups = awaitAddresses("mail.example.test:25");
    assertEquals("mail.example.test.", FullSet.merged(groups).get("mail.example.test:25").get("__meta_dns_mx_record_target"));
    manager.close();
    discover("NS", 53, "example.test");
    groups = awaitAddresses("ns1.example.test:53");
    assertEquals("ns1.example.test.", FullSet.merged(groups).get("ns1.example.test:53").get("__meta_dns_ns_record_target"));
  }

  @Test
  void aFailingServerKeepsTheLastTargetsAndAMissingNameHasNone() throws Exception {
    dns.set("web.example.test", DnsResponder.a("10.0.0.1"));
    dns.set("api.example.test", DnsResponder.a("10.0.0.9"));
    discover("A", 80, "web.example.test", "api.example.test");
    awaitAddresses("10.0.0.1:80", "10.0.0.9:80");
    dns.failing = true;
    int seen = dns.queries.get();
    io.telegate.testing.Await.until("lookups while failing", FullSet.WAIT, () -> dns.queries.get() >= seen + 6);
    assertEquals(java.util.Set.of("10.0.0.1:80", "10.0.0.9:80"), FullSet.addresses(latest.get()));
    dns.failing = false;
    dns.remove("api.example.test");
    awaitAddresses("10.0.0.1:80");
  }

  @Test
  void validatesTypeAndPort() {
    assertEquals(List.of(
        "dns_sd_configs[0]::names: DNS-SD config must contain at least one SRV record name",
        "dns_sd_configs[1]::type: invalid DNS-SD records type 'TXT' (expected: SRV, A, AAAA, MX or NS)",
        "dns_sd_configs[2]::port: a port is required in DNS-SD configs for all record types except SRV"),
        ServiceDiscovery.validate(ServiceDiscoveryTest.yaml("""
            dns_sd_configs:
              - {type: SRV}
              - {names: [a], type: TXT}
              - {names: [a], type: A}
            """), ""));
  }

  @Test
  void ipv6InItsShortForm() {
    assertEquals("2001:db8::1", DnsDiscoverer.ipv6("2001:db8:0:0:0:0:0:1"));
    assertEquals("::1", DnsDiscoverer.ipv6("0:0:0:0:0:0:0:1"));
    assertEquals("fe80::1:0:0:1", DnsDiscoverer.ipv6("fe80:0:0:0:1:0:0:1"));
    assertEquals("1:0:2:0:3:0:4:0", DnsDiscoverer.ipv6("1:0:2:0:3:0:4:0"));
  }
}
