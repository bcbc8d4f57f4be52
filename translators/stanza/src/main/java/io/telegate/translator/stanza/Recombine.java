package io.telegate.translator.stanza;

import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code recombine} operator: joins consecutive entries of one source (by
 * {@code source_identifier}) into one, at the entries {@code is_first_entry} or
 * {@code is_last_entry} marks; {@code combine_field} of each is joined with {@code combine_with}
 * into the entry of the oldest (or, with {@code overwrite_with: newest}, the newest). A batch is
 * emitted when it is complete, holds {@code max_batch_size} entries or more than
 * {@code max_log_size} bytes, or is older than {@code force_flush_period}.
 */
final class Recombine extends Operator {

  /** The joining itself, shared with the container parser's partial CRI lines. */
  static final class Joiner {
    private final Expr firstEntry;
    private final Expr lastEntry;
    private final Field combineField;
    private final String combineWith;
    private final int maxBatchSize;
    private final int maxUnmatchedBatchSize;
    private final long maxLogSize;
    private final long forceFlushNanos;
    private final Field sourceIdentifier;
    private final int maxSources;
    private final boolean overwriteWithNewest;
    private final LongSupplier nanoTime;
    private final EntrySink out;
    private final Map<String, Batch> batches = new LinkedHashMap<>();

    private static final class Batch {
      Entry base;
      final StringBuilder text = new StringBuilder();
      int entries;
      final long firstNanos;
      final boolean startedByFirst;

      Batch(Entry base, long firstNanos, boolean startedByFirst) {
        this.base = base;
        this.firstNanos = firstNanos;
        this.startedByFirst = startedByFirst;
      }
    }

    Joiner(Expr firstEntry, Expr lastEntry, Field combineField, String combineWith, int maxBatchSize,
        int maxUnmatchedBatchSize, long maxLogSize, Duration forceFlushPeriod, Field sourceIdentifier, int maxSources,
        boolean overwriteWithNewest, LongSupplier nanoTime, EntrySink out) {
      this.firstEntry = firstEntry;
      this.lastEntry = lastEntry;
      this.combineField = combineField;
      this.combineWith = combineWith;
      this.maxBatchSize = maxBatchSize;
      this.maxUnmatchedBatchSize = maxUnmatchedBatchSize;
      this.maxLogSize = maxLogSize;
      this.forceFlushNanos = forceFlushPeriod.toNanos();
      this.sourceIdentifier = sourceIdentifier;
      this.maxSources = maxSources;
      this.overwriteWithNewest = overwriteWithNewest;
      this.nanoTime = nanoTime;
      this.out = out;
    }

    /**
     * Adds an entry. Throws (before holding anything) when the entry's match expression fails or
     * it has no string {@code combine_field}, so that the caller applies {@code on_error}.
     */
    void add(Entry e) {
      boolean matches = firstEntry != null ? firstEntry.test(e) : lastEntry.test(e);
      Object v = combineField.get(e);
      if (!(v instanceof String part)) {
        throw new OperatorException("entry does not contain the combine_field " + combineField
            + " as a string");
      }
      Object src = sourceIdentifier.get(e);
      String source = src instanceof String s ? s : "DefaultSourceIdentifier";
      if (matches && firstEntry != null) {
        flushSource(source);
        append(source, e, part, true);
      } else if (matches) {
        append(source, e, part, false);
        flushSource(source);
      } else {
        append(source, e, part, false);
      }
    }

    private void append(String source, Entry e, String part, boolean first) {
      Batch b = batches.get(source);
      if (b == null) {
        if (batches.size() >= maxSources) {
          flushAll();
        }
        b = new Batch(e, nanoTime.getAsLong(), first);
        batches.put(source, b);
      } else if (overwriteWithNewest) {
        b.base = e;
      }
      b.entries++;
      if (b.entries > 1) {
        b.text.append(combineWith);
      }
      b.text.append(part);
      boolean unmatchedFull = firstEntry != null && !b.startedByFirst && maxUnmatchedBatchSize > 0
          && b.entries >= maxUnmatchedBatchSize;
      if ((maxLogSize > 0 && b.text.length() > maxLogSize) || b.entries >= maxBatchSize || unmatchedFull) {
        flushSource(source);
      }
    }

    private void flushSource(String source) {
      Batch b = batches.remove(source);
      if (b != null) {
        emit(b);
      }
    }

    private void emit(Batch b) {
      combineField.set(b.base, b.text.toString());
      out.accept(b.base);
    }

    void flush(long nowNanos) {
      if (forceFlushNanos <= 0) {
        return;
      }
      List<Batch> due = new ArrayList<>();
      for (Iterator<Batch> it = batches.values().iterator(); it.hasNext(); ) {
        Batch b = it.next();
        if (nowNanos - b.firstNanos >= forceFlushNanos) {
          it.remove();
          due.add(b);
        }
      }
      due.forEach(this::emit);
    }

    void flushAll() {
      List<Batch> all = new ArrayList<>(batches.values());
      batches.clear();
      all.forEach(this::emit);
    }

    int held() {
      return batches.size();
    }
  }

  private final Joiner joiner;

  private Recombine(Common common, java.util.function.Function<EntrySink, Joiner> joiner) {
    super(common);
    this.joiner = joiner.apply(this::write);
  }

  static Operator build(Common common, OperatorConfig c, Settings s) {
    String first = c.string("is_first_entry", null);
    String last = c.string("is_last_entry", null);
    Expr firstExpr = null;
    Expr lastExpr = null;
    if ((first == null) == (last == null)) {
      c.error(first == null ? "is_first_entry" : "is_last_entry",
          "exactly one of is_first_entry and is_last_entry must be set");
    } else if (first != null) {
      firstExpr = c.expr("is_first_entry");
    } else {
      lastExpr = c.expr("is_last_entry");
    }
    Field combineField = c.requiredField("combine_field");
    String combineWith = c.string("combine_with", "\n");
    long maxBatchSize = c.integer("max_batch_size", 1000);
    if (maxBatchSize <= 0) {
      c.error("max_batch_size", "must be greater than 0");
    }
    long maxUnmatched = c.integer("max_unmatched_batch_size", 100);
    if (maxUnmatched < 0) {
      c.error("max_unmatched_batch_size", "must not be negative");
    }
    long maxLogSize = c.byteSize("max_log_size", 0);
    Duration period = c.duration("force_flush_period", Duration.ofSeconds(5));
    Field source = c.field("source_identifier", Field.attribute("log.file.path"));
    long maxSources = c.integer("max_sources", 1000);
    if (maxSources <= 0) {
      c.error("max_sources", "must be greater than 0");
    }
    String overwrite = c.choice("overwrite_with", "oldest", "newest");
    if (combineField == null || (firstExpr == null && lastExpr == null)) {
      return null;
    }
    Expr f = firstExpr;
    Expr l = lastExpr;
    return new Recombine(common, out -> new Joiner(f, l, combineField, combineWith, (int) maxBatchSize,
        (int) maxUnmatched, maxLogSize, period, source, (int) maxSources, overwrite.equals("newest"), s.nanoTime(),
        out));
  }

  @Override
  void process(Entry e) {
    try {
      if (skip(e)) {
        write(e);
        return;
      }
      joiner.add(e);
    } catch (OperatorException | Expr.EvalException | IllegalArgumentException ex) {
      handleError(e, ex);
    }
  }

  @Override
  void flush(long nowNanos) {
    joiner.flush(nowNanos);
  }

  @Override
  void flushAll() {
    joiner.flushAll();
  }
}
