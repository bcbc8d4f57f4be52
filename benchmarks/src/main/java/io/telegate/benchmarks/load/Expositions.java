package io.telegate.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prometheus expositions of a given number of series, for the parser benchmark and for the targets
 * the load tool serves. Deterministic; the label sets are fixed when built, the values follow the
 * scrape number (counters grow with it, gauges move), so every scrape differs from the last.
 *
 * <ul>
 *   <li>{@code node}: node-exporter-like, families of 1 to 32 series with 0 to 3 short labels
 *       ({@code cpu}/{@code mode}, {@code device}, {@code mountpoint}, ...), floating-point values
 *       as Go prints them ({@code 1.234e+06}), a {@code # HELP} and {@code # TYPE} per family;</li>
 *   <li>{@code kube}: kube-state-metrics-like, a few large families whose series carry 4 labels with
 *       long values ({@code namespace}, {@code pod}, 36-character {@code uid}, {@code container} or
 *       {@code condition}), 0/1 and integer values;</li>
 *   <li>{@code app}: an application's HTTP metrics, counters with 3 labels and a 10-bucket histogram
 *       per path (what issue 22's benchmark started with);</li>
 *   <li>{@code histogram}: histograms only, 40 buckets each, 3 labels per series.</li>
 * </ul>
 *
 * <p>OpenMetrics renders counters without {@code _total} in {@code # TYPE}, adds a {@code _created}
 * line per counter series, and closes with {@code # EOF}.
 */
public final class Expositions {

  /** The shapes {@link #of} knows. */
  public static final List<String> SHAPES = List.of("node", "kube", "app", "histogram");

  /** One family: its header lines and, per series, the sample line up to the value. */
  private record Family(String name, String type, String help, List<String> prefixes, int samplesPerSeries,
      double[] bounds) {}

  private final List<Family> families;
  private final boolean openMetrics;
  private final int samples;

  private Expositions(List<Family> families, boolean openMetrics) {
    this.families = families;
    this.openMetrics = openMetrics;
    int n = 0;
    for (Family f : families) {
      n += f.prefixes().size() * f.samplesPerSeries();
    }
    this.samples = n;
  }

  /**
   * An exposition of {@code shape} with about {@code series} samples (at least that many, at most
   * one family's worth more; {@link #samples} says how many exactly).
   */
  public static Expositions of(String shape, int series, boolean openMetrics) {
    if (series < 1) {
      throw new IllegalArgumentException("series: " + series + " (expected: >= 1)");
    }
    List<Family> f = switch (shape) {
      case "node" -> node(series);
      case "kube" -> kube(series);
      case "app" -> app(series);
      case "histogram" -> histograms(series);
      default -> throw new IllegalArgumentException("shape: " + shape + " (expected one of " + SHAPES + ")");
    };
    return new Expositions(f, openMetrics);
  }

  /** Samples in one scrape: what a Prometheus server stores per scrape ({@code _created} lines not counted). */
  public int samples() {
    return samples;
  }

  /** The {@code Content-Type} a server answers this exposition with. */
  public String contentType() {
    return openMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
        : "text/plain; version=0.0.4; charset=utf-8";
  }

  /** The exposition of scrape number {@code scrape} (0, 1, ...). */
  public byte[] render(long scrape) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(samples * 96 + 1024);
    render(scrape, out);
    return out.toByteArray();
  }

  private void render(long scrape, ByteArrayOutputStream out) {
    StringBuilder sb = new StringBuilder(1 << 16);
    int index = 0;
    for (Family f : families) {
      boolean counter = f.type().equals("counter");
      String name = counter && openMetrics && f.name().endsWith("_total")
          ? f.name().substring(0, f.name().length() - "_total".length()) : f.name();
      sb.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
      for (String prefix : f.prefixes()) {
        index++;
        if (f.bounds() != null) {
          histogram(sb, f, prefix, index, scrape);
        } else {
          sb.append(prefix).append(' ');
          value(sb, counter ? counterValue(index, scrape) : gaugeValue(index, scrape));
          sb.append('\n');
          if (counter && openMetrics) {
            sb.append(created(prefix)).append(" 1.7e+09\n");
          }
        }
        if (sb.length() > (1 << 16) - 4096) {
          flush(sb, out);
        }
      }
    }
    if (openMetrics) {
      sb.append("# EOF\n");
    }
    flush(sb, out);
  }

  private static void flush(StringBuilder sb, ByteArrayOutputStream out) {
    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    sb.setLength(0);
  }

  private static String created(String prefix) {
    int brace = prefix.indexOf('{');
    String name = brace < 0 ? prefix : prefix.substring(0, brace);
    String labels = brace < 0 ? "" : prefix.substring(brace);
    return name.substring(0, name.length() - "_total".length()) + "_created" + labels;
  }

  private void histogram(StringBuilder sb, Family f, String labels, int index, long scrape) {
    long cumulative = 0;
    long step = index % 5 + 1 + scrape;
    String inner = labels.isEmpty() ? "" : labels.substring(1, labels.length() - 1) + ",";
    for (double b : f.bounds()) {
      cumulative += step;
      sb.append(f.name()).append("_bucket{").append(inner).append("le=\"");
      value(sb, b);
      sb.append("\"} ").append(cumulative).append('\n');
    }
    sb.append(f.name()).append("_bucket{").append(inner).append("le=\"+Inf\"} ").append(cumulative).append('\n');
    sb.append(f.name()).append("_sum").append(labels).append(' ');
    value(sb, cumulative * 0.0625);
    sb.append('\n');
    sb.append(f.name()).append("_count").append(labels).append(' ').append(cumulative).append('\n');
    if (openMetrics) {
      sb.append(f.name()).append("_created").append(labels).append(" 1.7e+09\n");
    }
  }

  private static double counterValue(int index, long scrape) {
    return (index % 97) * 1000.0 + scrape * (index % 7 + 1) * 1.5;
  }

  private static double gaugeValue(int index, long scrape) {
    return ((index * 31 + scrape * 17) % 1000) * 1024.0 + 0.25;
  }

  /** Integers as integers, else Go's {@code %g}-like shortest form with an exponent for large values. */
  private static void value(StringBuilder sb, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      sb.append((long) v);
    } else if (Math.abs(v) >= 1e6) {
      sb.append(String.format(Locale.ROOT, "%.6e", v).replaceFirst("\\.?0+e", "e"));
    } else {
      sb.append(v);
    }
  }

  private static final String[] MODES = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
  private static final String[] NODE_FAMILIES = {
    "cpu_seconds_total", "filesystem_avail_bytes", "network_receive_bytes_total", "disk_io_time_seconds_total",
    "memory_MemFree_bytes", "network_transmit_packets_total", "filesystem_files_free", "disk_reads_completed_total",
    "hwmon_temp_celsius", "netstat_Tcp_InSegs", "vmstat_pgfault", "softnet_processed_total"};

  private static List<Family> node(int series) {
    List<Family> out = new ArrayList<>();
    int total = 0;
    for (int k = 0; total < series; k++) {
      String base = NODE_FAMILIES[k % NODE_FAMILIES.length];
      String name = "node_" + base + (k < NODE_FAMILIES.length ? "" : "_" + k / NODE_FAMILIES.length);
      if (base.endsWith("_total") && k >= NODE_FAMILIES.length) {
        name = "node_" + base.substring(0, base.length() - 6) + "_" + k / NODE_FAMILIES.length + "_total";
      }
      boolean counter = name.endsWith("_total");
      List<String> prefixes = new ArrayList<>();
      int size = switch (k % 4) {
        case 0 -> 32;
        case 1 -> 8;
        case 2 -> 4;
        default -> 1;
      };
      for (int i = 0; i < size && total < series; i++, total++) {
        String labels = switch (k % 4) {
          case 0 -> "{cpu=\"" + i / 8 + "\",mode=\"" + MODES[i % 8] + "\"}";
          case 1 -> "{device=\"/dev/nvme0n1p" + i + "\",fstype=\"ext4\",mountpoint=\"/var/lib/data" + i + "\"}";
          case 2 -> "{device=\"eth" + i + "\"}";
          default -> "";
        };
        prefixes.add(name + labels);
      }
      out.add(new Family(name, counter ? "counter" : "gauge", help(name), prefixes, 1, null));
    }
    return out;
  }

  private static final String[] KUBE_FAMILIES = {
    "kube_pod_status_ready", "kube_pod_container_status_restarts_total", "kube_pod_status_phase",
    "kube_pod_container_resource_requests", "kube_pod_info", "kube_pod_container_status_running"};

  private static List<Family> kube(int series) {
    List<Family> out = new ArrayList<>();
    int perFamily = Math.max(1, (series + KUBE_FAMILIES.length - 1) / KUBE_FAMILIES.length);
    int total = 0;
    for (int k = 0; total < series; k++) {
      String name = KUBE_FAMILIES[k % KUBE_FAMILIES.length] + (k < KUBE_FAMILIES.length ? "" : "_" + k);
      if (k >= KUBE_FAMILIES.length && name.contains("_total_")) {
        name = name.replace("_total_", "_") + "_total";
      }
      List<String> prefixes = new ArrayList<>();
      for (int i = 0; i < perFamily && total < series; i++, total++) {
        String pod = String.format(Locale.ROOT, "checkout-api-%08x-%05d", i * 2654435761L & 0xffffffffL, i % 100000);
        String uid = String.format(Locale.ROOT, "%08x-%04x-4%03x-8%03x-%012x", i, k, i % 4096, (i * 7) % 4096,
            (long) i * 1_000_003L);
        String last = k % 2 == 0 ? "condition=\"" + (i % 3 == 0 ? "false" : "true") + "\""
            : "container=\"app-" + i % 4 + "\"";
        prefixes.add(name + "{namespace=\"team-" + i % 40 + "\",pod=\"" + pod + "\",uid=\"" + uid + "\"," + last + "}");
      }
      out.add(new Family(name, name.endsWith("_total") ? "counter" : "gauge", help(name), prefixes, 1, null));
    }
    return out;
  }

  private static List<Family> app(int series) {
    int paths = Math.max(1, series / 16);
    List<String> counters = new ArrayList<>();
    List<String> latencies = new ArrayList<>();
    for (int p = 0; p < paths; p++) {
      String path = String.format(Locale.ROOT, "/api/v1/resource%04d", p);
      for (String m : new String[] {"GET", "POST"}) {
        for (String c : new String[] {"200", "500"}) {
          counters.add("http_requests_total{method=\"" + m + "\",code=\"" + c + "\",path=\"" + path + "\"}");
        }
      }
      latencies.add("{path=\"" + path + "\"}");
    }
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    return List.of(new Family("http_requests_total", "counter", "Requests served.", counters, 1, null),
        new Family("http_request_duration_seconds", "histogram", "Latency.", latencies, bounds.length + 3, bounds));
  }

  private static List<Family> histograms(int series) {
    double[] bounds = new double[39];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = Math.round(0.001 * Math.pow(1.35, i) * 1e6) / 1e6;
    }
    int perSeries = bounds.length + 3;
    int count = Math.max(1, (series + perSeries - 1) / perSeries);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      labels.add("{service=\"svc-" + i % 50 + "\",route=\"/v2/orders/" + i + "\",status_class=\"" + (2 + i % 4)
          + "xx\"}");
    }
    return List.of(new Family("rpc_server_duration_seconds", "histogram", "RPC latency by route.", labels,
        perSeries, bounds));
  }

  private static String help(String name) {
    return "Exposed like " + name.replace('_', ' ') + ".";
  }
}
