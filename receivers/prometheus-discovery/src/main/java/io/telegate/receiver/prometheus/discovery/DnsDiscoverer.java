package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.telemetry.GatewayLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Looks up the {@code names} of a {@code dns_sd_configs} entry every {@code refresh_interval}
 * through the JDK's DNS client (JNDI's {@code dns:} provider: the system's resolvers, real DNS over
 * UDP and TCP). One group per name (source: the name); every target has {@code __meta_dns_name},
 * {@code __meta_dns_srv_record_target}, {@code __meta_dns_srv_record_port}, {@code
 * __meta_dns_mx_record_target} and {@code __meta_dns_ns_record_target} (empty where they do not
 * apply), as Prometheus sets them. A name that does not exist has no targets; a lookup that fails
 * otherwise keeps that name's last targets.
 */
final class DnsDiscoverer extends RefreshingDiscoverer {

  static final String NAME = "__meta_dns_name";
  static final String SRV_TARGET = "__meta_dns_srv_record_target";
  static final String SRV_PORT = "__meta_dns_srv_record_port";
  static final String MX_TARGET = "__meta_dns_mx_record_target";
  static final String NS_TARGET = "__meta_dns_ns_record_target";

  private final DnsSdConfig config;
  private final String server;
  private final Map<String, TargetGroup> last = new HashMap<>();

  /** @param server a {@code dns://host:port} server to ask instead of the system's resolvers (tests), or null */
  DnsDiscoverer(String name, DiscoveryContext ctx, DnsSdConfig config, String server) {
    super(name, ctx, config.refreshInterval());
    this.config = config;
    this.server = server;
  }

  @Override
  protected Collection<TargetGroup> refresh() throws NamingException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    env.put("java.naming.provider.url", server == null ? "dns:" : server);
    env.put("com.sun.jndi.dns.timeout.initial", "2000");
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    DirContext dns = new InitialDirContext(env);
    try {
      List<TargetGroup> groups = new ArrayList<>();
      for (String name : config.names()) {
        try {
          TargetGroup g = lookup(dns, name);
          last.put(name, g);
          groups.add(g);
        } catch (NameNotFoundException e) {
          last.remove(name);
          groups.add(TargetGroup.empty(name));
        } catch (NamingException | RuntimeException e) {
          log.rateLimited(GatewayLogger.Level.ERROR, "dns-sd/" + name, Duration.ofSeconds(30),
              "DNS service discovery lookup failed, keeping its last targets", null, "name", name,
              "error", e.toString());
          TargetGroup g = last.get(name);
          if (g != null) {
            groups.add(g);
          }
        }
      }
      return groups;
    } finally {
      dns.close();
    }
  }

  private TargetGroup lookup(DirContext dns, String name) throws NamingException {
    String type = config.type();
    Attributes attrs = dns.getAttributes(name, new String[] {type});
    Attribute records = attrs.get(type);
    List<Map<String, String>> targets = new ArrayList<>();
    if (records != null) {
      NamingEnumeration<?> all = records.getAll();
      while (all.hasMore()) {
        String record = all.next().toString().strip();
        Map<String, String> t = new HashMap<>();
        t.put(NAME, name);
        t.put(SRV_TARGET, "");
        t.put(SRV_PORT, "");
        t.put(MX_TARGET, "");
        t.put(NS_TARGET, "");
        String[] parts = record.split("\\s+");
        switch (type) {
          case "SRV" -> {
            // priority weight port target
            String target = parts[3];
            t.put(SRV_TARGET, target);
            t.put(SRV_PORT, parts[2]);
            t.put(TargetGroup.ADDRESS, KubernetesTargets.hostPort(trimDot(target), Integer.parseInt(parts[2])));
          }
          case "MX" -> {
            // preference exchange
            t.put(MX_TARGET, parts[1]);
            t.put(TargetGroup.ADDRESS, KubernetesTargets.hostPort(trimDot(parts[1]), config.port()));
          }
          case "NS" -> {
            t.put(NS_TARGET, parts[0]);
            t.put(TargetGroup.ADDRESS, KubernetesTargets.hostPort(trimDot(parts[0]), config.port()));
          }
          case "AAAA" -> t.put(TargetGroup.ADDRESS, KubernetesTargets.hostPort(ipv6(parts[0]), config.port()));
          default -> t.put(TargetGroup.ADDRESS, KubernetesTargets.hostPort(parts[0], config.port()));
        }
        targets.add(t);
      }
    }
    return new TargetGroup(name, targets, Map.of());
  }

  /** An IPv6 address in its short form ({@code 2001:db8::1}, RFC 5952), as Go prints it. */
  static String ipv6(String text) {
    String[] groups = text.split(":", -1);
    if (groups.length != 8 || text.contains("::")) {
      return text;
    }
    int bestAt = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
      if (i < 7) {
        sb.append(':');
      }
    }
    return sb.toString();
  }

  private static String trimDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}
