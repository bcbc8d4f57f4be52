package io.telegate.receiver.filelog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Receiver;
import io.telegate.core.data.Logs;
import io.telegate.testing.ChildJvm;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written and rotated by another process (the testing module's LogWriter in a child JVM),
 * read by a receiver in this one: every line arrives exactly once.
 */
class RotationByAnotherProcessTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  private Receiver receiver(RecordingConsumer<Logs> next) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("include", List.of(dir.resolve("f*.log*").toString()));
    raw.put("start_at", "beginning");
    raw.put("poll_interval", "20ms");
    return new FilelogReceiverFactory().createLogs(
        CreateSettings.of(ComponentKind.RECEIVER, ComponentId.parse("filelog")),
        FilelogReceiverTest.config(raw), next);
  }

  /** How often each line arrived, by line id ("f0 17"). */
  private static Map<String, Integer> arrivals(RecordingConsumer<Logs> next) {
    Map<String, Integer> seen = new TreeMap<>();
    for (Logs l : next.received()) {
      for (ResourceLogs rl : l.request().getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          sl.getLogRecordsList().forEach(r -> {
            String body = r.getBody().getStringValue();
            String[] parts = body.split(" ", 3);
            seen.merge(parts[0] + " " + parts[1], 1, Integer::sum);
          });
        }
      }
    }
    return seen;
  }

  private void assertEveryLineOnce(int files, int lines, String... writerArgs) throws Exception {
    RecordingConsumer<Logs> next = new RecordingConsumer<>();
    Receiver r = receiver(next);
    r.start(new TestHost());
    try (ChildJvm writer = WriterProcess.start(writerArgs)) {
      writer.awaitOutput("done", WAIT);
      next.awaitItems((long) files * lines, WAIT);
    } finally {
      r.shutdown(Duration.ofSeconds(10));
    }
    Map<String, Integer> seen = arrivals(next);
    Map<String, Integer> notOnce = new TreeMap<>();
    seen.forEach((k, v) -> {
      if (v != 1) {
        notOnce.put(k, v);
      }
    });
    assertEquals(Map.of(), notOnce, "lines that arrived more than once");
    assertEquals((long) files * lines, seen.size(), "distinct lines");
    assertEquals((long) files * lines, next.itemCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rename", "copytruncate", "delete"})
  void everyLineArrivesOnceWhileTheWriterRotates(String mode) throws Exception {
    assertEveryLineOnce(2, 3000, "--dir", dir.toString(), "--files", "2", "--lines", "3000", "--rate", "4000",
        "--rotate", mode, "--every", "1000", "--size", "120");
  }

  @Test
  void everyLineArrivesOnceWhenTheWriterTruncatesAndStartsOver() throws Exception {
    assertEveryLineOnce(1, 3000, "--dir", dir.toString(), "--files", "1", "--lines", "3000", "--rate", "4000",
        "--rotate", "truncate", "--every", "1000", "--quiet-ms", "1500", "--size", "120");
  }

  @Test
  void aThousandFilesAtOnce() throws Exception {
    assertEveryLineOnce(1000, 20, "--dir", dir.toString(), "--files", "1000", "--lines", "20", "--size", "100");
  }
}
