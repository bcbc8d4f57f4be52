package io.telegate.benchmarks.jmh;

import io.telegate.core.exporter.OrderedLanes;
import io.telegate.core.time.SystemScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of core's ordered delivery ({@link OrderedLanes}, used by remote write and
 * Loki): one request split into parts on every lane, each part answered at once, so what is
 * measured is the mechanism (batch bookkeeping, lane queues, settling), not a backend.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OrderedLanesBenchmark {

  @Param({"5", "10"})
  int lanes;

  @Param({"1", "3"})
  int partsPerLane;

  private final SystemScheduler scheduler = new SystemScheduler("bench-lanes-timer");
  private OrderedLanes<byte[]> ordered;
  private List<List<byte[]>> plan;

  @Setup
  public void setUp() {
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    ordered = new OrderedLanes<>(lanes, part -> done, scheduler, Duration.ofSeconds(60), true, (p, c) -> { });
    plan = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      List<byte[]> parts = new ArrayList<>();
      for (int j = 0; j < partsPerLane; j++) {
        parts.add(new byte[16]);
      }
      plan.add(parts);
    }
  }

  @TearDown
  public void tearDown() {
    ordered.close();
    scheduler.close();
  }

  @Benchmark
  public CompletableFuture<Void> submitOneRequest() {
    return ordered.submit(new Object(), () -> plan);
  }
}
