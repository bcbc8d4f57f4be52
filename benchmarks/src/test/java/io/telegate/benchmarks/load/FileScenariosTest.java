package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.telegate.translator.stanza.Entry;
import io.telegate.translator.stanza.OperatorPipeline;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScenariosTest {

  @TempDir
  Path dir;

  @Test
  void everyFileScenariosConfigIsAcceptedByTheGatewaysOwnResolver() throws Exception {
    for (FileScenarios.Scenario s : FileScenarios.ALL.values()) {
      GatewayConfigs.assertAccepted(dir, s.name(), FileScenarios.config(s, dir.resolve("pods"), dir.resolve("storage"), 40001, 40002, 40003));
    }
  }

  @Test
  void theScenariosOperatorsMakeTheWrittenLineARecordWithTimeSeverityTraceBodyAndPod() throws Exception {
    FileScenarios.Scenario s = FileScenarios.find("filelog-otlp");
    Map<?, ?> config = new ObjectMapper(new YAMLFactory()).readValue(
        FileScenarios.config(s, dir.resolve("pods"), dir.resolve("storage"), 1, 2, 3), Map.class);
    @SuppressWarnings("unchecked")
    List<Object> operators = (List<Object>) ((Map<?, ?>) ((Map<?, ?>) config.get("receivers")).get("filelog"))
        .get("operators");
    try (PodLogWriter writer = new PodLogWriter(dir.resolve("pods"), 2, 0, 0)) {
      writer.write(4, 0);
    }
    Path file = PodLogWriter.path(dir.resolve("pods"), 1);
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size(), "lines go round the files");
    List<Entry> out = new ArrayList<>();
    OperatorPipeline chain = OperatorPipeline.build(operators, out::add);
    Entry e = new Entry(lines.get(1), 0);
    e.attributes.put("log.file.path", file.toString());
    chain.process(e);
    chain.flushAll();
    assertEquals(1, out.size(), String.valueOf(out));
    Entry r = out.get(0);
    assertEquals("c1 line 1", r.body);
    assertEquals("INFO", r.severityText);
    assertTrue(r.timestampNanos > 0);
    assertNotNull(r.traceId);
    assertEquals("4bf92f3577b34da6a3ce900000000003", HexFormat.of().formatHex(r.traceId));
    assertEquals("checkout", r.attributes.get("service"));
    assertEquals("shop", r.resource.get("k8s.namespace.name"));
    assertEquals("app", r.resource.get("k8s.container.name"));
    assertEquals("checkout-7d9f8c6b5-00001", r.resource.get("k8s.pod.name"));
  }

  @Test
  void writtenLinesAreAboutThreeHundredBytesOfCriInTheDaemonSetsGlob() throws Exception {
    try (PodLogWriter writer = new PodLogWriter(dir.resolve("pods"), 3, 0, 0)) {
      writer.write(30, 0);
      assertEquals(30, writer.written());
    }
    var glob = FileSystems.getDefault().getPathMatcher("glob:" + PodLogWriter.include(dir.resolve("pods")));
    for (int f = 0; f < 3; f++) {
      Path p = PodLogWriter.path(dir.resolve("pods"), f);
      assertTrue(glob.matches(p), p.toString());
      for (String line : Files.readAllLines(p)) {
        assertTrue(line.matches("2026-12-03T12:\\d\\d:\\d\\d\\.\\d{9}Z stdout F \\{.*\\}"), line);
        assertEquals(PodLogWriter.LINE_BYTES, line.length() + 1, line);
      }
    }
  }

  @Test
  void rotationRenamesAtTheSizeAndKeepsOnlyTheNewestRotatedFiles() throws Exception {
    Path root = dir.resolve("pods");
    try (PodLogWriter writer = new PodLogWriter(root, 1, 10L * PodLogWriter.LINE_BYTES, 2)) {
      writer.write(45, 0);
    }
    Path current = PodLogWriter.path(root, 0);
    List<String> names;
    try (Stream<Path> files = Files.list(current.getParent())) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("0.log", "0.log.3", "0.log.4"), names);
    assertEquals(5, Files.readAllLines(current).size());
    assertEquals(10, Files.readAllLines(current.resolveSibling("0.log.4")).size());
    assertTrue(Files.readAllLines(current).get(0).contains("\"msg\":\"c0 line 40\""));
  }

  @Test
  void aRateLimitedWriteCountsWhatReachedTheFiles() throws Exception {
    try (PodLogWriter writer = new PodLogWriter(dir.resolve("pods"), 2, 0, 0)) {
      writer.write(20, 100_000);
      assertEquals(20, writer.written());
      long lines = Files.readAllLines(PodLogWriter.path(dir.resolve("pods"), 0)).size()
          + Files.readAllLines(PodLogWriter.path(dir.resolve("pods"), 1)).size();
      assertEquals(20, lines);
    }
  }

  @Test
  void verdictNamesLossAndDuplicates() {
    assertEquals("exactly once (loss=0 dup=0)", FileScenarioRunner.verdict(10, 10));
    assertEquals("LOSS=3", FileScenarioRunner.verdict(10, 7));
    assertEquals("DUP=2", FileScenarioRunner.verdict(10, 12));
  }
}
