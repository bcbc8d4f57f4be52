package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.receiver.prometheus.ExpositionParser.ExpositionException;
import io.telegate.receiver.prometheus.MetricFamily.Sample;
import io.telegate.receiver.prometheus.MetricFamily.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {

  @Test
  void textFormatFamiliesWithHelpTypeLabelsAndTimestamps() {
    List<MetricFamily> f = ExpositionParser.parse("""
        # HELP http_requests_total The total number of HTTP requests.\\nSecond line.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        # A comment
        msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
        metric_without_timestamp_and_labels 12.47
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5"} 4773
        rpc_duration_seconds_sum 1.7560473e+07
        rpc_duration_seconds_count 2693
        """, false);
    assertEquals(List.of("http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels",
        "rpc_duration_seconds"), f.stream().map(MetricFamily::name).toList());
    MetricFamily requests = f.get(0);
    assertEquals(Type.COUNTER, requests.type());
    assertEquals("The total number of HTTP requests.\nSecond line.", requests.help());
    Sample s = requests.samples().get(1);
    assertArrayEquals(new String[] {"method", "post", "code", "400"}, s.labels());
    assertEquals(3, s.value());
    assertEquals(1395066363000L, s.timestampMs());
    assertEquals("C:\\DIR\\FILE.TXT", f.get(1).samples().get(0).label("path"));
    assertEquals("Cannot find file:\n\"FILE.TXT\"", f.get(1).samples().get(0).label("error"));
    assertEquals(Type.UNKNOWN, f.get(2).type());
    assertEquals(Sample.NO_TIMESTAMP, f.get(2).samples().get(0).timestampMs());
    assertEquals(3, f.get(3).samples().size());
    assertEquals("_count", f.get(3).suffixOf(f.get(3).samples().get(2)));
  }

  @Test
  void specialValues() {
    List<MetricFamily> f = ExpositionParser.parse("a +Inf\nb -Inf\nc NaN\nd 1e-3\n", false);
    assertEquals(Double.POSITIVE_INFINITY, f.get(0).samples().get(0).value());
    assertEquals(Double.NEGATIVE_INFINITY, f.get(1).samples().get(0).value());
    assertTrue(Double.isNaN(f.get(2).samples().get(0).value()));
    assertEquals(0.001, f.get(3).samples().get(0).value());
  }

  @Test
  void openMetricsCountersUnitsCreatedAndExemplars() {
    List<MetricFamily> f = ExpositionParser.parse("""
        # TYPE foo counter
        # UNIT foo seconds
        # HELP foo A counter.
        foo_total{a="b"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.890
        foo_created{a="b"} 1520872607.123
        # TYPE hist histogram
        hist_bucket{le="0.1"} 8 # {trace_id="x"} 0.05
        hist_bucket{le="+Inf"} 10
        hist_count 10
        hist_sum 1.5
        # EOF
        """, true);
    assertEquals(2, f.size());
    MetricFamily foo = f.get(0);
    assertEquals("foo", foo.name());
    assertEquals("seconds", foo.unit());
    assertEquals(List.of("foo_total", "foo_created"), foo.samples().stream().map(Sample::name).toList());
    Sample total = foo.samples().get(0);
    assertEquals(1520879607789L, total.timestampMs());
    assertArrayEquals(new String[] {"trace_id", "KOO5S4vxi0o"}, total.exemplar().labels());
    assertEquals(0.67, total.exemplar().value());
    assertEquals(1520879602890L, total.exemplar().timestampMs());
    assertEquals(Sample.NO_TIMESTAMP, f.get(1).samples().get(0).exemplar().timestampMs());
    assertNull(f.get(1).samples().get(1).exemplar());
  }

  @Test
  void openMetricsNeedsEof() {
    ExpositionException e = assertThrows(ExpositionException.class, () -> ExpositionParser.parse("a 1\n", true));
    assertEquals("line 2: missing # EOF at the end of an OpenMetrics exposition", e.getMessage());
  }

  @Test
  void nothingMayFollowEof() {
    assertThrows(ExpositionException.class, () -> ExpositionParser.parse("# EOF\na 1\n", true));
  }

  @Test
  void malformedLinesNameTheirLine() {
    ExpositionException e = assertThrows(ExpositionException.class,
        () -> ExpositionParser.parse("ok 1\nbad{a=\"x} 1\n", false));
    assertEquals("line 2: unterminated label value", e.getMessage());
    e = assertThrows(ExpositionException.class, () -> ExpositionParser.parse("x 1f\n", false));
    assertEquals("line 1: invalid value '1f'", e.getMessage());
    e = assertThrows(ExpositionException.class, () -> ExpositionParser.parse("# TYPE x gaugehistogram\n", false));
    assertEquals("line 1: invalid metric type 'gaugehistogram'", e.getMessage());
  }

  @Test
  void openMetricsContentTypeIsRecognised() {
    assertTrue(ExpositionParser.isOpenMetrics("application/openmetrics-text; version=1.0.0; charset=utf-8"));
    assertTrue(!ExpositionParser.isOpenMetrics("text/plain; version=0.0.4"));
  }
}
