package io.telegate.benchmarks.jmh;

import io.grpc.internal.CompositeReadableBuffer;
import io.grpc.internal.ReadableBuffers;
import io.telegate.benchmarks.load.Shapes;
import io.telegate.receiver.otlp.GrpcMessages;
import java.io.IOException;
import java.io.InputStream;
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
 * Issue 9: how the OTLP receiver reads an uncompressed gRPC message out of grpc-java's stream.
 * The stream is grpc-java's own ({@code ReadableBuffers.openStream} over a composite of 16 KB
 * pieces, as HTTP/2 data frames arrive); {@code readNBytes} is what the receiver did before
 * (JDK 17 reads 8 KB chunks and copies them into the result), {@code exactArray} is the
 * receiver's {@link GrpcMessages#readAll} (one array of the announced length).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GrpcReadBenchmark {

  @Param({"metrics", "traces-typical", "logs"})
  public String shape;

  private byte[] message;

  @Setup
  public void setUp() {
    message = Shapes.of(shape).bytes();
  }

  private InputStream stream() {
    CompositeReadableBuffer composite = new CompositeReadableBuffer();
    for (int off = 0; off < message.length; off += 16_384) {
      composite.addBuffer(ReadableBuffers.wrap(message, off, Math.min(16_384, message.length - off)));
    }
    return ReadableBuffers.openStream(composite, true);
  }

  @Benchmark
  public byte[] readNBytes() throws IOException {
    InputStream in = stream();
    return in.readNBytes(in.available());
  }

  @Benchmark
  public byte[] exactArray() throws IOException {
    return GrpcMessages.readAll(stream());
  }
}
