package io.telegate.benchmarks.jmh;

import io.telegate.translator.stanza.Entry;
import io.telegate.translator.stanza.OperatorPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 21: the stanza operators on the platform's log lines, CRI lines (~300 B) of slog JSON as
 * containerd writes them under /var/log/pods: the {@code container} parser alone, the
 * {@code json_parser} alone (on the slog JSON), and both as config/examples' Kubernetes case chains
 * them (container, then json_parser with body, timestamp, severity and trace blocks). Each
 * operation is one line; the target is 200k lines/s per core for the whole chain.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StanzaOperatorsBenchmark {

  private static final int LINES = 1024;
  private static final String PATH =
      "/var/log/pods/shop_payments-7d9f8c6b5-x2x4z_1f2e3d4c-aaaa-bbbb-cccc-0123456789ab/payments/0.log";

  private String[] criLines;
  private String[] jsonLines;
  private OperatorPipeline container;
  private OperatorPipeline json;
  private OperatorPipeline chain;
  private Blackhole sinkHole;
  private long emitted;

  /** ~300 B CRI lines, their slog JSON varying as a service's do. */
  static String[] criLines(int n) {
    String[] levels = {"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      String json = String.format("{\"time\":\"2024-05-01T10:00:%02d.%06dZ\",\"level\":\"%s\",\"msg\":\"order %d "
          + "processed\",\"service\":\"payments\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e%04x\",\"tenant_id\":"
          + "\"tenant-%d\",\"duration_ms\":%d,\"path\":\"/api/v1/orders/%d\",\"status\":200}", i % 60, i * 7 % 1_000_000,
          levels[i % levels.length], 100_000 + i, i & 0xffff, i % 17, i % 250, 5000 + i);
      out[i] = String.format("2024-05-01T10:00:%02d.%09dZ stdout F %s", i % 60, i * 131 % 1_000_000_000, json);
    }
    return out;
  }

  @Setup(Level.Trial)
  public void setUp(Blackhole bh) {
    sinkHole = bh;
    criLines = criLines(LINES);
    jsonLines = new String[LINES];
    for (int i = 0; i < LINES; i++) {
      jsonLines[i] = criLines[i].substring(criLines[i].indexOf('{'));
    }
    container = OperatorPipeline.build(List.of(Map.of("type", "container")), this::sink);
    json = OperatorPipeline.build(List.of(Map.of("type", "json_parser")), this::sink);
    List<Object> ops = new ArrayList<>();
    ops.add(Map.of("type", "container"));
    ops.add(Map.of("type", "json_parser", "body", "attributes.msg",
        "timestamp", Map.of("parse_from", "attributes.time", "layout_type", "gotime",
            "layout", "2006-01-02T15:04:05.999999999Z07:00"),
        "severity", Map.of("parse_from", "attributes.level"),
        "trace", Map.of("trace_id", Map.of("parse_from", "attributes.trace_id"))));
    ops.add(Map.of("type", "remove", "field", "attributes.time"));
    chain = OperatorPipeline.build(ops, this::sink);
    for (String l : criLines) {
      if (!l.contains("\"status\":200") || l.length() < 250 || l.length() > 350) {
        throw new IllegalStateException("not the line this benchmark is about: " + l.length() + " B");
      }
    }
  }

  private void sink(Entry e) {
    emitted++;
    sinkHole.consume(e);
  }

  private static Entry entry(String line) {
    Entry e = new Entry(line, 1L);
    e.attributes.put("log.file.path", PATH);
    return e;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long containerParser() {
    for (String l : criLines) {
      container.process(entry(l));
    }
    return emitted;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long jsonParser() {
    for (String l : jsonLines) {
      json.process(entry(l));
    }
    return emitted;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public long containerThenJson() {
    for (String l : criLines) {
      chain.process(entry(l));
    }
    return emitted;
  }
}
