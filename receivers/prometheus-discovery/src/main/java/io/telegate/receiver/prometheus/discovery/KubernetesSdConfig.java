package io.telegate.receiver.prometheus.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubernetes_sd_configs}: {@code role}, {@code api_server} or {@code kubeconfig_file} (or
 * neither: in-cluster), {@code namespaces} ({@code names}, {@code own_namespace}), {@code
 * selectors} ({@code role}, {@code label}, {@code field}), {@code attach_metadata} ({@code node},
 * {@code namespace}) and Prometheus's HTTP client keys, with Prometheus's validation rules.
 *
 * @param apiServer the API server's URL, or null
 * @param kubeconfigFile a kubeconfig file, or null
 * @param namespaces the namespaces to watch; empty: all
 * @param ownNamespace whether the namespace this process runs in is watched too
 * @param selectors label and field selectors by the role of the objects they select
 */
record KubernetesSdConfig(Role role, URI apiServer, String kubeconfigFile, List<String> namespaces,
    boolean ownNamespace, Map<Role, Selector> selectors, boolean attachNode, boolean attachNamespace,
    PrometheusHttpClientConfig http) implements SdConfig {

  /** The kinds of objects a config discovers (and selectors select). */
  enum Role {
    POD("pod"), SERVICE("service"), ENDPOINTS("endpoints"), ENDPOINTSLICE("endpointslice"), NODE("node");

    final String key;

    Role(String key) {
      this.key = key;
    }

    static Role of(String key) {
      for (Role r : values()) {
        if (r.key.equals(key)) {
          return r;
        }
      }
      return null;
    }

    /** The selector roles a discovery role accepts, as Prometheus's. */
    Set<Role> selectable() {
      return switch (this) {
        case POD -> Set.of(POD);
        case SERVICE -> Set.of(SERVICE);
        case ENDPOINTS -> Set.of(POD, SERVICE, ENDPOINTS);
        case ENDPOINTSLICE -> Set.of(POD, SERVICE, ENDPOINTSLICE);
        case NODE -> Set.of(NODE);
      };
    }
  }

  /** A {@code selectors} entry: a label selector and a field selector in the API's syntax, each possibly null. */
  record Selector(String label, String field) {}

  static SdConfig parse(YamlNode n) {
    Set<String> known = new HashSet<>(DiscoveryKeys.children(DiscoveryKeys.KUBERNETES_SD, ""));
    known.addAll(PrometheusHttpClientConfig.UNSUPPORTED_KEYS);
    n.allowOnly(known, Set.of());
    String roleText = n.string("role", null);
    Role role = roleText == null ? null : Role.of(roleText);
    if (roleText == null) {
      n.error("role", "role missing (one of: pod, service, endpoints, endpointslice, node)");
    } else if (roleText.equals("ingress")) {
      n.error("role", "role 'ingress' is not supported by Telegate yet");
    } else if (role == null) {
      n.error("role", "unknown Kubernetes SD role '" + roleText + "' (expected: pod, service, endpoints,"
          + " endpointslice or node)");
    }
    URI apiServer = null;
    String api = n.string("api_server", null);
    if (api != null && !api.isBlank()) {
      try {
        apiServer = URI.create(api.strip());
        if (!("http".equalsIgnoreCase(apiServer.getScheme()) || "https".equalsIgnoreCase(apiServer.getScheme()))
            || apiServer.getHost() == null) {
          n.error("api_server", "'" + api + "' (expected: an http(s) URL such as https://kubernetes.default.svc)");
        }
      } catch (IllegalArgumentException e) {
        n.error("api_server", "not a URL: " + e.getMessage());
      }
    }
    String kubeconfig = n.string("kubeconfig_file", null);
    boolean customHttp = PrometheusHttpClientConfig.KEYS.stream().anyMatch(n::has);
    if (api != null && kubeconfig != null) {
      n.error(null, "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    }
    if (kubeconfig != null && customHttp) {
      n.error(null, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    }
    if (api == null && kubeconfig == null && customHttp) {
      n.error(null, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    }
    List<String> names = List.of();
    boolean own = false;
    YamlNode ns = n.node("namespaces");
    if (ns != null) {
      ns.allowOnly(DiscoveryKeys.children(DiscoveryKeys.KUBERNETES_SD, "namespaces"), Set.of());
      names = ns.strings("names");
      own = ns.bool("own_namespace", false);
    }
    if (own && api != null) {
      n.error(null, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    }
    Map<Role, Selector> selectors = new java.util.EnumMap<>(Role.class);
    for (YamlNode s : n.nodes("selectors")) {
      s.allowOnly(DiscoveryKeys.children(DiscoveryKeys.KUBERNETES_SD, "selectors[]"), Set.of());
      String sr = s.string("role", null);
      Role selRole = sr == null ? null : Role.of(sr);
      if (selRole == null) {
        s.error("role", sr == null ? "role missing" : "unknown selector role '" + sr + "'");
        continue;
      }
      if (role != null && !role.selectable().contains(selRole)) {
        List<String> allowed = new ArrayList<>();
        for (Role r : Role.values()) {
          if (role.selectable().contains(r)) {
            allowed.add(r.key);
          }
        }
        s.error("role", role.key + " role supports only " + String.join(", ", allowed) + " selectors");
      }
      if (selectors.containsKey(selRole)) {
        s.error("role", "duplicated selector role: " + sr);
      }
      String label = s.string("label", null);
      String field = s.string("field", null);
      if (field != null) {
        try {
          FieldSelector.parse(field);
        } catch (IllegalArgumentException e) {
          s.error("field", e.getMessage());
        }
      }
      selectors.put(selRole, new Selector(blankToNull(label), blankToNull(field)));
    }
    boolean attachNode = false;
    boolean attachNamespace = false;
    YamlNode attach = n.node("attach_metadata");
    if (attach != null) {
      attach.allowOnly(DiscoveryKeys.children(DiscoveryKeys.KUBERNETES_SD, "attach_metadata"), Set.of());
      attachNode = attach.bool("node", false);
      attachNamespace = attach.bool("namespace", false);
    }
    return new KubernetesSdConfig(role, apiServer, kubeconfig, names, own, selectors, attachNode, attachNamespace,
        PrometheusHttpClientConfig.parse(n));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public Discoverer create(String name, DiscoveryContext ctx) {
    return new KubernetesDiscoverer(name, ctx, this);
  }
}
