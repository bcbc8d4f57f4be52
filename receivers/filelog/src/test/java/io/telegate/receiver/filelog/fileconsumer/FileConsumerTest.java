package io.telegate.receiver.filelog.fileconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class FileConsumerTest {

  @TempDir
  Path dir;

  private final List<Object> bodies = new ArrayList<>();
  private final List<Map<String, Object>> attributes = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private FileConsumerConfig config(String... include) {
    List<String> globs = new ArrayList<>();
    for (String g : include) {
      globs.add(dir.resolve(g).toString());
    }
    return FileConsumerConfig.DEFAULT.withInclude(globs).withStartAtBeginning(true);
  }

  /** A config of the defaults with some keys changed, by their Collector names. */
  private FileConsumerConfig config(Map<String, Object> keys, String... include) {
    FileConsumerConfig b = config(include);
    return new FileConsumerConfig(b.include(), (List<String>) keys.getOrDefault("exclude", List.of()),
        (Duration) keys.get("exclude_older_than"), true, b.pollInterval(), b.fingerprintSize(),
        (int) keys.getOrDefault("max_concurrent_files", b.maxConcurrentFiles()), 0, b.maxLogSize(),
        (String) keys.getOrDefault("encoding", "utf-8"), null, null, false, b.forceFlushPeriod(), false, false, true,
        on(keys, "include_file_path"), on(keys, "include_file_name_resolved"), on(keys, "include_file_path_resolved"),
        false, false, on(keys, "include_file_record_number"), on(keys, "delete_after_read"),
        "gzip".equals(keys.get("compression")));
  }

  private static boolean on(Map<String, Object> keys, String key) {
    return Boolean.TRUE.equals(keys.get(key));
  }

  private FileConsumer consumer(FileConsumerConfig config) throws IOException {
    return consumer(config, null);
  }

  private FileConsumer consumer(FileConsumerConfig config, Checkpoints checkpoints) throws IOException {
    FileConsumer.Emitter emitter = (body, attrs) -> {
      bodies.add(body);
      attributes.add(attrs);
      return true;
    };
    return new FileConsumer(config, emitter, checkpoints, GatewayLogger.root(), Clock.systemUTC(), nanos::get);
  }

  private static void append(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Object b : bodies) {
      out.add((String) b);
    }
    return out;
  }

  @Test
  void startAtEndSkipsWhatFilesHeldAtTheFirstPollAndReadsWhatIsAppended() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "old 1\nold 2\n");
    try (FileConsumer c = consumer(config("*.log").withStartAtBeginning(false))) {
      c.poll();
      append(log, "new 1\nnew 2\n");
      c.poll();
      assertEquals(List.of("new 1", "new 2"), lines());
    }
  }

  @Test
  void aFileCreatedAfterTheFirstPollIsReadFromItsStartEvenWithStartAtEnd() throws IOException {
    try (FileConsumer c = consumer(config("*.log").withStartAtBeginning(false))) {
      c.poll();
      append(dir.resolve("late.log"), "first\nsecond\n");
      c.poll();
      assertEquals(List.of("first", "second"), lines());
    }
  }

  @Test
  void attributesNameTheFileAndItsPath() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "x\n");
    FileConsumerConfig cfg = config(Map.of("include_file_path", true, "include_file_name_resolved", true,
        "include_file_path_resolved", true, "include_file_record_number", true), "*.log");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
    }
    Map<String, Object> a = attributes.get(0);
    assertEquals("app.log", a.get("log.file.name"));
    assertEquals(log.toString(), a.get("log.file.path"));
    assertEquals("app.log", a.get("log.file.name_resolved"));
    assertEquals(log.toRealPath().toString(), a.get("log.file.path_resolved"));
    assertEquals(1L, a.get("log.file.record_number"));
  }

  @Test
  void renameRotationFinishesTheRenamedFileAndReadsTheNewOneFromItsStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "a1\na2\n");
    try (FileConsumer c = consumer(config("app.log*"))) {
      c.poll();
      append(log, "a3\n");
      Files.move(log, dir.resolve("app.log.1"));
      append(log, "b1\n");
      c.poll();
      append(dir.resolve("app.log.1"), "a4\n");
      append(log, "b2\n");
      c.poll();
      c.poll();
    }
    List<String> got = lines();
    assertEquals(List.of("a1", "a2", "a3", "a4"), got.stream().filter(s -> s.startsWith("a")).toList());
    assertEquals(List.of("b1", "b2"), got.stream().filter(s -> s.startsWith("b")).toList());
  }

  @Test
  void aFileRenamedOutOfThePatternIsReadToItsEndThroughItsOpenHandle() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "a1\n");
    try (FileConsumer c = consumer(config("app.log"))) {
      c.poll();
      append(log, "a2\n");
      Files.move(log, dir.resolve("app.old"));
      append(log, "b1\n");
      c.poll();
      c.poll();
    }
    assertEquals(List.of("a1", "b1", "a2"), lines());
  }

  @Test
  void copyTruncateFinishesTheCopyAndReadsTheTruncatedOriginalAgain() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "a1\na2\n");
    try (FileConsumer c = consumer(config("app.log*"))) {
      c.poll();
      append(log, "a3\n");
      Files.copy(log, dir.resolve("app.log.1"), StandardCopyOption.REPLACE_EXISTING);
      Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      append(log, "b1\n");
      c.poll();
      append(log, "b2\n");
      c.poll();
    }
    List<String> got = lines();
    assertEquals(List.of("a1", "a2", "a3"), got.stream().filter(s -> s.startsWith("a")).toList());
    assertEquals(List.of("b1", "b2"), got.stream().filter(s -> s.startsWith("b")).toList());
  }

  @Test
  void aFileDeletedWhileOpenIsReadToItsEnd() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "a1\n");
    try (FileConsumer c = consumer(config("*.log"))) {
      c.poll();
      append(log, "a2\na3\n");
      Files.delete(log);
      c.poll();
      assertEquals(0, c.openFiles());
    }
    assertEquals(List.of("a1", "a2", "a3"), lines());
  }

  @Test
  void aTruncatedFileIsReadAgainFromTheStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "first line of the file\nsecond\n");
    try (FileConsumer c = consumer(config("*.log"))) {
      c.poll();
      // Same first bytes, shorter: truncated and rewritten in place.
      Files.writeString(log, "first line\n", StandardOpenOption.TRUNCATE_EXISTING);
      c.poll();
      Files.writeString(log, "other\n", StandardOpenOption.TRUNCATE_EXISTING);
      c.poll();
    }
    assertEquals(List.of("first line of the file", "second", "first line", "other"), lines());
  }

  @Test
  void anUnchangedFileIsNotReadTwice() throws IOException {
    append(dir.resolve("app.log"), "once\n");
    try (FileConsumer c = consumer(config("*.log"))) {
      c.poll();
      c.poll();
      c.poll();
    }
    assertEquals(List.of("once"), lines());
  }

  @Test
  void aLastLineWithoutNewlineWaitsForTheForceFlushPeriod() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "done\npart");
    try (FileConsumer c = consumer(config("*.log"))) {
      c.poll();
      assertEquals(List.of("done"), lines());
      nanos.addAndGet(Duration.ofMillis(400).toNanos());
      c.poll();
      assertEquals(List.of("done"), lines());
      append(log, "ial");
      nanos.addAndGet(Duration.ofMillis(400).toNanos());
      c.poll();
      assertEquals(List.of("done"), lines(), "new data restarts the period");
      nanos.addAndGet(Duration.ofMillis(500).toNanos());
      c.poll();
      assertEquals(List.of("done", "partial"), lines());
      append(log, "\nnext\n");
      c.poll();
    }
    assertEquals(List.of("done", "partial", "next"), lines());
  }

  @Test
  void doubleStarMatchesAnyDepthIncludingNone() throws IOException {
    Files.createDirectories(dir.resolve("a/b"));
    append(dir.resolve("top.log"), "top\n");
    append(dir.resolve("a/mid.log"), "mid\n");
    append(dir.resolve("a/b/deep.log"), "deep\n");
    append(dir.resolve("a/b/deep.txt"), "not me\n");
    try (FileConsumer c = consumer(config("**/*.log"))) {
      c.poll();
    }
    assertEquals(List.of("deep", "mid", "top"), lines().stream().sorted().toList());
  }

  @Test
  void excludeAndExcludeOlderThanLeaveFilesOut() throws IOException {
    append(dir.resolve("keep.log"), "keep\n");
    append(dir.resolve("skip.log"), "skip\n");
    Path old = dir.resolve("old.log");
    append(old, "old\n");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    FileConsumerConfig cfg = config(Map.of("exclude", List.of(dir.resolve("skip*").toString()), "exclude_older_than",
        Duration.ofHours(1)), "*.log");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
    }
    assertEquals(List.of("keep"), lines());
  }

  @Test
  void multilineStartPatternGroupsAStackTrace() throws IOException {
    append(dir.resolve("app.log"), "Exception one\n  at a\n  at b\nException two\n  at c\n");
    FileConsumerConfig cfg = config("*.log").withSplit("^Exception", null, false, 1 << 20, Duration.ofMillis(500));
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
      assertEquals(List.of("Exception one\n  at a\n  at b"), lines(), "the last entry may still grow");
      nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      c.poll();
    }
    assertEquals(List.of("Exception one\n  at a\n  at b", "Exception two\n  at c"), lines());
  }

  @Test
  void utf16LittleEndianFilesAreSplitAndDecoded() throws IOException {
    Files.write(dir.resolve("app.log"), "héllo\nwörld\n".getBytes(StandardCharsets.UTF_16LE));
    FileConsumerConfig cfg = config(Map.of("encoding", "utf-16le"), "*.log");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
    }
    assertEquals(List.of("héllo", "wörld"), lines());
  }

  @Test
  void nopEncodingGivesRawBytes() throws IOException {
    Files.write(dir.resolve("app.log"), new byte[] {(byte) 0xff, 0x01, '\n'});
    FileConsumerConfig cfg = config(Map.of("encoding", "nop"), "*.log");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
    }
    assertEquals(1, bodies.size());
    assertTrue(java.util.Arrays.equals(new byte[] {(byte) 0xff, 0x01}, (byte[]) bodies.get(0)));
  }

  @Test
  void gzipFilesAreReadDecompressedAndAppendedMembersLater() throws IOException {
    Path gz = dir.resolve("app.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("z1\nz2\n".getBytes(StandardCharsets.UTF_8));
    }
    FileConsumerConfig cfg = config(Map.of("compression", "gzip"), "*.gz");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz, StandardOpenOption.APPEND))) {
        out.write("z3\n".getBytes(StandardCharsets.UTF_8));
      }
      c.poll();
      c.poll();
    }
    assertEquals(List.of("z1", "z2", "z3"), lines());
  }

  @Test
  void deleteAfterReadRemovesAFileOnceItWasRead() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "one\ntwo");
    FileConsumerConfig cfg = config(Map.of("delete_after_read", true), "*.log");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
    }
    assertEquals(List.of("one", "two"), lines());
    assertFalse(Files.exists(log));
  }

  @Test
  void checkpointsResumeWhereTheLastSaveWas() throws IOException {
    Path log = dir.resolve("app.log");
    Checkpoints cp = new Checkpoints(dir.resolve("offsets"), false);
    append(log, "a1\na2\n");
    try (FileConsumer c = consumer(config("*.log").withStartAtBeginning(false), cp)) {
      c.poll();
      append(log, "a3\n");
      c.poll();
      assertTrue(c.checkpoint());
      append(log, "a4\n");
    }
    assertEquals(List.of("a3"), lines());
    bodies.clear();
    try (FileConsumer c = consumer(config("*.log").withStartAtBeginning(false), cp)) {
      c.poll();
    }
    assertEquals(List.of("a4"), lines(), "a restart goes on from the checkpoint, not from the end");
  }

  @Test
  void moreFilesThanMaxConcurrentFilesAreReadInBatches() throws IOException {
    for (int i = 0; i < 25; i++) {
      append(dir.resolve("f" + i + ".log"), "line of file " + i + "\n");
    }
    FileConsumerConfig cfg = config(Map.of("max_concurrent_files", 4), "*.log");
    try (FileConsumer c = consumer(cfg)) {
      c.poll();
      assertEquals(0, c.openFiles(), "batched files are closed after their batch");
      for (int i = 0; i < 25; i++) {
        append(dir.resolve("f" + i + ".log"), "second of file " + i + "\n");
      }
      c.poll();
    }
    assertEquals(50, bodies.size());
    assertEquals(50, lines().stream().distinct().count());
  }
}
