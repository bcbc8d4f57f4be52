package io.telegate.receiver.filelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.Await;
import io.telegate.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver process killed with {@code kill -9} while another process writes, then restarted on
 * its checkpoint: every line arrives, and what arrives twice is at most the batches that were
 * accepted but not yet saved when each kill came (at least once, never loss).
 */
class KillAndRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int FILES = 4;
  private static final int LINES = 15_000;

  @TempDir
  Path dir;

  private ChildJvm receiver(Path files, Path storage, Path out) {
    return ChildJvm.start("filelog-receiver", WriterProcess.classpath(), List.of("-Xmx256m", "-XX:+UseSerialGC"),
        ReceiverProcess.class.getName(), List.of(files.toString(), storage.toString(), out.toString()));
  }

  private static List<String> accepted(Path out) throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out)) {
      String[] p = l.split(" ", 3);
      if (p.length >= 2) {
        lines.add(p[0] + " " + p[1]);
      }
    }
    return lines;
  }

  @Test
  void killedTwiceWhileReadingLosesNothingAndRepeatsAtMostTheUnsavedBatches() throws Exception {
    Path files = Files.createDirectories(dir.resolve("logs"));
    Path storage = Files.createDirectories(dir.resolve("storage"));
    Path out = dir.resolve("accepted.txt");
    int total = FILES * LINES;
    try (ChildJvm writer = WriterProcess.start("--dir", files.toString(), "--files", String.valueOf(FILES),
        "--lines", String.valueOf(LINES), "--rate", "12000", "--size", "120")) {
      for (int kill = 1; kill <= 2; kill++) {
        ChildJvm r = receiver(files, storage, out);
        r.awaitOutput("started", WAIT);
        long before = accepted(out).size();
        Await.until("more lines accepted before kill " + (kill), WAIT, () -> {
          try {
            return accepted(out).size() > before + 2000;
          } catch (IOException e) {
            return false;
          }
        });
        r.kill(); // SIGKILL: no shutdown hook, no last checkpoint
      }
      try (ChildJvm last = receiver(files, storage, out)) {
        writer.awaitOutput("done", WAIT);
        Await.until("every line accepted", WAIT, () -> {
          try {
            return accepted(out).stream().distinct().count() == total;
          } catch (IOException e) {
            return false;
          }
        });
      }
    }
    List<String> got = accepted(out);
    Map<String, Integer> counts = new TreeMap<>();
    got.forEach(l -> counts.merge(l, 1, Integer::sum));
    assertEquals(total, counts.size(), "every line arrived");
    long repeated = got.size() - counts.size();
    assertTrue(repeated <= 2L * FilelogReceiver.MAX_BATCH_RECORDS,
        "at most one batch per kill arrives twice, got " + repeated + " repeated lines");
    assertTrue(counts.values().stream().allMatch(n -> n <= 3), "no line arrives more than once per kill");
  }
}
