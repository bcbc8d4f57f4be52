package io.telegate.benchmarks.jmh;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.receiver.filelog.fileconsumer.FileConsumer;
import io.telegate.receiver.filelog.fileconsumer.FileConsumerConfig;
import io.telegate.receiver.filelog.fileconsumer.LineSplitter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 21: the filelog receiver's reading path on container-format lines of about 300 bytes (a
 * CRI prefix and a slog JSON object). {@link #splitLines} cuts a 1 MiB buffer into lines;
 * {@link #readFile} has a file consumer read a 64 MiB file from its start (open, fingerprint,
 * positional reads, split, decode each line to a String). Scores are per line.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FileReadBenchmark {

  static final int LINE = 300;
  static final int BUFFER_LINES = (1 << 20) / LINE;
  static final int FILE_LINES = (64 << 20) / LINE;

  private byte[] buffer;
  private LineSplitter splitter;
  private Path dir;
  private FileConsumerConfig config;
  private long sink;

  /** One container log line: CRI time, stream and tag, then a slog JSON object, {@code LINE} bytes with its newline. */
  static byte[] line(long n) {
    StringBuilder sb = new StringBuilder(LINE);
    sb.append("2026-12-03T12:00:00.").append(String.format("%09d", n % 1_000_000_000L)).append("Z stdout F ")
        .append("{\"time\":\"2026-12-03T12:00:00.123456Z\",\"level\":\"INFO\",\"msg\":\"order ").append(n)
        .append(" placed\",\"service\":\"checkout\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",")
        .append("\"tenant_id\":\"acme\",\"pad\":\"");
    while (sb.length() < LINE - 3) {
      sb.append('x');
    }
    return sb.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    buffer = new byte[BUFFER_LINES * LINE];
    for (int i = 0; i < BUFFER_LINES; i++) {
      System.arraycopy(line(i), 0, buffer, i * LINE, LINE);
    }
    splitter = LineSplitter.newlines(1 << 20);
    dir = Files.createTempDirectory("filelog-bench");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("app.log")), 1 << 20)) {
      for (int i = 0; i < FILE_LINES; i++) {
        out.write(line(i));
      }
    }
    config = FileConsumerConfig.DEFAULT.withInclude(List.of(dir.resolve("*.log").toString()))
        .withStartAtBeginning(true);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BUFFER_LINES)
  public long splitLines() {
    sink = 0;
    splitter.split(buffer, 0, buffer.length, false, (b, off, len, next) -> sink += len);
    return sink;
  }

  @Benchmark
  @OperationsPerInvocation(FILE_LINES)
  public void readFile(Blackhole bh) throws IOException {
    FileConsumer.Emitter emitter = (body, attributes) -> {
      bh.consume(body);
      return true;
    };
    try (FileConsumer c = new FileConsumer(config, emitter, null, GatewayLogger.root(), Clock.systemUTC(),
        System::nanoTime)) {
      c.poll();
    }
  }
}
