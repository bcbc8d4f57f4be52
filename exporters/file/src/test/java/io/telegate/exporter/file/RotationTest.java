package io.telegate.exporter.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.Logs;
import io.telegate.testing.SettableClock;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation as lumberjack does it, which the Collector's file exporter uses. */
class RotationTest {

  private static final Instant T0 = Instant.parse("2022-09-14T05:02:14.173Z");
  private static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;

  private final SettableClock clock = new SettableClock(T0);

  private static byte[] record(int size, char fill) {
    byte[] r = new byte[size];
    Arrays.fill(r, (byte) fill);
    r[size - 1] = '\n';
    return r;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static FileExporterConfig.Rotation rotation(int maxBackups, int maxDays, boolean localtime) {
    return new FileExporterConfig.Rotation(1, maxDays, maxBackups, localtime);
  }

  @Test
  void beforeAWriteWouldPassTheSizeTheFileIsRenamedWithTheTimeBeforeItsExtension() throws Exception {
    RotatingFile f = new RotatingFile(dir.resolve("data.json"), rotation(100, 0, false), clock);
    f.write(record(600_000, 'a'));
    f.write(record(400_000, 'b'));
    assertEquals(List.of("data.json"), names(), "1,000,000 bytes fit in 1 MiB");
    f.write(record(100_000, 'c'));
    f.close();
    assertEquals(List.of("data-2022-09-14T05-02-14.173.json", "data.json"), names());
    assertEquals(1_000_000, Files.size(dir.resolve("data-2022-09-14T05-02-14.173.json")), "records are never split");
    assertEquals(100_000, Files.size(dir.resolve("data.json")));
  }

  @Test
  void aNameWithoutExtensionGetsTheTimeAtItsEndAndLocaltimeUsesTheClocksZone() throws Exception {
    Clock tokyo = Clock.fixed(T0, ZoneId.of("Asia/Tokyo"));
    RotatingFile f = new RotatingFile(dir.resolve("telemetry"), rotation(100, 0, true), tokyo);
    f.write(record(MIB - 10, 'a'));
    f.write(record(20, 'b'));
    f.close();
    assertEquals(List.of("telemetry", "telemetry-2022-09-14T14-02-14.173"), names());
  }

  @Test
  void onlyTheNewestMaxBackupsAreKept() throws Exception {
    RotatingFile f = new RotatingFile(dir.resolve("data.json"), rotation(2, 0, false), clock);
    for (int i = 0; i < 5; i++) {
      f.write(record(MIB - 100, (char) ('a' + i)));
      clock.advance(Duration.ofMinutes(1));
    }
    f.close();
    assertEquals(List.of("data-2022-09-14T05-05-14.173.json", "data-2022-09-14T05-06-14.173.json", "data.json"),
        names(), "four rotations; the two oldest backups deleted");
    assertEquals('e', Files.readAllBytes(dir.resolve("data.json"))[0]);
    assertEquals('d', Files.readAllBytes(dir.resolve("data-2022-09-14T05-06-14.173.json"))[0]);
  }

  @Test
  void backupsOlderThanMaxDaysAreDeletedAndOtherFilesLeftAlone() throws Exception {
    Files.writeString(dir.resolve("data-2022-09-01T00-00-00.000.json"), "13 days old\n");
    Files.writeString(dir.resolve("data-2022-09-13T00-00-00.000.json"), "1 day old\n");
    Files.writeString(dir.resolve("data-notatime.json"), "not a backup\n");
    Files.writeString(dir.resolve("other-2022-09-01T00-00-00.000.json"), "another file's\n");
    RotatingFile f = new RotatingFile(dir.resolve("data.json"), rotation(0, 7, false), clock);
    f.write(record(10, 'a'));
    f.close();
    assertEquals(List.of("data-2022-09-13T00-00-00.000.json", "data-notatime.json", "data.json",
        "other-2022-09-01T00-00-00.000.json"), names());
  }

  @Test
  void anExistingFileIsAppendedToWhenTheWriteFitsAndRotatedWhenNot() throws Exception {
    Path file = dir.resolve("data.json");
    Files.write(file, record(1000, 'x'));
    RotatingFile f = new RotatingFile(file, rotation(100, 0, false), clock);
    f.write(record(1000, 'a'));
    f.close();
    assertEquals(List.of("data.json"), names());
    assertEquals(2000, Files.size(file));

    Files.write(file, record(MIB - 500, 'x'));
    clock.advance(Duration.ofSeconds(1));
    f = new RotatingFile(file, rotation(100, 0, false), clock);
    f.write(record(500, 'a'));
    f.close();
    assertEquals(List.of("data-2022-09-14T05-02-15.173.json", "data.json"), names(),
        "reaching the size exactly rotates, as lumberjack's first open does");
  }

  @Test
  void twoRotationsInOneMillisecondKeepBothBackups() throws Exception {
    RotatingFile f = new RotatingFile(dir.resolve("data.json"), rotation(0, 0, false), clock);
    for (int i = 0; i < 3; i++) {
      f.write(record(MIB - 100, 'a'));
    }
    f.close();
    assertEquals(List.of("data-2022-09-14T05-02-14.173.json", "data-2022-09-14T05-02-14.174.json", "data.json"),
        names());
  }

  @Test
  void theExporterRotatesWithAnEmptyRotationKeyAndEveryRecordReadsBack() throws Exception {
    Map<String, Object> raw = new java.util.HashMap<>();
    raw.put("path", dir.resolve("logs.json").toString());
    raw.put("rotation", null);
    FileExporterConfig config = FileExporterTest.config(raw);
    assertEquals(FileExporterConfig.Rotation.DEFAULT, config.rotation(), "rotation: with no value is on");

    config = FileExporterTest.config(Map.of("path", dir.resolve("logs.json").toString(),
        "rotation", Map.of("max_megabytes", 1, "max_backups", 0)));
    Exporter<Logs> logs = new FileExporterFactory().createLogs(
        CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("file")), config);
    logs.start(new TestHost(clock));
    LogData data = LogData.records(200).bodies(i -> "x".repeat(1000));
    int requests = 12;
    for (int i = 0; i < requests; i++) {
      logs.consume(data.encoded()).join();
      clock.advance(Duration.ofSeconds(1));
    }
    logs.shutdown(Duration.ofSeconds(5));

    List<String> names = names();
    assertTrue(names.size() > 2, names.toString());
    int read = 0;
    for (String name : names) {
      for (String line : Files.readAllLines(dir.resolve(name))) {
        assertEquals(data.build(), ExportLogsServiceRequest.parseFrom(
            io.telegate.core.data.OtlpJsonReader.logs(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        read++;
      }
      assertTrue(Files.size(dir.resolve(name)) <= MIB, name);
    }
    assertEquals(requests, read, "every request in exactly one file");
    assertFalse(names.contains("logs-.json"));
  }
}
