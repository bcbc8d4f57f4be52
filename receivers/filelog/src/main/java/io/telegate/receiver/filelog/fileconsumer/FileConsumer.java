package io.telegate.receiver.filelog.fileconsumer;

import io.telegate.core.telemetry.GatewayLogger;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Finds the files a {@link FileConsumerConfig} names and reads what is added to them, token by token,
 * as the Collector's {@code fileconsumer} does: files are identified by their fingerprint, not their
 * name, so a file renamed by rotation goes on from where it was, a new file at the old name is read
 * from its start, a copy-truncated file's copy is finished and its truncated original read anew, a
 * file deleted while open is read to its end through the open handle, and a file that shrank below
 * its offset is read again from 0.
 *
 * <p>Single-threaded: {@link #poll()} runs on the caller's thread and calls the {@link Emitter} there
 * for every token; an emitter that waits (backpressure) pauses the reading. A file's offset moves past
 * a token only once the emitter returned for it, so {@link #checkpoint()} called from the emitter
 * between tokens saves exactly what was emitted.
 */
public final class FileConsumer implements AutoCloseable {

  /** Where tokens go. */
  public interface Emitter {
    /**
     * One token of a file: its body (a String, or for {@code nop} a byte[]) and the file's
     * attributes ({@code log.file.name}, ...; an immutable map shared by the file's tokens).
     *
     * @return false to stop reading at once (shutdown); the token is then not counted as read
     */
    boolean emit(Object body, Map<String, Object> attributes);

    /**
     * Makes everything emitted so far safe (accepted downstream, checkpointed) before a file is
     * deleted ({@code delete_after_read}).
     *
     * @return false when that could not be done; the file is then kept
     */
    default boolean sync() {
      return true;
    }
  }

  private static final int KEEP_UNSEEN_POLLS = 3;
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  private final FileConsumerConfig config;
  private final Emitter emitter;
  private final Checkpoints checkpoints;
  private final GatewayLogger log;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final Globs include;
  private final Globs exclude;
  private final FileEncoding encoding;
  private final LineSplitter splitter;
  private final byte[] buf;
  private final LineSplitter.Tokens tokens = this::onToken;

  // Owned by the polling thread.
  private boolean firstPoll = true;
  private boolean stopping;
  private boolean dirty;
  /** Files read in the previous poll whose handles are still open, to finish them if they disappear. */
  private List<TrackedFile> previous = new ArrayList<>();
  /** Files known but closed (from older polls or the checkpoint). */
  private List<TrackedFile> known = new ArrayList<>();
  /** Files of the poll under way, once opened. */
  private List<TrackedFile> current = new ArrayList<>();
  private TrackedFile reading;
  private long readingBase;

  private volatile int openFiles;
  private volatile int readingFiles;

  /**
   * @param checkpoints where offsets are kept across restarts; null keeps them in memory only
   * @throws IOException when the checkpoint exists but cannot be read
   */
  public FileConsumer(FileConsumerConfig config, Emitter emitter, Checkpoints checkpoints, GatewayLogger log,
      Clock clock, LongSupplier nanoTime) throws IOException {
    this.config = config;
    this.emitter = emitter;
    this.checkpoints = checkpoints;
    this.log = log;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.include = Globs.compile(config.include());
    this.exclude = Globs.compile(config.exclude() == null ? List.of() : config.exclude());
    this.encoding = FileEncoding.of(config.encoding());
    this.splitter = new LineSplitter(encoding, config.lineStartPattern(), config.lineEndPattern(),
        config.omitPattern(), config.maxLogSize(), config.preserveLeadingWhitespaces(),
        config.preserveTrailingWhitespaces());
    this.buf = new byte[Math.max(64 * 1024, config.maxLogSize() + 64 * 1024)];
    if (checkpoints != null) {
      for (Checkpoints.Known k : checkpoints.load()) {
        known.add(new TrackedFile(new Fingerprint(k.fingerprint()), k.offset(), k.recordNumber(), Path.of(k.path())));
      }
      if (!known.isEmpty()) {
        log.info("resuming from checkpoint", "files", known.size(), "checkpoint", checkpoints.file().toString());
      }
    }
  }

  /** Files whose handles are open. */
  public int openFiles() {
    return openFiles;
  }

  /** Files that had data to read in the last poll. */
  public int readingFiles() {
    return readingFiles;
  }

  /** Files whose offsets are known. */
  public int knownFiles() {
    return previous.size() + known.size();
  }

  /** Makes the running or next {@link #poll()} return at the next token; for shutdown, from any thread. */
  public void stop() {
    stopping = true;
  }

  /**
   * One poll: finds the matching files, reads each from its offset to its end, finishes files that
   * disappeared since the last poll, and forgets files not seen for three polls.
   */
  public void poll() {
    long now = nanoTime.getAsLong();
    List<Path> matches = matches();
    boolean batched = matches.size() > config.maxConcurrentFiles();
    int chunk = batched ? Math.max(1, config.maxConcurrentFiles() / 2) : Math.max(1, matches.size());
    current = new ArrayList<>();
    int reads = 0;
    int batches = 0;
    for (int from = 0; from < matches.size() && !stopping; from += chunk) {
      if (config.maxBatches() > 0 && batches >= config.maxBatches()) {
        break;
      }
      batches++;
      List<TrackedFile> batch = open(matches.subList(from, Math.min(matches.size(), from + chunk)));
      current.addAll(batch);
      for (TrackedFile t : batch) {
        if (stopping) {
          break;
        }
        if (read(t, now)) {
          reads++;
        }
      }
      if (batched) {
        // Only max_concurrent_files handles at once: a batch's files are closed before the next opens.
        for (TrackedFile t : batch) {
          t.close();
        }
      }
    }
    if (stopping) {
      // Interrupted: what was not read stays as it was, to be read after the restart.
      known.addAll(current);
      current = new ArrayList<>();
      return;
    }
    for (Iterator<TrackedFile> it = known.iterator(); it.hasNext(); ) {
      TrackedFile k = it.next();
      if (++k.unseenPolls > KEEP_UNSEEN_POLLS) {
        k.close();
        it.remove();
        dirty = true;
      }
    }
    // Files read last poll and not matched now were moved away or deleted: finish them through their handles.
    for (TrackedFile lost : previous) {
      if (lost.channel != null && !stopping) {
        finishLost(lost, now);
      }
      lost.close();
      lost.unseenPolls = 1;
      known.add(lost);
    }
    previous = new ArrayList<>();
    for (TrackedFile t : current) {
      if (t.deleted) {
        dirty = true;
      } else if (t.channel != null) {
        previous.add(t);
      } else {
        known.add(t);
      }
    }
    current = new ArrayList<>();
    firstPoll = false;
    readingFiles = reads;
    openFiles = previous.size();
  }

  /**
   * Saves the offsets of every known file when they changed since the last save. Called by the
   * emitter once what was emitted so far is safe downstream.
   *
   * @return false when the save failed (logged)
   */
  public boolean checkpoint() {
    if (checkpoints == null || !dirty) {
      return true;
    }
    List<Checkpoints.Known> all = new ArrayList<>(previous.size() + known.size() + 1);
    for (TrackedFile t : previous) {
      all.add(toKnown(t));
    }
    for (TrackedFile t : known) {
      all.add(toKnown(t));
    }
    for (TrackedFile t : current) {
      if (!t.deleted) {
        all.add(toKnown(t));
      }
    }
    try {
      checkpoints.save(all);
      dirty = false;
      return true;
    } catch (IOException e) {
      log.rateLimited(GatewayLogger.Level.ERROR, "filelog-checkpoint:" + checkpoints.file(), LOG_INTERVAL,
          "cannot save the file offsets; a restart may read lines again", e, "checkpoint",
          checkpoints.file().toString());
      return false;
    }
  }

  private static Checkpoints.Known toKnown(TrackedFile t) {
    return new Checkpoints.Known(t.fingerprint.bytes(), t.offset, t.recordNumber, String.valueOf(t.path));
  }

  @Override
  public void close() {
    for (TrackedFile t : previous) {
      t.close();
    }
    for (TrackedFile t : known) {
      t.close();
    }
    for (TrackedFile t : current) {
      t.close();
    }
    openFiles = 0;
  }

  private List<Path> matches() {
    List<Path> found = include.find();
    List<Path> out = new ArrayList<>(found.size());
    long oldest = config.excludeOlderThan() == null || config.excludeOlderThan().isZero() ? Long.MIN_VALUE
        : clock.millis() - config.excludeOlderThan().toMillis();
    for (Path p : found) {
      if (exclude.matches(p)) {
        continue;
      }
      if (oldest != Long.MIN_VALUE) {
        try {
          if (Files.getLastModifiedTime(p).toMillis() < oldest) {
            continue;
          }
        } catch (IOException e) {
          continue;
        }
      }
      out.add(p);
    }
    return out;
  }

  /** Opens the files of one batch and pairs each with what is known of it. */
  private List<TrackedFile> open(List<Path> paths) {
    List<Path> openedPaths = new ArrayList<>();
    List<FileChannel> channels = new ArrayList<>();
    List<Fingerprint> prints = new ArrayList<>();
    for (Path p : paths) {
      FileChannel ch;
      try {
        ch = FileChannel.open(p, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException | SecurityException e) {
        log.rateLimited(GatewayLogger.Level.WARN, "filelog-open:" + p, LOG_INTERVAL, "cannot open a matched file",
            null, "path", p.toString(), "error", String.valueOf(e.getMessage()));
        continue;
      }
      Fingerprint fp;
      try {
        fp = readFingerprint(ch);
      } catch (IOException e) {
        closeQuietly(ch);
        continue;
      }
      if (fp.isEmpty()) {
        closeQuietly(ch);
        continue;
      }
      boolean duplicate = false;
      for (Fingerprint other : prints) {
        if (other.startsWith(fp) || fp.startsWith(other)) {
          duplicate = true; // the same file twice (a link, or a copy not yet different)
          break;
        }
      }
      if (duplicate) {
        closeQuietly(ch);
        continue;
      }
      openedPaths.add(p);
      channels.add(ch);
      prints.add(fp);
    }
    List<TrackedFile> out = new ArrayList<>(openedPaths.size());
    for (int i = 0; i < openedPaths.size(); i++) {
      Path p = openedPaths.get(i);
      FileChannel ch = channels.get(i);
      Fingerprint fp = prints.get(i);
      TrackedFile t = claim(fp);
      if (t == null) {
        long offset = 0;
        if (firstPoll && !config.startAtBeginning()) {
          try {
            offset = ch.size();
          } catch (IOException e) {
            offset = 0;
          }
        }
        t = new TrackedFile(fp, offset, 0, p);
        dirty = true;
      } else {
        if (t.channel != null && t.channel != ch) {
          t.close();
        }
        if (fp.length() > t.fingerprint.length()) {
          t.fingerprint = fp;
          dirty = true;
        }
      }
      t.unseenPolls = 0;
      t.channel = ch;
      if (!p.equals(t.path) || t.attributes.isEmpty()) {
        if (!p.equals(t.path)) {
          dirty = true;
        }
        t.path = p;
        t.attributes = attributes(p);
      }
      out.add(t);
    }
    return out;
  }

  /** The known file with this fingerprint (or its start), taken out of the known ones. */
  private TrackedFile claim(Fingerprint fp) {
    TrackedFile best = take(previous, fp);
    if (best == null) {
      best = take(known, fp);
    }
    return best;
  }

  private static TrackedFile take(List<TrackedFile> from, Fingerprint fp) {
    for (int i = 0; i < from.size(); i++) {
      TrackedFile t = from.get(i);
      if (fp.startsWith(t.fingerprint)) {
        from.remove(i);
        return t;
      }
    }
    return null;
  }

  private Fingerprint readFingerprint(FileChannel ch) throws IOException {
    int size = config.fingerprintSize();
    ByteBuffer bb = ByteBuffer.allocate(size);
    long pos = 0;
    while (bb.hasRemaining()) {
      int r = ch.read(bb, pos);
      if (r <= 0) {
        break;
      }
      pos += r;
    }
    return new Fingerprint(bb.position() == size ? bb.array() : Arrays.copyOf(bb.array(), bb.position()));
  }

  private Map<String, Object> attributes(Path p) {
    Map<String, Object> a = new LinkedHashMap<>();
    if (config.includeFileName()) {
      a.put("log.file.name", String.valueOf(p.getFileName()));
    }
    if (config.includeFilePath()) {
      a.put("log.file.path", p.toString());
    }
    if (config.includeFileNameResolved() || config.includeFilePathResolved()) {
      Path real;
      try {
        real = p.toRealPath();
      } catch (IOException e) {
        real = p;
      }
      if (config.includeFileNameResolved()) {
        a.put("log.file.name_resolved", String.valueOf(real.getFileName()));
      }
      if (config.includeFilePathResolved()) {
        a.put("log.file.path_resolved", real.toString());
      }
    }
    if (config.includeFileOwnerName() || config.includeFileOwnerGroupName()) {
      try {
        PosixFileAttributes posix = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (config.includeFileOwnerName()) {
          a.put("log.file.owner.name", posix.owner().getName());
        }
        if (config.includeFileOwnerGroupName()) {
          a.put("log.file.owner.group.name", posix.group().getName());
        }
      } catch (IOException | UnsupportedOperationException e) {
        // Not a POSIX file system: no owner attributes.
      }
    }
    return a.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(a);
  }

  /** Reads a file from its offset to its end. True when there was something new. */
  private boolean read(TrackedFile t, long now) {
    FileChannel ch = t.channel;
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      return false;
    }
    if (!config.gzip() && size < t.offset) {
      log.info("file shrank below its offset (truncated); reading it again from the start", "path",
          t.path.toString(), "offset", t.offset, "size", size);
      t.offset = 0;
      t.recordNumber = 0;
      dirty = true;
    }
    boolean grew = size != t.lastSize;
    if (grew) {
      t.lastDataNanos = now;
      t.lastSize = size;
    }
    if (config.gzip() && !grew) {
      return false;
    }
    boolean eof = readToEnd(t, now);
    if (eof && config.deleteAfterRead() && !stopping) {
      if (emitter.sync()) {
        t.close();
        t.deleted = true;
        try {
          Files.deleteIfExists(t.path);
        } catch (IOException e) {
          log.rateLimited(GatewayLogger.Level.WARN, "filelog-delete:" + t.path, LOG_INTERVAL,
              "cannot delete a file after reading it", null, "path", t.path.toString(), "error",
              String.valueOf(e.getMessage()));
        }
      }
    }
    return grew;
  }

  /** A file read last poll that is no longer matched: read what was added before it went, if it is still the same file. */
  private void finishLost(TrackedFile t, long now) {
    try {
      Fingerprint fp = readFingerprint(t.channel);
      if (!fp.startsWith(t.fingerprint) || t.channel.size() < t.offset) {
        return; // truncated and rewritten in place: the new content is another file, found by its own fingerprint
      }
      t.lastSize = -1;
      readToEnd(t, now);
    } catch (IOException e) {
      // Gone for good.
    }
  }

  /** Reads from the offset to the end; true when the end was reached (not stopped). */
  private boolean readToEnd(TrackedFile t, long now) {
    reading = t;
    readingBase = t.offset;
    int n = 0;
    boolean flushRest = config.deleteAfterRead();
    try (Source src = config.gzip() ? new GzipSource(t.channel, t.offset) : new PlainSource(t.channel, t.offset)) {
      while (!stopping) {
        int r = src.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
        int used = splitter.split(buf, 0, n, false, tokens);
        if (stopping) {
          return false;
        }
        if (used > 0) {
          System.arraycopy(buf, used, buf, 0, n - used);
          n -= used;
          readingBase = t.offset;
        }
      }
      if (stopping) {
        return false;
      }
      if (n > 0) {
        long quiet = now - t.lastDataNanos;
        long period = config.forceFlushPeriod().toNanos();
        if (flushRest || (period > 0 && quiet >= period)) {
          splitter.split(buf, 0, n, true, tokens);
        }
      }
      return !stopping;
    } catch (IOException e) {
      log.rateLimited(GatewayLogger.Level.WARN, "filelog-read:" + t.path, LOG_INTERVAL, "cannot read a file", null,
          "path", String.valueOf(t.path), "error", String.valueOf(e.getMessage()));
      return false;
    } finally {
      reading = null;
    }
  }

  private void onToken(byte[] b, int off, int len, int next) {
    if (stopping) {
      return;
    }
    TrackedFile t = reading;
    Object body = encoding.decode(b, off, len);
    Map<String, Object> attrs = t.attributes;
    if (config.includeFileRecordNumber()) {
      Map<String, Object> withNumber = new LinkedHashMap<>(attrs);
      withNumber.put("log.file.record_number", t.recordNumber + 1);
      attrs = withNumber;
    }
    if (!emitter.emit(body, attrs)) {
      stopping = true;
      return;
    }
    t.offset = readingBase + next;
    t.recordNumber++;
    dirty = true;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // read-only
    }
  }

  /** Bytes of a file from an offset on. */
  private interface Source extends AutoCloseable {
    int read(byte[] b, int off, int len) throws IOException;

    @Override
    void close() throws IOException;
  }

  private static final class PlainSource implements Source {
    private final FileChannel ch;
    private long pos;

    PlainSource(FileChannel ch, long pos) {
      this.ch = ch;
      this.pos = pos;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int r = ch.read(ByteBuffer.wrap(b, off, len), pos);
      if (r > 0) {
        pos += r;
      }
      return r <= 0 ? -1 : r;
    }

    @Override
    public void close() {}
  }

  /** The decompressed bytes of a gzip file (its members one after the other) from a decompressed offset on. */
  private static final class GzipSource implements Source {
    private final GZIPInputStream in;

    GzipSource(FileChannel ch, long offset) throws IOException {
      InputStream raw = new InputStream() {
        private long pos;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int r = ch.read(ByteBuffer.wrap(b, off, len), pos);
          if (r > 0) {
            pos += r;
          }
          return r <= 0 ? -1 : r;
        }
      };
      this.in = new GZIPInputStream(raw, 64 * 1024);
      long skip = offset;
      byte[] scratch = new byte[64 * 1024];
      while (skip > 0) {
        int r = in.read(scratch, 0, (int) Math.min(scratch.length, skip));
        if (r < 0) {
          break;
        }
        skip -= r;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      try {
        return in.read(b, off, len);
      } catch (EOFException | ZipException e) {
        return -1; // a member still being written: read it when it is complete
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
