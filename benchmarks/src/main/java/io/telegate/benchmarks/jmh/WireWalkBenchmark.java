package io.telegate.benchmarks.jmh;

import io.telegate.benchmarks.load.Shapes;
import io.telegate.benchmarks.load.WireCount;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 18: the walks over protobuf wire bytes that do not build objects, on every request shape
 * of the load tool: the gateway's {@code OtlpWire} check of each signal (what a receiver runs on
 * every request) and the load tool sink's item count ({@link WireCount}, which shares the CPU of
 * an end-to-end run with the gateway). The trace splice is in {@code RepresentationBenchmark} and
 * {@code ProcessorsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WireWalkBenchmark {

  @Param({"traces-typical", "traces-testbed", "logs", "metrics"})
  public String shape;

  private Shapes.Shape request;

  @Setup(Level.Trial)
  public void setUp() {
    request = Shapes.of(shape);
    if (WireCount.otlp(request.signal(), request.bytes()) != request.items()) {
      throw new IllegalStateException("the sink's count and the gateway's check disagree for " + shape);
    }
  }

  /** The gateway's structural check and item count of the signal. */
  @Benchmark
  public int check() {
    return request.signal().wire.check(request.bytes());
  }

  /** The load tool sink's count of the same request. */
  @Benchmark
  public long sinkCount() {
    return WireCount.otlp(request.signal(), request.bytes());
  }
}
