package io.telegate.benchmarks.jmh;

import io.telegate.benchmarks.load.Expositions;
import io.telegate.receiver.prometheus.ExpositionParser;
import io.telegate.receiver.prometheus.MetricFamily;
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
 * Issue 22: the prometheus receiver's parser ({@link ExpositionParser}) on one scrape body of about
 * {@code series} samples of an {@link Expositions} shape ({@code node}: node-exporter-like small
 * families with short labels; {@code kube}: kube-state-metrics-like large families with 4 long
 * labels; {@code app}: counters and 10-bucket histograms; {@code histogram}: 40-bucket histograms),
 * in the text format 0.0.4 or OpenMetrics 1.0 (with {@code _created} lines and {@code # EOF}).
 * Bytes in, metric families out (UTF-8 decoding included). The parse and translation together:
 * {@code io.telegate.receiver.prometheus.ScrapeTranslateBenchmark}.
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

  @Param({"node", "kube", "app", "histogram"})
  String shape;

  @Param({"text", "openmetrics"})
  String format;

  byte[] body;
  boolean openMetrics;

  @Setup
  public void setup() {
    openMetrics = format.equals("openmetrics");
    body = Expositions.of(shape, series, openMetrics).render(1);
  }

  @Benchmark
  public List<MetricFamily> parse() {
    return ExpositionParser.parse(body, openMetrics);
  }
}
