package io.telegate.exporter.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.data.Traces;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileExporterTest {

  @TempDir
  Path dir;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final TestHost host = new TestHost().withScheduler(scheduler);
  private final List<Exporter<?>> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(e -> e.shutdown(Duration.ofSeconds(5)));
  }

  static FileExporterConfig config(Map<String, Object> raw) {
    ConfigErrors errors = new ConfigErrors();
    FileExporterConfig c = ConfigBinder.bind(raw, FileExporterConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), c.validate());
    return c;
  }

  /** The three signals' exporters of one id, as the pipeline graph creates them: one shared sink. */
  private record Exporters(Exporter<Traces> traces, Exporter<io.telegate.core.data.Metrics> metrics,
      Exporter<Logs> logs) {}

  private Exporters start(FileExporterConfig config) throws Exception {
    CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("file"));
    FileExporterFactory f = new FileExporterFactory();
    Exporters e = new Exporters(f.createTraces(settings, config), f.createMetrics(settings, config),
        f.createLogs(settings, config));
    for (Exporter<?> x : List.of(e.traces(), e.metrics(), e.logs())) {
      x.start(host);
      started.add(x);
    }
    return e;
  }

  private void stop(Exporters e) {
    for (Exporter<?> x : List.of(e.traces(), e.metrics(), e.logs())) {
      x.shutdown(Duration.ofSeconds(5));
    }
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The length-prefixed records of a file: 4 bytes of length, big-endian, then the record. */
  static List<byte[]> records(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      while (true) {
        int n;
        try {
          n = in.readInt();
        } catch (EOFException e) {
          return out;
        }
        byte[] r = new byte[n];
        in.readFully(r);
        out.add(r);
      }
    }
  }

  @Test
  void everySignalGoesToOneFileAsOtlpJsonLinesThatReadBack() throws Exception {
    Path file = dir.resolve("out.json");
    Exporters e = start(config(map("path", file.toString())));
    TraceData traces = TraceData.spans(3).resource("service.name", "a");
    MetricData metrics = MetricData.gauges(2, 2).resource("service.name", "a");
    LogData logs = LogData.records(4).resource("service.name", "a");
    e.traces().consume(traces.encoded()).join();
    e.metrics().consume(metrics.parsed()).join();
    e.logs().consume(logs.encoded()).join();
    stop(e);

    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals(traces.build(), ExportTraceServiceRequest.parseFrom(OtlpJsonReader.traces(bytes(lines.get(0)))));
    assertEquals(metrics.build(),
        ExportMetricsServiceRequest.parseFrom(OtlpJsonReader.metrics(bytes(lines.get(1)))));
    assertEquals(logs.build(), ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(bytes(lines.get(2)))));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void protoRecordsAreLengthPrefixedAndParseWithProtobufJava() throws Exception {
    Path file = dir.resolve("out.pb");
    Exporters e = start(config(map("path", file.toString(), "format", "proto")));
    TraceData traces = TraceData.spans(5).resource("service.name", "p");
    LogData logs = LogData.records(2);
    e.traces().consume(traces.encoded()).join();
    e.logs().consume(logs.parsed()).join();
    stop(e);

    List<byte[]> records = records(file);
    assertEquals(2, records.size());
    assertEquals(traces.build(), ExportTraceServiceRequest.parseFrom(records.get(0)));
    assertEquals(logs.build(), ExportLogsServiceRequest.parseFrom(records.get(1)));
  }

  @Test
  void zstdCompressesEachRecordOnItsOwnAfterItsLength() throws Exception {
    Path json = dir.resolve("out.json.zst");
    Path proto = dir.resolve("out.pb.zst");
    TraceData traces = TraceData.spans(50).attribute("http.route", "/checkout");
    Exporters j = start(config(map("path", json.toString(), "compression", "zstd")));
    Exporters p = start(config(map("path", proto.toString(), "compression", "zstd", "format", "proto")));
    for (int i = 0; i < 2; i++) {
      j.traces().consume(traces.encoded()).join();
      p.traces().consume(traces.encoded()).join();
    }
    stop(j);
    stop(p);

    List<byte[]> jsonRecords = records(json);
    assertEquals(2, jsonRecords.size());
    for (byte[] r : jsonRecords) {
      byte[] plain = Zstd.decompress(r, (int) Zstd.getFrameContentSize(r));
      assertEquals(traces.build(), ExportTraceServiceRequest.parseFrom(OtlpJsonReader.traces(plain)));
    }
    List<byte[]> protoRecords = records(proto);
    assertEquals(2, protoRecords.size());
    for (byte[] r : protoRecords) {
      assertTrue(r.length < traces.bytes().length, "compressed");
      assertEquals(traces.build(), ExportTraceServiceRequest.parseFrom(
          Zstd.decompress(r, (int) Zstd.getFrameContentSize(r))));
    }
  }

  @Test
  void startTruncatesTheFileUnlessAppendIsSet() throws Exception {
    Path file = dir.resolve("out.json");
    Files.writeString(file, "old line\n");
    stop(start(config(map("path", file.toString()))));
    assertEquals("", Files.readString(file), "truncated at start, even with nothing written");

    Files.writeString(file, "old line\n");
    Exporters e = start(config(map("path", file.toString(), "append", true)));
    e.logs().consume(LogData.records(1).encoded()).join();
    stop(e);
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals("old line", lines.get(0));
  }

  @Test
  void writesReachTheFileAtEachFlushInterval() throws Exception {
    Path file = dir.resolve("out.json");
    Exporters e = start(config(map("path", file.toString(), "flush_interval", "5s")));
    e.logs().consume(LogData.records(1).encoded()).join();
    assertEquals(0, Files.size(file), "buffered until the flush");
    scheduler.advance(Duration.ofSeconds(4));
    assertEquals(0, Files.size(file));
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(1, Files.readAllLines(file).size());

    e.logs().consume(LogData.records(1).encoded()).join();
    scheduler.advance(Duration.ofSeconds(5));
    assertEquals(2, Files.readAllLines(file).size(), "the timer goes on after a flush");
  }

  @Test
  void shutdownWaitsForTheLastSignalAndFlushes() throws Exception {
    Path file = dir.resolve("out.json");
    Exporters e = start(config(map("path", file.toString())));
    e.traces().consume(TraceData.spans(1).encoded()).join();
    e.traces().shutdown(Duration.ofSeconds(5));
    e.metrics().shutdown(Duration.ofSeconds(5));
    e.logs().consume(LogData.records(1).encoded()).join();
    assertEquals(0, Files.size(file), "still open and buffering for logs");
    e.logs().shutdown(Duration.ofSeconds(5));
    assertEquals(2, Files.readAllLines(file).size());
  }

  @Test
  void aMissingDirectoryFailsTheStartUnlessCreateDirectoryIsSet() throws Exception {
    Path file = dir.resolve("a/b/out.json");
    CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("file"));
    Exporter<Logs> logs = new FileExporterFactory().createLogs(settings, config(map("path", file.toString())));
    started.add(logs);
    Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> logs.start(host));
    assertTrue(String.valueOf(failure.getMessage()).contains("out.json"), String.valueOf(failure.getMessage()));

    Exporters e = start(config(map("path", file.toString(), "create_directory", true,
        "directory_permissions", "0750")));
    e.logs().consume(LogData.records(1).encoded()).join();
    stop(e);
    assertEquals(1, Files.readAllLines(file).size());
    assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("a/b"))));
  }

  @Test
  void groupByWritesEachResourceToTheFileOfItsAttributeAndCountsTheRest() throws Exception {
    String path = dir.resolve("tenants").toString() + "/*/logs.json";
    Exporters e = start(config(map("path", path, "group_by", map("enabled", true))));
    LogData data = LogData.records(2).resource("fileexporter.path_segment", "acme")
        .and(LogData.records(3).resource("fileexporter.path_segment", "globex"))
        .and(LogData.records(1).resource("fileexporter.path_segment", "acme", "host", "h2"))
        .and(LogData.records(4).resource("service.name", "no-segment"))
        .and(LogData.records(1).resource("fileexporter.path_segment", "../../escape"));
    e.logs().consume(data.encoded()).join();
    stop(e);

    ExportLogsServiceRequest acme = ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(
        Files.readAllBytes(dir.resolve("tenants/acme/logs.json"))));
    assertEquals(2, acme.getResourceLogsCount(), "both acme resources, in one request");
    assertEquals(3, Logs.of(ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(
        Files.readAllBytes(dir.resolve("tenants/globex/logs.json"))))).itemCount());
    assertTrue(Files.exists(dir.resolve("tenants/escape/logs.json")), "a value cannot leave the directory");
    assertEquals(4, host.value("telegate_exporter_file_dropped_log_records{exporter=\"file\""), host.scrape());
    try (Stream<Path> all = Files.walk(dir)) {
      assertEquals(3, all.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void groupByClosesTheLeastRecentlyWrittenFileBeyondMaxOpenFiles() throws Exception {
    String path = dir + "/out-*.json";
    Exporters e = start(config(map("path", path, "group_by", map("enabled", true, "max_open_files", 1))));
    e.traces().consume(TraceData.spans(1).resource("fileexporter.path_segment", "a").encoded()).join();
    assertEquals(0, Files.size(dir.resolve("out-a.json")), "buffered while open");
    e.traces().consume(TraceData.spans(1).resource("fileexporter.path_segment", "b").encoded()).join();
    assertEquals(1, Files.readAllLines(dir.resolve("out-a.json")).size(), "closed, so flushed, to make room");
    e.traces().consume(TraceData.spans(1).resource("fileexporter.path_segment", "a").encoded()).join();
    stop(e);
    assertEquals(2, Files.readAllLines(dir.resolve("out-a.json")).size(),
        "reopened: appended to, not truncated as at start");
    assertEquals(1, Files.readAllLines(dir.resolve("out-b.json")).size());
  }

  @Test
  void aWriteFailureFailsTheRequestPermanently() throws Exception {
    Path file = dir.resolve("out.json");
    Exporters e = start(config(map("path", file.toString(), "rotation", map("max_megabytes", 1))));
    CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> e.traces().consume(TraceData.ofSize(1_200_000).encoded()).join());
    ConsumerException cause = assertInstanceOf(ConsumerException.class, failure.getCause());
    assertTrue(cause.isPermanent());
    assertTrue(cause.getMessage().contains("exceeds maximum file size 1048576"), cause.getMessage());
    assertFalse(Files.exists(file), "nothing written");
  }
}
