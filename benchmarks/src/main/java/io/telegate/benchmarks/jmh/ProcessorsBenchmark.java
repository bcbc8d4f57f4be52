package io.telegate.benchmarks.jmh;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.benchmarks.Payloads;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Processor;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Traces;
import io.telegate.processor.attributes.ActionConfig;
import io.telegate.processor.attributes.AttributesProcessorConfig;
import io.telegate.processor.attributes.AttributesProcessorFactory;
import io.telegate.processor.batch.BatchProcessorConfig;
import io.telegate.processor.batch.BatchProcessorFactory;
import io.telegate.testing.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5: the seed's processors on the typical 100-span request, built through their public
 * factories. Attributes: the seed's action (insert deployment.environment=production) on an
 * encoded request (the processor's byte splice) and on a parsed one (its object path). Batch:
 * send_batch_size 1000, timeout 10s, fed by 1 and 4 producer threads, next consumer a no-op.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProcessorsBenchmark {

  /** Next consumer that completes at once and remembers what it was handed (so nothing is dead code). */
  static final class Sink implements Consumer<Traces> {
    final LongAdder items = new LongAdder();
    volatile Traces last;

    @Override
    public CompletableFuture<Void> consume(Traces data) {
      items.add(data.itemCount());
      last = data;
      return Completions.done();
    }
  }

  @State(Scope.Benchmark)
  public static class Attributes {
    byte[] encoded;
    ExportTraceServiceRequest parsed;
    Processor<Traces> processor;
    final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      encoded = Payloads.typicalTraces().toByteArray();
      parsed = ExportTraceServiceRequest.parseFrom(encoded);
      AttributesProcessorConfig config = new AttributesProcessorConfig(List.of(
          new ActionConfig("deployment.environment", "production", null, null, null, null, null, "insert")),
          null, null);
      List<String> errors = config.validate();
      if (!errors.isEmpty()) {
        throw new IllegalStateException(errors.toString());
      }
      processor = new AttributesProcessorFactory().createTraces(
          CreateSettings.of(ComponentKind.PROCESSOR, ComponentId.of("attributes")), config, sink);
      processor.start(new TestHost());
      // Both paths must give the same request.
      Traces a = Traces.fromTrustedBytes(encoded, Payloads.SPANS, ClientContext.EMPTY);
      processor.consume(a).join();
      Traces b = Traces.of(parsed, ClientContext.EMPTY);
      processor.consume(b).join();
      if (!a.request().equals(b.request()) || a.request().equals(parsed)) {
        throw new IllegalStateException("attributes paths disagree or did nothing");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      processor.shutdown(Duration.ofSeconds(1));
    }
  }

  /** Encoded input (as the receiver hands it on): the processor splices the bytes. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Traces attributesInsertEncoded(Attributes s) {
    Traces t = Traces.fromTrustedBytes(s.encoded, Payloads.SPANS, ClientContext.EMPTY);
    s.processor.consume(t).join();
    return t;
  }

  /** Parsed input (a processor before it asked for the messages): the object path, no encode. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Traces attributesInsertParsed(Attributes s) {
    Traces t = Traces.of(s.parsed, ClientContext.EMPTY);
    s.processor.consume(t).join();
    return t;
  }

  /** Parsed input, then encoded() as the exporter downstream would: comparable to the encoded path. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] attributesInsertParsedThenEncode(Attributes s) {
    Traces t = Traces.of(s.parsed, ClientContext.EMPTY);
    s.processor.consume(t).join();
    return t.encoded();
  }

  @State(Scope.Benchmark)
  public static class Batch {
    byte[] encoded;
    Processor<Traces> processor;
    final Sink sink = new Sink();
    final LongAdder offered = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      encoded = Payloads.typicalTraces().toByteArray();
      BatchProcessorConfig config = new BatchProcessorConfig(Duration.ofSeconds(10), 1000, 0, List.of(), 1000);
      processor = new BatchProcessorFactory().createTraces(
          CreateSettings.of(ComponentKind.PROCESSOR, ComponentId.of("batch")), config, sink);
      processor.start(new TestHost());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      processor.shutdown(Duration.ofSeconds(5));
      System.out.printf("%noffered %d spans, next consumer got %d spans%n", offered.sum(), sink.items.sum());
    }
  }

  /*
   * The batch processor completes a request's future only when the batch holding it was accepted
   * downstream, so a producer that waited for each future would hold the batch below 1000 spans
   * (4 threads x 100 spans) and every op would wait for the 10 s timeout. The producers here hand
   * requests over and go on, as many concurrent receiver connections would; a batch goes to the
   * next consumer on the thread whose request made it reach 1000 spans (that time is in the op).
   */

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public CompletableFuture<Void> batch1Producer(Batch s) {
    s.offered.add(Payloads.SPANS);
    return s.processor.consume(Traces.fromTrustedBytes(s.encoded, Payloads.SPANS, ClientContext.EMPTY));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public CompletableFuture<Void> batch4Producers(Batch s) {
    s.offered.add(Payloads.SPANS);
    return s.processor.consume(Traces.fromTrustedBytes(s.encoded, Payloads.SPANS, ClientContext.EMPTY));
  }
}
