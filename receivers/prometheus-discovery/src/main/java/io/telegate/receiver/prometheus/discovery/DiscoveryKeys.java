package io.telegate.receiver.prometheus.discovery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every key the discovery readers and the HTTP client reader accept, with its default ({@code ""}:
 * unset), declared once: the readers allow exactly the keys listed here, and the generated component
 * docs list them ({@code io.telegate.core.component.DocumentedKeys}). Paths use {@code .} between
 * levels and {@code []} for the items of a list.
 */
public final class DiscoveryKeys {

  /** Prometheus's HTTP client keys, as a scrape config, {@code http_sd_configs} and {@code kubernetes_sd_configs} take them. */
  public static final Map<String, String> HTTP_CLIENT = ordered(
      "basic_auth", "",
      "basic_auth.username", "",
      "basic_auth.username_file", "",
      "basic_auth.password", "",
      "basic_auth.password_file", "",
      "authorization", "",
      "authorization.type", "Bearer",
      "authorization.credentials", "",
      "authorization.credentials_file", "",
      "bearer_token", "",
      "bearer_token_file", "",
      "tls_config", "",
      "tls_config.ca", "",
      "tls_config.ca_file", "",
      "tls_config.cert", "",
      "tls_config.cert_file", "",
      "tls_config.key", "",
      "tls_config.key_file", "",
      "tls_config.server_name", "",
      "tls_config.insecure_skip_verify", "false",
      "tls_config.min_version", "TLS12",
      "tls_config.max_version", "",
      "proxy_url", "",
      "follow_redirects", "true",
      "enable_http2", "true");

  /** One {@code static_configs} entry. */
  public static final Map<String, String> STATIC = ordered("targets", "", "labels", "");

  /** One {@code file_sd_configs} entry. */
  public static final Map<String, String> FILE_SD = ordered("files", "", "refresh_interval", "5m");

  /** One {@code http_sd_configs} entry. */
  public static final Map<String, String> HTTP_SD = with(ordered("url", "", "refresh_interval", "60s"), HTTP_CLIENT);

  /** One {@code dns_sd_configs} entry. */
  public static final Map<String, String> DNS_SD = ordered("names", "", "type", "SRV", "port", "",
      "refresh_interval", "30s");

  /** One {@code kubernetes_sd_configs} entry. */
  public static final Map<String, String> KUBERNETES_SD = with(ordered(
      "role", "",
      "api_server", "",
      "kubeconfig_file", "",
      "namespaces", "",
      "namespaces.names", "",
      "namespaces.own_namespace", "false",
      "selectors", "",
      "selectors[].role", "",
      "selectors[].label", "",
      "selectors[].field", "",
      "attach_metadata", "",
      "attach_metadata.node", "false",
      "attach_metadata.namespace", "false"), HTTP_CLIENT);

  private DiscoveryKeys() {}

  /**
   * The keys one level below {@code path} in {@code keys} ({@code ""}: the top level; a list's items
   * as {@code "selectors[]"}): what a reader of the mapping at {@code path} allows.
   */
  static Set<String> children(Map<String, String> keys, String path) {
    String prefix = path.isEmpty() ? "" : path + ".";
    Set<String> out = new LinkedHashSet<>();
    for (String key : keys.keySet()) {
      if (key.startsWith(prefix)) {
        String rest = key.substring(prefix.length());
        if (!rest.contains(".") && !rest.contains("[")) {
          out.add(rest);
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  private static Map<String, String> ordered(String... keysAndDefaults) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndDefaults.length; i += 2) {
      m.put(keysAndDefaults[i], keysAndDefaults[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, String> with(Map<String, String> first, Map<String, String> then) {
    Map<String, String> m = new LinkedHashMap<>(first);
    m.putAll(then);
    return Collections.unmodifiableMap(m);
  }
}
