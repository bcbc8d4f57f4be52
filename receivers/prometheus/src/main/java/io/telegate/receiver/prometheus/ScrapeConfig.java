package io.telegate.receiver.prometheus;

import io.telegate.core.component.DocumentedKeys;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.receiver.prometheus.discovery.DiscoveryKeys;
import io.telegate.receiver.prometheus.discovery.PrometheusHttpClientConfig;
import io.telegate.receiver.prometheus.discovery.PrometheusUnits;
import io.telegate.receiver.prometheus.discovery.ServiceDiscovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code scrape_configs}: a job, Prometheus's keys and defaults. Unset intervals, timeouts,
 * protocols and limits come from {@code global}. The HTTP client keys ({@code basic_auth}, {@code
 * authorization}, {@code tls_config}, {@code proxy_url}, ...) are read by the discovery module's
 * {@link PrometheusHttpClientConfig}, and {@code static_configs} and the {@code *_sd_configs} by its
 * {@link ServiceDiscovery}, from the YAML as written: the same readers as {@code http_sd_configs}
 * and {@code kubernetes_sd_configs} use, with their errors under this entry's path.
 *
 * @param jobName the job, unique in the config (required)
 * @param scrapeInterval how often each target is scraped; unset means the global one
 * @param scrapeTimeout how long a scrape may take; unset means the global one, at most the interval
 * @param metricsPath the path scraped ({@code /metrics})
 * @param params query parameters of the scrape URL
 * @param scheme {@code http} (default) or {@code https}
 * @param honorLabels on a clash, keep the scraped label instead of renaming it to {@code exported_<name>}
 * @param honorTimestamps keep the timestamps the target exposes (true)
 * @param trackTimestampsStaleness mark series with exposed timestamps stale too; accepted
 * @param scrapeProtocols the formats asked for, best first; unset means the global ones
 * @param sampleLimit most samples per scrape after metric relabeling, else the scrape fails; unset means global
 * @param labelLimit most labels per sample, else the scrape fails
 * @param labelNameLengthLimit longest label name, else the scrape fails
 * @param labelValueLengthLimit longest label value, else the scrape fails
 * @param bodySizeLimit largest uncompressed body, else the scrape fails ({@code 10MB}); 0 means none
 * @param basicAuth HTTP basic authentication ({@code username}, {@code password}, or their {@code _file}s)
 * @param authorization the {@code Authorization} header ({@code type}, {@code credentials} or
 *     {@code credentials_file})
 * @param bearerToken Prometheus's older spelling of {@code authorization.credentials}
 * @param bearerTokenFile Prometheus's older spelling of {@code authorization.credentials_file}
 * @param tlsConfig TLS of an https target ({@code ca}, {@code ca_file}, {@code cert_file}, ...)
 * @param proxyUrl an HTTP proxy for the scrapes
 * @param followRedirects follow 3xx answers (true)
 * @param enableCompression ask for gzip (true)
 * @param enableHttp2 accepted; the client speaks HTTP/1.1 to http targets and negotiates for https
 * @param relabelConfigs target relabeling, before the scrape
 * @param metricRelabelConfigs sample relabeling, after the scrape
 * @param staticConfigs fixed target groups ({@code targets}, {@code labels})
 * @param fileSdConfigs target groups read from JSON or YAML files
 * @param httpSdConfigs target groups fetched from an HTTP endpoint
 * @param dnsSdConfigs targets from DNS SRV, A, AAAA, MX or NS records
 * @param kubernetesSdConfigs targets from the Kubernetes API (pods, services, endpoints, endpoint slices, nodes)
 * @param scrapeNativeHistograms make native histograms of the protobuf format exponential histograms (else
 *     their classic series are kept); unset means the global one. With it, the default protocols put
 *     {@code PrometheusProto} first
 * @param alwaysScrapeClassicHistograms keep the classic series of a histogram exposed as native too; unset
 *     means the global one
 * @param scrapeClassicHistograms Prometheus 2's name of {@code always_scrape_classic_histograms}
 * @param nativeHistogramBucketLimit most buckets of a native histogram: more halve its resolution, and at
 *     schema -4 the scrape fails; 0 (default) means none
 * @param nativeHistogramMinBucketFactor lowest bucket growth factor: a finer native histogram has its
 *     resolution reduced; 0 (default) means none
 */
@UnsupportedKeys({"oauth2", "no_proxy", "proxy_from_environment", "proxy_connect_header", "consul_sd_configs",
    "ec2_sd_configs", "azure_sd_configs", "gce_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs",
    "eureka_sd_configs", "nomad_sd_configs", "openstack_sd_configs", "scaleway_sd_configs", "marathon_sd_configs",
    "target_limit", "keep_dropped_targets", "convert_classic_histograms_to_nhcb",
    "fallback_scrape_protocol", "metric_name_validation_scheme", "metric_name_escaping_scheme",
    "scrape_failure_log_file", "http_headers"})
public record ScrapeConfig(
    String jobName, String scrapeInterval, String scrapeTimeout, String metricsPath, Map<String, List<String>> params,
    String scheme, boolean honorLabels, boolean honorTimestamps, boolean trackTimestampsStaleness,
    List<String> scrapeProtocols, Long sampleLimit, Long labelLimit, Long labelNameLengthLimit,
    Long labelValueLengthLimit, String bodySizeLimit,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "HTTP_CLIENT", under = "basic_auth") Object basicAuth,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "HTTP_CLIENT", under = "authorization") Object authorization,
    Object bearerToken, Object bearerTokenFile,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "HTTP_CLIENT", under = "tls_config") Object tlsConfig,
    Object proxyUrl, boolean followRedirects, boolean enableCompression,
    boolean enableHttp2, List<RelabelConfig> relabelConfigs, List<RelabelConfig> metricRelabelConfigs,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "STATIC", list = true) Object staticConfigs,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "FILE_SD", list = true) Object fileSdConfigs,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "HTTP_SD", list = true) Object httpSdConfigs,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "DNS_SD", list = true) Object dnsSdConfigs,
    @DocumentedKeys(in = DiscoveryKeys.class, field = "KUBERNETES_SD", list = true) Object kubernetesSdConfigs, Boolean scrapeNativeHistograms, Boolean alwaysScrapeClassicHistograms,
    Boolean scrapeClassicHistograms, long nativeHistogramBucketLimit, double nativeHistogramMinBucketFactor) {

  public static final ScrapeConfig DEFAULT = new ScrapeConfig("", null, null, "/metrics", Map.of(), "http", false,
      true, false, null, null, null, null, null, null, null, null, null, null, null, null, true, true, true,
      List.of(), List.of(), null, null, null, null, null, null, null, null, 0, 0);

  /** The HTTP client keys as the YAML gave them, for {@link PrometheusHttpClientConfig#parse}. */
  Map<String, Object> httpClientTree() {
    return tree("basic_auth", basicAuth, "authorization", authorization, "bearer_token", bearerToken,
        "bearer_token_file", bearerTokenFile, "tls_config", tlsConfig, "proxy_url", proxyUrl,
        "follow_redirects", followRedirects, "enable_http2", enableHttp2);
  }

  /** {@code static_configs} and the {@code *_sd_configs} as the YAML gave them, for {@link ServiceDiscovery}. */
  Map<String, Object> discoveryTree() {
    return tree("static_configs", staticConfigs, "file_sd_configs", fileSdConfigs, "http_sd_configs", httpSdConfigs,
        "dns_sd_configs", dnsSdConfigs, "kubernetes_sd_configs", kubernetesSdConfigs);
  }

  /** A mapping of the keys given with a value (key, value, key, value, ...). */
  private static Map<String, Object> tree(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        m.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return m;
  }

  /** Every problem, relative to this entry, with the global defaults applied. */
  List<String> validateAgainst(GlobalConfig global) {
    List<String> errors = new ArrayList<>();
    if (jobName.isEmpty()) {
      errors.add("job_name: must be set");
    }
    duration(errors, "scrape_interval", scrapeInterval);
    duration(errors, "scrape_timeout", scrapeTimeout);
    if (errors.isEmpty()) {
      try {
        Resolved r = resolve(global);
        if (r.interval().isZero()) {
          errors.add("scrape_interval: must be positive");
        }
        if (r.timeout().compareTo(r.interval()) > 0) {
          errors.add("scrape_timeout: scrape timeout greater than scrape interval for scrape config with job name '"
              + jobName + "'");
        }
      } catch (IllegalArgumentException e) {
        // A bad global value is reported under global.
      }
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      errors.add("scheme: '" + scheme + "' (expected: http or https)");
    }
    if (!metricsPath.startsWith("/")) {
      errors.add("metrics_path: '" + metricsPath + "' must start with '/'");
    }
    ScrapeProtocols.validate(errors, scrapeProtocols);
    size(errors, "body_size_limit", bodySizeLimit);
    nonNegative(errors, "sample_limit", sampleLimit);
    nonNegative(errors, "label_limit", labelLimit);
    nonNegative(errors, "label_name_length_limit", labelNameLengthLimit);
    nonNegative(errors, "label_value_length_limit", labelValueLengthLimit);
    nonNegative(errors, "native_histogram_bucket_limit", nativeHistogramBucketLimit);
    if (nativeHistogramMinBucketFactor < 0 || Double.isNaN(nativeHistogramMinBucketFactor)) {
      errors.add("native_histogram_min_bucket_factor: must not be negative, got " + nativeHistogramMinBucketFactor);
    }
    if (alwaysScrapeClassicHistograms != null && scrapeClassicHistograms != null
        && !alwaysScrapeClassicHistograms.equals(scrapeClassicHistograms)) {
      errors.add("scrape_classic_histograms: contradicts always_scrape_classic_histograms (the same setting: "
          + "set only always_scrape_classic_histograms)");
    }
    PrometheusHttpClientConfig.parse(httpClientTree(), "", errors);
    errors.addAll(ServiceDiscovery.validate(discoveryTree(), ""));
    return errors;
  }

  /** This job with the global defaults filled in and its values parsed; call on a validated config. */
  Resolved resolve(GlobalConfig global) {
    Duration interval = scrapeInterval == null ? PrometheusUnits.duration(global.scrapeInterval())
        : PrometheusUnits.duration(scrapeInterval);
    Duration timeout;
    if (scrapeTimeout != null) {
      timeout = PrometheusUnits.duration(scrapeTimeout);
    } else {
      Duration g = global.timeout();
      timeout = g.compareTo(interval) > 0 ? interval : g;
    }
    boolean nativeHistograms = scrapeNativeHistograms == null ? global.scrapeNativeHistograms()
        : scrapeNativeHistograms;
    Boolean classic = alwaysScrapeClassicHistograms != null ? alwaysScrapeClassicHistograms : scrapeClassicHistograms;
    List<String> protocols = scrapeProtocols != null ? scrapeProtocols
        : global.scrapeProtocols() != null ? global.scrapeProtocols()
        : nativeHistograms ? ScrapeProtocols.PROTO_FIRST : ScrapeProtocols.DEFAULT;
    return new Resolved(this, interval, timeout, protocols,
        PrometheusUnits.bytes(bodySizeLimit == null ? global.bodySizeLimit() : bodySizeLimit),
        sampleLimit == null ? global.sampleLimit() : sampleLimit,
        labelLimit == null ? global.labelLimit() : labelLimit,
        labelNameLengthLimit == null ? global.labelNameLengthLimit() : labelNameLengthLimit,
        labelValueLengthLimit == null ? global.labelValueLengthLimit() : labelValueLengthLimit,
        global.externalLabels(), nativeHistograms,
        classic == null ? global.alwaysScrapeClassicHistograms() : classic,
        (int) Math.min(Integer.MAX_VALUE, nativeHistogramBucketLimit),
        NativeHistogram.maxSchemaFor(nativeHistogramMinBucketFactor),
        PrometheusHttpClientConfig.parse(httpClientTree(), "", new ArrayList<>()));
  }

  /**
   * A job ready to run: its config and the values it takes from {@code global}; {@code nativeHistograms}
   * and {@code classicHistograms} are what the protobuf parser takes, {@code nativeBucketLimit} (0: none)
   * and {@code nativeMaxSchema} how native histograms are limited; {@code http} its HTTP client settings.
   */
  public record Resolved(
      ScrapeConfig config, Duration interval, Duration timeout, List<String> protocols, long bodySizeLimit,
      long sampleLimit, long labelLimit, long labelNameLengthLimit, long labelValueLengthLimit,
      Map<String, String> externalLabels, boolean nativeHistograms, boolean classicHistograms,
      int nativeBucketLimit, int nativeMaxSchema, PrometheusHttpClientConfig http) {}

  static void duration(List<String> errors, String key, String value) {
    if (value == null) {
      return;
    }
    try {
      PrometheusUnits.duration(value);
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
    }
  }

  static void size(List<String> errors, String key, String value) {
    try {
      PrometheusUnits.bytes(value);
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
    }
  }

  static void nonNegative(List<String> errors, String key, Long value) {
    if (value != null && value < 0) {
      errors.add(key + ": must not be negative, got " + value);
    }
  }
}
