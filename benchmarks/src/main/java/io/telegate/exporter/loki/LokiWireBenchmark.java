package io.telegate.exporter.loki;

import io.telegate.benchmarks.jmh.LokiPushBenchmark;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 19: the loki exporter's wire path without HTTP, on {@link LokiPushBenchmark}'s 1,000
 * records (json lines, default labels): translating the encoded request into streams, and that
 * plus the snappy-compressed PushRequest. In the exporter's package (on the class path, a package
 * may span jars) to reach the package-private translator.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class LokiWireBenchmark {

  private LokiWireTranslator translator;
  private byte[] request;

  @Setup
  public void setUp() {
    LokiExporterConfig config = new LokiExporterConfig("http://127.0.0.1:1/loki/api/v1/push",
        LokiExporterConfig.DEFAULT.encoding(), LokiExporterConfig.DEFAULT.format(), LabelsConfig.DEFAULT,
        java.util.Map.of(), List.of(), TenantConfig.DEFAULT, 1000, 2048, java.util.Map.of(),
        LokiExporterConfig.DEFAULT.tls(), LokiExporterConfig.DEFAULT.timeout(), LokiExporterConfig.DEFAULT.sendingQueue(),
        LokiExporterConfig.DEFAULT.retryOnFailure(), null, null, null, null, null, null, null, null);
    translator = new LokiWireTranslator(config, Clock.systemUTC());
    request = LokiPushBenchmark.logs().toByteArray();
  }

  /** Encoded OTLP request to streams with their lines. */
  @Benchmark
  public LokiWireTranslator.Result translate() {
    return translator.translate(Logs.fromTrustedBytes(request, LokiPushBenchmark.RECORDS, ClientContext.EMPTY));
  }

  /** Encoded OTLP request to the snappy-compressed PushRequest body. */
  @Benchmark
  public byte[] translateAndEncode() {
    return WirePushEncoder.protobufCompressed(translate().streams());
  }
}
