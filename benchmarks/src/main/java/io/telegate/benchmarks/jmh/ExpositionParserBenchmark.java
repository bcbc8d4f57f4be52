package io.telegate.benchmarks.jmh;

import io.telegate.receiver.prometheus.ExpositionParser;
import io.telegate.receiver.prometheus.MetricFamily;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 22: the prometheus receiver's parser ({@link ExpositionParser}) on one scrape body of
 * {@code series} samples, in the text format 0.0.4 or OpenMetrics 1.0: counters with three labels
 * (method, code, a 20-character path) and a histogram of 10 buckets per path, the shape of an
 * application's HTTP metrics, with HELP and TYPE lines; OpenMetrics adds {@code _created} lines
 * and {@code # EOF}. Bytes in, metric families out (UTF-8 decoding included).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExpositionParserBenchmark {

  @Param({"10000"})
  int series;

  @Param({"text", "openmetrics"})
  String format;

  byte[] body;
  boolean openMetrics;

  @Setup
  public void setup() {
    openMetrics = format.equals("openmetrics");
    body = exposition(series, openMetrics).getBytes(StandardCharsets.UTF_8);
  }

  /** About {@code series} samples: per path 4 counter series and a 10-bucket histogram (12 samples). */
  static String exposition(int series, boolean openMetrics) {
    StringBuilder sb = new StringBuilder(series * 90);
    int paths = Math.max(1, series / 16);
    String counter = openMetrics ? "http_requests" : "http_requests_total";
    sb.append("# HELP ").append(counter).append(" Requests served.\n# TYPE ").append(counter).append(" counter\n");
    String[] methods = {"GET", "POST"};
    String[] codes = {"200", "500"};
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      for (String m : methods) {
        for (String c : codes) {
          String labels = "{method=\"" + m + "\",code=\"" + c + "\",path=\"" + path + "\"}";
          sb.append("http_requests_total").append(labels).append(' ').append(p * 7 + c.length()).append('\n');
          if (openMetrics) {
            sb.append("http_requests_created").append(labels).append(" 1.7e9\n");
          }
        }
      }
    }
    sb.append("# HELP http_request_duration_seconds Latency.\n# TYPE http_request_duration_seconds histogram\n");
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      long cumulative = 0;
      for (double b : bounds) {
        cumulative += p % 5 + 1;
        sb.append("http_request_duration_seconds_bucket{path=\"").append(path).append("\",le=\"").append(b)
            .append("\"} ").append(cumulative).append('\n');
      }
      sb.append("http_request_duration_seconds_bucket{path=\"").append(path).append("\",le=\"+Inf\"} ")
          .append(cumulative).append('\n');
      sb.append("http_request_duration_seconds_sum{path=\"").append(path).append("\"} ").append(cumulative * 0.1)
          .append('\n');
      sb.append("http_request_duration_seconds_count{path=\"").append(path).append("\"} ").append(cumulative)
          .append('\n');
    }
    if (openMetrics) {
      sb.append("# EOF\n");
    }
    return sb.toString();
  }

  @Benchmark
  public List<MetricFamily> parse() {
    return ExpositionParser.parse(body, openMetrics);
  }
}
