package io.telegate.receiver.prometheus;

import io.telegate.receiver.prometheus.discovery.PrometheusUnits;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One target after relabeling: the labels every sample gets (those not starting with {@code __}) and
 * the URL to scrape, built from {@code __scheme__}, {@code __address__}, {@code __metrics_path__} and
 * {@code __param_*} as Prometheus builds it.
 *
 * @param labels the target's labels, sorted, {@code job} and {@code instance} included
 * @param url the scrape URL
 */
public record ScrapeTarget(Map<String, String> labels, URI url) {

  public String job() {
    return labels.getOrDefault("job", "");
  }

  public String instance() {
    return labels.getOrDefault("instance", "");
  }

  /** A key unique among the targets of a job (labels and URL), as Prometheus hashes a target. */
  public String identity() {
    return labels + "|" + url;
  }

  /**
   * The delay from now until this target's first scrape: Prometheus's offset, the target's hash
   * modulo the interval, so that targets are spread over the interval and each keeps its place in it.
   */
  public long offsetNanos(Duration interval, long nowNanos, long seed) {
    long iv = interval.toNanos();
    long base = iv - Math.floorMod(nowNanos, iv);
    long offset = Long.remainderUnsigned(fnv64a(identity()) ^ seed, iv);
    long next = base + offset;
    return next > iv ? next - iv : next;
  }

  static long fnv64a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /**
   * The targets of one group ({@code static_configs} entry or discovered group) for a job: each
   * address with the group's labels and the job's defaults, then {@code relabel_configs}. A target
   * that relabeling drops, or that ends without {@code __address__}, is left out.
   *
   * @param addresses each target's own labels ({@code __address__} and any discovered {@code __meta_*})
   */
  static List<ScrapeTarget> fromGroup(ScrapeConfig.Resolved job, Relabeling relabeling,
      List<Map<String, String>> addresses, Map<String, String> groupLabels) {
    ScrapeConfig c = job.config();
    List<ScrapeTarget> out = new ArrayList<>();
    for (Map<String, String> address : addresses) {
      Map<String, String> l = new TreeMap<>();
      l.putAll(address);
      groupLabels.forEach((k, v) -> l.putIfAbsent(k, v));
      l.putIfAbsent("job", c.jobName());
      l.putIfAbsent("__scheme__", c.scheme());
      l.putIfAbsent("__metrics_path__", c.metricsPath());
      l.putIfAbsent("__scrape_interval__", PrometheusUnits.format(job.interval()));
      l.putIfAbsent("__scrape_timeout__", PrometheusUnits.format(job.timeout()));
      c.params().forEach((k, v) -> {
        if (!v.isEmpty()) {
          l.putIfAbsent("__param_" + k, v.get(0));
        }
      });
      l.values().removeIf(String::isEmpty);
      if (!relabeling.apply(l)) {
        continue;
      }
      String address1 = l.get("__address__");
      if (address1 == null || address1.isEmpty()) {
        continue;
      }
      URI url = url(l, c.params());
      Map<String, String> labels = new TreeMap<>();
      l.forEach((k, v) -> {
        if (!k.startsWith("__") && !v.isEmpty()) {
          labels.put(k, v);
        }
      });
      labels.putIfAbsent("instance", address1);
      out.add(new ScrapeTarget(Map.copyOf(labels), url));
    }
    return out;
  }

  private static URI url(Map<String, String> l, Map<String, List<String>> params) {
    Map<String, List<String>> query = new TreeMap<>(params);
    l.forEach((k, v) -> {
      if (k.startsWith("__param_")) {
        String name = k.substring("__param_".length());
        List<String> values = new ArrayList<>(query.getOrDefault(name, List.of()));
        if (values.isEmpty()) {
          values.add(v);
        } else {
          values.set(0, v);
        }
        query.put(name, values);
      }
    });
    StringBuilder sb = new StringBuilder();
    sb.append(l.getOrDefault("__scheme__", "http")).append("://").append(l.get("__address__"))
        .append(l.getOrDefault("__metrics_path__", "/metrics"));
    char sep = '?';
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      for (String v : e.getValue()) {
        sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return URI.create(sb.toString());
  }
}
