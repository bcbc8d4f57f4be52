package io.telegate.core.exporter;

import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import io.telegate.core.flow.WaitingRoom;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The disk queue: append-only segment files of checksummed records, one directory per exporter
 * and signal. What {@link #offer} acknowledged survives a crash ({@code kill -9}) and is sent
 * after restart, at least once.
 *
 * <p>Record: {@code [body length u32][crc32c of body u32][body]}, body = {@code [seq u64][items
 * u32][OTLP request bytes]}. A single writer thread appends what callers offer and forces the
 * file as {@code fsync} says (group commit for {@code batch}) before completing their futures,
 * so no caller thread ever waits on the disk. The file {@code committed} holds the lowest
 * sequence not yet acknowledged by the backend; it is written lazily, so a crash can resend a few
 * requests (duplicates), never lose one. A segment is deleted when every record in it was
 * acknowledged. On open, a torn or corrupt record ends its segment: it is logged and skipped.
 *
 * <p>Why not a library: the candidates (Chronicle Queue, Tape, MapDB) bring either a large
 * dependency with its own off-heap and licensing concerns, or lack group commit and checksums;
 * the format needed here is small enough to own and test. See docs/ARCHITECTURE.md.
 */
final class PersistentQueue<T extends TelemetryData<?>> implements ExportQueue<T> {

  static final long SEGMENT_BYTES = 16L << 20;
  private static final int HEADER = 8;
  private static final int BODY_PREFIX = 12;
  private static final String COMMITTED = "committed";

  private final Path dir;
  private final Signal signal;
  private final long capacity;
  private final boolean block;
  private final QueueConfig.Fsync fsync;
  private final QueueConfig.Sizer sizerKind;
  private final ToLongFunction<T> sizer;
  private final GatewayLogger log;
  private final Thread writer;
  private final WaitingRoom<Write<T>> room;

  // Guarded by this.
  private final ArrayDeque<Meta> ready = new ArrayDeque<>();
  private final TreeSet<Long> outstanding = new TreeSet<>();
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final ArrayDeque<Write<T>> writes = new ArrayDeque<>();
  private long used;
  private long nextSeq;
  private long committedWritten = -1;
  private boolean closed;
  private Segment active;

  /** Where a record lives and what it weighs. */
  private record Meta(long seq, Segment segment, long offset, int length, int items, long size,
      CompletableFuture<Void> result) {}

  private record Write<D extends TelemetryData<?>>(D data, byte[] bytes, long size, CompletableFuture<Void> done,
      CompletableFuture<Void> result) {}

  private static final class Segment {
    final long firstSeq;
    final Path path;
    final FileChannel channel;
    long length;
    int unacked;
    boolean sealed;

    Segment(long firstSeq, Path path, FileChannel channel, long length) {
      this.firstSeq = firstSeq;
      this.path = path;
      this.channel = channel;
      this.length = length;
    }
  }

  private PersistentQueue(Path dir, Signal signal, QueueConfig config, ToLongFunction<T> sizer, GatewayLogger log,
      Duration admissionWait, Scheduler timer, ThreadFactory threads) {
    this.dir = dir;
    this.signal = signal;
    this.capacity = config.queueSize();
    this.block = config.blockOnOverflow();
    this.fsync = config.fsync();
    this.sizerKind = config.sizer();
    this.sizer = sizer;
    this.log = log;
    this.writer = threads.newThread(this::writeLoop);
    this.room = new WaitingRoom<>(timer, block ? Duration.ofNanos(-1) : admissionWait, this::tryAdmit, Write::done);
  }

  /**
   * Opens (or creates) the queue in {@code dir}, recovering what a previous run left.
   *
   * @param admissionWait how long a request that finds the queue full waits for room before it is
   *     refused (without {@code block_on_overflow}; with it, it waits without end)
   * @param timer ends those waits
   * @param threads makes the writer thread (the host's, for the exporter)
   */
  static <T extends TelemetryData<?>> PersistentQueue<T> open(Path dir, Signal signal, QueueConfig config,
      ToLongFunction<T> sizer, GatewayLogger log, Duration admissionWait, Scheduler timer, ThreadFactory threads)
      throws IOException {
    Files.createDirectories(dir);
    PersistentQueue<T> q = new PersistentQueue<>(dir, signal, config, sizer, log, admissionWait, timer, threads);
    synchronized (q) {
      q.recover();
    }
    q.writer.start();
    return q;
  }

  private void recover() throws IOException {
    long committed = 0;
    Path c = dir.resolve(COMMITTED);
    if (Files.exists(c)) {
      try {
        committed = Long.parseLong(Files.readString(c).trim());
      } catch (NumberFormatException e) {
        log.warn("persistent queue: unreadable committed file; resending everything on disk", "dir", dir.toString());
      }
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().forEach(files::add);
    }
    nextSeq = committed;
    for (Path p : files) {
      long first = Long.parseLong(p.getFileName().toString().substring(8, 28));
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Segment seg = new Segment(first, p, ch, 0);
      seg.sealed = true;
      long good = scan(seg, committed);
      if (good < ch.size()) {
        log.warn("persistent queue: torn or corrupt record; skipping the rest of the segment",
            "segment", p.toString(), "offset", good, "bytes_skipped", ch.size() - good);
        ch.truncate(good);
      }
      seg.length = good;
      if (seg.unacked == 0) {
        ch.close();
        Files.deleteIfExists(p);
      } else {
        segments.put(first, seg);
      }
    }
    if (!ready.isEmpty()) {
      log.info("persistent queue: recovered unsent requests", "dir", dir.toString(), "requests", ready.size());
    }
  }

  /** Reads records from a segment; returns the offset after the last good one. */
  private long scan(Segment seg, long committed) throws IOException {
    FileChannel ch = seg.channel;
    long pos = 0;
    long size = ch.size();
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= size) {
      header.clear();
      readFully(ch, header, pos);
      header.flip();
      int len = header.getInt();
      int crc = header.getInt();
      if (len < BODY_PREFIX || pos + HEADER + len > size) {
        return pos;
      }
      ByteBuffer body = ByteBuffer.allocate(len);
      readFully(ch, body, pos + HEADER);
      CRC32C check = new CRC32C();
      check.update(body.array(), 0, len);
      if ((int) check.getValue() != crc) {
        return pos;
      }
      body.flip();
      long seq = body.getLong();
      int items = body.getInt();
      if (seq >= committed) {
        long entrySize = recoveredSize(items, len - BODY_PREFIX);
        ready.add(new Meta(seq, seg, pos, len, items, entrySize, null));
        outstanding.add(seq);
        seg.unacked++;
        used += entrySize;
      }
      nextSeq = Math.max(nextSeq, seq + 1);
      pos += HEADER + len;
    }
    return pos;
  }

  private long recoveredSize(int items, int bytes) {
    // The sizer needs the data; recovering sizes from the header avoids decoding every record.
    return switch (sizerKind) {
      case REQUESTS -> 1;
      case ITEMS -> Math.max(1, items);
      case BYTES -> Math.max(1, bytes);
    };
  }

  @Override
  public CompletableFuture<Void> offer(T data, CompletableFuture<Void> result) {
    long size = Math.max(1, sizer.applyAsLong(data));
    byte[] bytes = data.encoded();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Write<T> w = new Write<>(data, bytes, size, done, result);
    synchronized (this) {
      if (closed) {
        return Completions.failed(ConsumerException.retryable("exporter is shutting down"));
      }
      if (room.isEmpty() && (used + size <= capacity || used == 0)) {
        used += size;
        writes.add(w);
        notifyAll();
        return done;
      }
      if (!room.parks()) {
        return Completions.failed(full());
      }
    }
    return room.park(w, this::closedOrFull);
  }

  private ConsumerException full() {
    return ConsumerException.throttled("persistent sending queue is full (" + used + "/" + capacity + ")",
        MemoryQueue.FULL_RETRY_AFTER);
  }

  private synchronized ConsumerException closedOrFull() {
    return closed ? ConsumerException.retryable("exporter is shutting down") : full();
  }

  /** Takes a waiting write if it fits now (called by the room, in arrival order). */
  private synchronized boolean tryAdmit(Write<T> w) {
    if (closed || (used + w.size() > capacity && used != 0)) {
      return false;
    }
    used += w.size();
    writes.add(w);
    notifyAll();
    return true;
  }

  private void writeLoop() {
    List<Write<T>> batch = new ArrayList<>();
    while (true) {
      synchronized (this) {
        while (writes.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (writes.isEmpty() && closed) {
          return;
        }
        batch.addAll(writes);
        writes.clear();
      }
      List<Meta> written = new ArrayList<>(batch.size());
      Throwable failure = null;
      try {
        for (Write<T> w : batch) {
          written.add(append(w));
          if (fsync == QueueConfig.Fsync.ALWAYS) {
            activeChannel().force(false);
          }
        }
        if (fsync == QueueConfig.Fsync.BATCH) {
          activeChannel().force(false);
        }
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
      synchronized (this) {
        for (int i = 0; i < batch.size(); i++) {
          if (i < written.size() && failure == null) {
            ready.add(written.get(i));
            outstanding.add(written.get(i).seq());
          } else {
            used -= batch.get(i).size();
          }
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        if (failure == null) {
          batch.get(i).done().complete(null);
        } else {
          batch.get(i).done().completeExceptionally(
              ConsumerException.retryable("persistent queue write failed: " + failure.getMessage(), failure));
        }
      }
      if (failure != null) {
        log.rateLimited(GatewayLogger.Level.ERROR, "pq-write/" + dir, java.time.Duration.ofSeconds(10),
            "persistent queue write failed", failure, "dir", dir.toString());
      }
      batch.clear();
    }
  }

  private synchronized FileChannel activeChannel() {
    return active.channel;
  }

  /** Appends one record to the active segment (rolling it when full). Writer thread only. */
  private Meta append(Write<T> w) throws IOException {
    Segment seg;
    long seq;
    synchronized (this) {
      seq = nextSeq++;
      if (active == null || active.length >= SEGMENT_BYTES) {
        if (active != null) {
          active.sealed = true;
          if (active.unacked == 0) {
            deleteSegment(active);
          }
        }
        Path p = dir.resolve(String.format("segment-%020d.log", seq));
        active = new Segment(seq, p, FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE), 0);
        segments.put(seq, active);
      }
      seg = active;
      seg.unacked++;
    }
    int bodyLen = BODY_PREFIX + w.bytes().length;
    ByteBuffer buf = ByteBuffer.allocate(HEADER + bodyLen);
    buf.putInt(bodyLen).putInt(0).putLong(seq).putInt(w.data().itemCount()).put(w.bytes());
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), HEADER, bodyLen);
    buf.putInt(4, (int) crc.getValue());
    buf.flip();
    long offset = seg.length;
    while (buf.hasRemaining()) {
      seg.channel.write(buf, offset + buf.position());
    }
    synchronized (this) {
      seg.length = offset + HEADER + bodyLen;
    }
    return new Meta(seq, seg, offset, bodyLen, w.data().itemCount(), w.size(), w.result());
  }

  @Override
  public Entry<T> poll() {
    Meta m;
    synchronized (this) {
      m = ready.poll();
    }
    if (m == null) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(m.length());
    try {
      readFully(m.segment().channel, body, m.offset() + HEADER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = new byte[m.length() - BODY_PREFIX];
    System.arraycopy(body.array(), BODY_PREFIX, bytes, 0, bytes.length);
    T data;
    try {
      data = decode(bytes);
    } catch (MalformedDataException e) {
      // Checksummed bytes that do not decode were written by a buggy build; drop them loudly.
      log.error("persistent queue: record does not decode; dropping it", e, "seq", m.seq());
      ack(new Entry<>(null, m.size(), m.seq(), 0, null));
      if (m.result() != null) {
        m.result().completeExceptionally(ConsumerException.permanent("queued record does not decode"));
      }
      return poll();
    }
    return new Entry<>(data, m.size(), m.seq(), 0, m.result());
  }

  @SuppressWarnings("unchecked")
  private T decode(byte[] bytes) {
    return (T) switch (signal) {
      case TRACES -> Traces.fromBytes(bytes, ClientContext.EMPTY);
      case METRICS -> Metrics.fromBytes(bytes, ClientContext.EMPTY);
      case LOGS -> Logs.fromBytes(bytes, ClientContext.EMPTY);
    };
  }

  @Override
  public void ack(Entry<T> entry) {
    synchronized (this) {
      if (!outstanding.remove(entry.position())) {
        return;
      }
      used -= entry.size();
      Map.Entry<Long, Segment> e = segments.floorEntry(entry.position());
      if (e != null) {
        Segment seg = e.getValue();
        seg.unacked--;
        if (seg.unacked == 0 && seg.sealed && seg != active) {
          deleteSegment(seg);
        }
      }
      writeCommitted();
    }
    room.roomMade();
  }

  private void deleteSegment(Segment seg) {
    segments.remove(seg.firstSeq);
    try {
      seg.channel.close();
      Files.deleteIfExists(seg.path);
    } catch (IOException e) {
      log.warn("persistent queue: cannot delete a sent segment", "segment", seg.path.toString(),
          "error", e.toString());
    }
  }

  /** Records the lowest unacknowledged sequence; not forced, since losing it only means resending. */
  private void writeCommitted() {
    // Offered but unwritten requests have no sequence yet; they get ones at or above nextSeq.
    long low = outstanding.isEmpty() ? nextSeq : outstanding.first();
    if (low == committedWritten) {
      return;
    }
    try {
      Path tmp = dir.resolve(COMMITTED + ".tmp");
      Files.writeString(tmp, Long.toString(low));
      Files.move(tmp, dir.resolve(COMMITTED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      committedWritten = low;
    } catch (IOException e) {
      log.rateLimited(GatewayLogger.Level.WARN, "pq-commit/" + dir, java.time.Duration.ofSeconds(10),
          "persistent queue: cannot record progress; a restart may resend", e);
    }
  }

  @Override
  public synchronized long size() {
    return used;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized long pendingEntries() {
    return outstanding.size() + writes.size();
  }

  @Override
  public long close() {
    synchronized (this) {
      if (closed) {
        return 0;
      }
      closed = true;
      notifyAll();
    }
    room.close();
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long items = 0;
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    synchronized (this) {
      for (Meta m : ready) {
        items += m.items();
        if (m.result() != null) {
          // Kept on disk and sent after a restart; the waiting caller is told to retry (a duplicate then).
          waiting.add(m.result());
        }
      }
      writeCommitted();
      for (Segment s : segments.values()) {
        try {
          s.channel.force(false);
          s.channel.close();
        } catch (IOException e) {
          log.warn("persistent queue: close failed", "segment", s.path.toString(), "error", e.toString());
        }
      }
    }
    waiting.forEach(f -> f.completeExceptionally(SHUT_DOWN_BEFORE_SENT));
    return items;
  }

  @Override
  public boolean isPersistent() {
    return true;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of segment");
      }
    }
  }
}
