package io.telegate.receiver.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.telegate.benchmarks.load.Expositions;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import java.util.List;
import java.util.Map;
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
 * Issue 22: one scrape's work in the prometheus receiver after the HTTP answer: the body parsed
 * ({@link ExpositionParser}) and translated to the OTLP request ({@link ScrapeTranslator}, with its
 * per-series state: start times, staleness), at steady state (the same series every scrape, values
 * changing). In the receiver's package (on the class path, a package may span jars) to reach the
 * package-private translator; the parse alone is {@code jmh.ExpositionParserBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScrapeTranslateBenchmark {

  @Param({"10000"})
  int series;

  @Param({"node", "kube", "app", "histogram"})
  String shape;

  @Param({"text"})
  String format;

  private byte[][] bodies;
  private boolean openMetrics;
  private ScrapeTranslator translator;
  private long scrape;

  @Setup
  public void setup() {
    openMetrics = format.equals("openmetrics");
    Expositions e = Expositions.of(shape, series, openMetrics);
    bodies = new byte[][] {e.render(1), e.render(2)};
    ConfigErrors errors = new ConfigErrors();
    PrometheusConfig c = ConfigBinder.bind(Map.of("scrape_configs", List.of(Map.of("job_name", "bench"))),
        PrometheusConfig.DEFAULT, "config", errors);
    if (!errors.isEmpty()) {
      throw new IllegalStateException(errors.toString());
    }
    ScrapeConfig.Resolved job = c.resolved().get(0);
    ScrapeTarget target = ScrapeTarget.fromGroup(job, Relabeling.of(List.of()),
        List.of(Map.of("__address__", "10.1.2.3:9100")), Map.of()).get(0);
    translator = new ScrapeTranslator(target, job, false, "bench");
    parseTranslate();
  }

  @Benchmark
  public ExportMetricsServiceRequest parseTranslate() {
    byte[] body = bodies[(int) (scrape & 1)];
    long at = 1_700_000_000_000L + 15_000 * scrape++;
    return translator.translate(ExpositionParser.parse(body, openMetrics), at, 0.01, body.length).request();
  }
}
