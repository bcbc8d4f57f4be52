package io.telegate.benchmarks.jmh;

import io.telegate.benchmarks.Payloads;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Traces;
import io.telegate.core.exporter.ExporterHelper;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.core.exporter.Sender;
import io.telegate.testing.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4: requests per second through {@link ExporterHelper#consume} with the sending queue on
 * disk (the package-private PersistentQueue, reached through sending_queue.storage = a temp dir)
 * for each fsync policy, and with the in-memory queue for comparison. The sender completes at
 * once, so the figure is the queue's: append (+ fsync as configured) before consume completes,
 * then poll, send, ack on the dispatch path. Each op waits for its consume future (admission).
 *
 * <p>The temp dir is under java.io.tmpdir (override with -Djava.io.tmpdir=... in the fork to put
 * it on another disk).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PersistentQueueBenchmark {

  /** memory = no storage (MemoryQueue); the others = PersistentQueue with that fsync policy. */
  @Param({"memory", "never", "batch", "always"})
  public String queue;

  private byte[] request;
  private Path dir;
  private ExporterHelper<Traces> exporter;
  private final LongAdder sent = new LongAdder();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    request = Payloads.typicalTraces().toByteArray();
    dir = Files.createTempDirectory("telegate-pq-bench");
    boolean disk = !queue.equals("memory");
    QueueConfig.Fsync fsync = disk ? QueueConfig.Fsync.valueOf(queue.toUpperCase()) : QueueConfig.Fsync.BATCH;
    // Defaults but block_on_overflow: a full queue makes producers wait instead of failing them.
    QueueConfig qc = new QueueConfig(true, 10, 1000, QueueConfig.Sizer.REQUESTS, true,
        disk ? dir.toString() : null, fsync);
    Sender<Traces> sender = data -> {
      sent.increment();
      return Completions.done();
    };
    exporter = ExporterHelper.create(ComponentId.of("otlp"), Signal.TRACES, sender, qc, RetryConfig.DEFAULT,
        Duration.ofSeconds(5));
    exporter.start(new TestHost());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    exporter.shutdown(Duration.ofSeconds(10));
    long bytes;
    try (Stream<Path> files = Files.walk(dir)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf("%nsent %d requests; %d B left in %s%n", sent.sum(), bytes, dir);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void one() {
    CompletableFuture<Void> f = exporter.consume(Traces.fromTrustedBytes(request, Payloads.SPANS,
        ClientContext.EMPTY));
    f.join();
  }

  @Benchmark
  @Threads(1)
  public void consume1Thread() {
    one();
  }

  @Benchmark
  @Threads(4)
  public void consume4Threads() {
    one();
  }
}
