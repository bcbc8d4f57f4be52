package io.telegate.core.exporter;

import static io.telegate.testing.data.TraceData.spans;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.HostThreads;
import io.telegate.core.component.Signal;
import io.telegate.core.data.Traces;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentQueueTest {

  @TempDir Path dir;

  private PersistentQueue<Traces> open(QueueConfig.Fsync fsync, long capacity) throws Exception {
    QueueConfig cfg = new QueueConfig(true, 1, capacity, QueueConfig.Sizer.ITEMS, false, dir.toString(), fsync);
    return PersistentQueue.open(dir, Signal.TRACES, cfg, Traces::itemCount, GatewayLogger.root(),
        java.time.Duration.ZERO, null, new HostThreads("telegate-queue-test"));
  }

  private List<Path> segments() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
    }
  }

  @Test
  void acknowledgedDataSurvivesACrashAndComesBackInOrder() throws Exception {
    PersistentQueue<Traces> q = open(QueueConfig.Fsync.ALWAYS, 1000);
    for (int i = 1; i <= 3; i++) {
      q.offer(spans(i).parsed()).get();
    }
    // No close(): a crash. The next process opens the same directory.
    PersistentQueue<Traces> after = open(QueueConfig.Fsync.ALWAYS, 1000);
    assertEquals(6, after.size());
    assertEquals(1, after.poll().data().itemCount());
    assertEquals(2, after.poll().data().itemCount());
    assertEquals(3, after.poll().data().itemCount());
    assertNull(after.poll());
    after.close();
  }

  @Test
  void sentEntriesAreNotResentAfterRestartAndTheirSegmentIsDeleted() throws Exception {
    PersistentQueue<Traces> q = open(QueueConfig.Fsync.BATCH, 1000);
    q.offer(spans(1).parsed()).get();
    q.offer(spans(2).parsed()).get();
    q.ack(q.poll());
    q.close();
    PersistentQueue<Traces> after = open(QueueConfig.Fsync.BATCH, 1000);
    ExportQueue.Entry<Traces> e = after.poll();
    assertEquals(2, e.data().itemCount());
    assertNull(after.poll());
    after.ack(e);
    after.close();
    PersistentQueue<Traces> empty = open(QueueConfig.Fsync.BATCH, 1000);
    assertNull(empty.poll());
    empty.close();
    assertTrue(segments().size() <= 1, segments().toString());
  }

  @Test
  void aTornWriteAtTheTailIsSkippedNotFatal() throws Exception {
    PersistentQueue<Traces> q = open(QueueConfig.Fsync.ALWAYS, 1000);
    q.offer(spans(1).parsed()).get();
    q.offer(spans(2).parsed()).get();
    Path segment = segments().get(0);
    long size = Files.size(segment);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(size - 3); // the second record loses its last bytes, as in a crash mid-write
    }
    PersistentQueue<Traces> after = open(QueueConfig.Fsync.ALWAYS, 1000);
    assertEquals(1, after.poll().data().itemCount());
    assertNull(after.poll());
    // The queue goes on working after the damaged tail.
    after.offer(spans(4).parsed()).get();
    assertEquals(4, after.poll().data().itemCount());
    after.close();
  }

  @Test
  void aCorruptRecordEndsItsSegmentWithoutFailingTheQueue() throws Exception {
    PersistentQueue<Traces> q = open(QueueConfig.Fsync.ALWAYS, 1000);
    q.offer(spans(1).parsed()).get();
    q.offer(spans(2).parsed()).get();
    Path segment = segments().get(0);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(f.length() - 1);
      int last = f.readByte();
      f.seek(f.length() - 1);
      f.write(0x55 ^ last); // a flipped bit inside the second record's payload
    }
    PersistentQueue<Traces> after = open(QueueConfig.Fsync.ALWAYS, 1000);
    assertEquals(1, after.poll().data().itemCount());
    assertNull(after.poll());
    after.close();
  }

  @Test
  void diskUsageIsBoundedByQueueSize() throws Exception {
    PersistentQueue<Traces> q = open(QueueConfig.Fsync.NEVER, 5);
    q.offer(spans(3).parsed()).get();
    assertTrue(q.offer(spans(3).parsed()).isCompletedExceptionally());
    q.offer(spans(2).parsed()).get();
    assertEquals(5, q.size());
    q.close();
  }
}
