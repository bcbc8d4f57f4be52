package io.telegate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.receiver.prometheus.ExpositionParser;
import io.telegate.receiver.prometheus.MetricFamily;
import io.telegate.receiver.prometheus.ProtobufParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protobuf benchmark's body holds the series the text benchmark's body holds, so their figures compare. */
class ProtobufParserBenchmarkTest {

  private static List<String> samples(List<MetricFamily> families) {
    return families.stream().flatMap(f -> f.samples().stream())
        .map(s -> s.name() + String.join(",", s.labels()) + "=" + s.value()).sorted().toList();
  }

  @Test
  void classicBodyGivesTheTextBodysSamples() {
    List<MetricFamily> text = ExpositionParser.parse(text(1600), false);
    List<MetricFamily> proto = ProtobufParser.parse(ProtobufParserBenchmark.exposition(1600, false), false, false);
    assertEquals(samples(text), samples(proto));
    assertEquals(1600, samples(proto).size());
  }

  @Test
  void nativeBodyGivesOneNativeHistogramPerPath() {
    List<MetricFamily> proto = ProtobufParser.parse(ProtobufParserBenchmark.exposition(1600, true), true, false);
    assertEquals(400, proto.get(0).samples().size());
    assertEquals(100, proto.get(1).samples().size());
    assertEquals(24, proto.get(1).samples().get(0).histogram().bucketCount());
  }

  /**
   * The text format of the series {@link ProtobufParserBenchmark#exposition} encodes: per path 4
   * counter series and a 10-bucket histogram (the text benchmark's old body; since issue 22 that
   * benchmark parses {@code Expositions} shapes).
   */
  private static byte[] text(int series) {
    StringBuilder sb = new StringBuilder(series * 90);
    int paths = Math.max(1, series / 16);
    sb.append("# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      for (String m : new String[] {"GET", "POST"}) {
        for (String c : new String[] {"200", "500"}) {
          sb.append("http_requests_total{method=\"").append(m).append("\",code=\"").append(c).append("\",path=\"")
              .append(path).append("\"} ").append(p * 7 + c.length()).append('\n');
        }
      }
    }
    sb.append("# HELP http_request_duration_seconds Latency.\n# TYPE http_request_duration_seconds histogram\n");
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    for (int p = 0; p < paths; p++) {
      String series1 = "http_request_duration_seconds";
      String path = String.format("/api/v1/resource%04d", p);
      long cumulative = 0;
      for (double b : bounds) {
        cumulative += p % 5 + 1;
        sb.append(series1).append("_bucket{path=\"").append(path).append("\",le=\"").append(b).append("\"} ")
            .append(cumulative).append('\n');
      }
      sb.append(series1).append("_bucket{path=\"").append(path).append("\",le=\"+Inf\"} ").append(cumulative)
          .append('\n');
      sb.append(series1).append("_sum{path=\"").append(path).append("\"} ").append(cumulative * 0.1).append('\n');
      sb.append(series1).append("_count{path=\"").append(path).append("\"} ").append(cumulative).append('\n');
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
