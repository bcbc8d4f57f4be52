package io.telegate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.receiver.prometheus.ExpositionParser;
import io.telegate.receiver.prometheus.MetricFamily;
import io.telegate.receiver.prometheus.ProtobufParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protobuf benchmark's body holds the series of its text twin, so the two parse figures compare. */
class ProtobufParserBenchmarkTest {

  private static List<String> samples(List<MetricFamily> families) {
    return families.stream().flatMap(f -> f.samples().stream())
        .map(s -> s.name() + String.join(",", s.labels()) + "=" + s.value()).sorted().toList();
  }

  @Test
  void classicBodyGivesTheTextBodysSamples() {
    List<MetricFamily> text = ExpositionParser.parse(
        ProtobufParserBenchmark.textTwin(1600).getBytes(StandardCharsets.UTF_8), false);
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
}
