package io.telegate.receiver.prometheus.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The entry point: reads the service discovery part of one Prometheus scrape config ({@code
 * static_configs} and every {@code *_sd_configs} key, in Prometheus's own format) and makes its
 * {@link Discoverer}s.
 *
 * <p>The receiver hands over the scrape config's whole YAML mapping (values as the YAML reader
 * gives them: strings, numbers, booleans, lists, mappings) and leaves every key for which {@link
 * #isDiscoveryKey} is true to this class. {@link #validate} reports every problem of those keys
 * with its YAML path; {@link #create} has no side effects (no thread, file or connection until a
 * discoverer's {@link Discoverer#start start}).
 *
 * <p>Supported: {@code static_configs}, {@code file_sd_configs}, {@code http_sd_configs}, {@code
 * dns_sd_configs}, {@code kubernetes_sd_configs}; any other {@code *_sd_configs} key (consul, ec2,
 * ...) is refused as not supported.
 */
public final class ServiceDiscovery {

  private static final String STATIC = "static_configs";

  /** The supported {@code *_sd_configs} keys, in the order their discoverers are made. */
  private static final Map<String, Function<YamlNode, SdConfig>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("file_sd_configs", FileSdConfig::parse);
    KINDS.put("http_sd_configs", HttpSdConfig::parse);
  }

  private ServiceDiscovery() {}

  /** Whether a scrape config key belongs to service discovery: {@code static_configs} or {@code *_sd_configs}. */
  public static boolean isDiscoveryKey(String key) {
    return key.equals(STATIC) || key.endsWith("_sd_configs");
  }

  /**
   * Every problem of the discovery keys of {@code scrapeConfig}, each as {@code path: message}
   * with the YAML path under {@code path} ({@code
   * receivers::prometheus::config::scrape_configs[0]::file_sd_configs[1]::files: ...}); empty when
   * valid. Other keys of the mapping are not looked at.
   */
  public static List<String> validate(Map<String, ?> scrapeConfig, String path) {
    List<String> errors = new ArrayList<>();
    parse(scrapeConfig, path, errors);
    return errors;
  }

  /**
   * The discoverers of {@code scrapeConfig}, one per {@code *_sd_configs} entry and one for all of
   * {@code static_configs}, in key order; none started.
   *
   * @throws IllegalArgumentException with every problem {@link #validate} would report
   */
  public static List<Discoverer> create(Map<String, ?> scrapeConfig, DiscoveryContext ctx) {
    List<String> errors = new ArrayList<>();
    List<Named> configs = parse(scrapeConfig, "", errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    List<Discoverer> out = new ArrayList<>();
    for (Named n : configs) {
      out.add(n.config().create(n.name(), ctx));
    }
    return out;
  }

  private record Named(String name, SdConfig config) {}

  private static List<Named> parse(Map<String, ?> scrapeConfig, String path, List<String> errors) {
    YamlNode root = new YamlNode(scrapeConfig, path, errors);
    List<Named> out = new ArrayList<>();
    for (String key : new java.util.TreeSet<>(scrapeConfig.keySet())) {
      if (isDiscoveryKey(key) && !key.equals(STATIC) && !KINDS.containsKey(key)) {
        root.error(key, "not supported by Telegate yet (supported: " + STATIC + ", "
            + String.join(", ", KINDS.keySet()) + ")");
      }
    }
    List<YamlNode> statics = root.nodes(STATIC);
    if (!statics.isEmpty()) {
      out.add(new Named(STATIC, StaticSdConfig.parse(statics)));
    }
    for (Map.Entry<String, Function<YamlNode, SdConfig>> kind : KINDS.entrySet()) {
      String key = kind.getKey();
      List<YamlNode> nodes = root.nodes(key);
      for (int i = 0; i < nodes.size(); i++) {
        out.add(new Named(key + "[" + i + "]", kind.getValue().apply(nodes.get(i))));
      }
    }
    return out;
  }
}
