package io.telegate.processor.batch;

import com.google.protobuf.Message;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Processor;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.flow.WaitingRoom;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Groups incoming requests into batches by item count and by time, and sends each batch to the
 * next consumer.
 *
 * <p>When a request is answered ({@code service.acknowledgements}):
 * <ul>
 *   <li>{@code held} (default): as soon as it is admitted into the buffer. The buffer is bounded
 *       in items ({@code max_buffered_items}) and bytes ({@code max_buffered_bytes} and the
 *       gateway's {@link MemoryBudget}); a request that does not fit is refused as throttled,
 *       which the receiver answers with 429 / {@code RESOURCE_EXHAUSTED}. A batch the next
 *       consumer refuses with a retryable error (a full sending queue) is kept, still counted in
 *       the buffer, and offered again with backoff; permanent refusals are counted in {@code
 *       otelcol_processor_dropped_*} and logged (rate-limited), as the Collector does.
 *   <li>{@code exported}: the request's completion follows the batch that holds it, so the
 *       downstream answer (success, error, backpressure) reaches the sender.
 * </ul>
 *
 * <p>Threads: receiver threads call {@link #consume}; each batcher's lock is held only to append
 * to its pending list and to take the list when a batch is due. Merging (byte concatenation),
 * splitting and the downstream call run outside the lock, on the thread that filled the batch or,
 * for timeouts and re-offers, on the host's executor.
 */
final class BatchProcessor<T extends TelemetryData<M>, M extends Message> implements Processor<T> {

  /** Buckets of {@code otelcol_processor_batch_batch_send_size}, as the Collector's. */
  static final double[] SEND_SIZE_BOUNDS = {10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000, 5000,
      6000, 7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000};

  /** Buckets of {@code otelcol_processor_batch_batch_send_size_bytes}, as the Collector's. */
  static final double[] SEND_SIZE_BYTES_BOUNDS = {128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
      131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608, 16777216};

  /** What made a batch go out; counted per sent batch except at shutdown. */
  enum Trigger {
    SIZE,
    TIMEOUT,
    SHUTDOWN
  }

  /** State shared by the instances of one processor id (one per pipeline and signal). */
  static final class Shared {
    final LongAdder partitions = new LongAdder();
  }

  /** The batch metrics; {@code sendSizeBytes} is null below {@code service.telemetry.metrics.level: detailed}. */
  private record Instruments(MetricRegistry.Histogram sendSize, MetricRegistry.Histogram sendSizeBytes,
      MetricRegistry.Counter sizeTrigger, MetricRegistry.Counter timeoutTrigger) {

    static Instruments register(MetricRegistry registry, String processor, Shared shared) {
      registry.gauge("otelcol_processor_batch_metadata_cardinality",
          "Number of distinct metadata value combinations being processed",
          () -> shared.partitions.sum(), "processor", processor);
      return new Instruments(
          registry.histogram("otelcol_processor_batch_batch_send_size",
              "Number of units in the batch", SEND_SIZE_BOUNDS, "processor", processor),
          registry.level() != MetricRegistry.Level.DETAILED ? null
              : registry.histogram("otelcol_processor_batch_batch_send_size_bytes",
                  "Number of bytes in batch that was sent. Only available on detailed level.",
                  SEND_SIZE_BYTES_BOUNDS, "processor", processor),
          registry.counter("otelcol_processor_batch_batch_size_trigger_send",
              "Number of times the batch was sent due to a size trigger", "processor", processor),
          registry.counter("otelcol_processor_batch_timeout_trigger_send",
              "Number of times the batch was sent due to a timeout trigger", "processor", processor));
    }
  }

  private final ComponentId id;
  private final BatchSignal<T, M> signal;
  private final BatchProcessorConfig config;
  private final Consumer<T> next;
  private final Scheduler scheduler;
  private final Shared shared;
  private final boolean sendAtOnce;
  private final List<String> metadataKeys;
  private final Batcher single;
  private final Map<List<List<String>>, Batcher> partitions = new ConcurrentHashMap<>();
  private final Object partitionLock = new Object();
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final Executor injectedExecutor;
  private volatile Executor flushExecutor;
  private volatile Scheduler timer;
  private volatile Instruments instruments;
  private volatile boolean stopped;
  private volatile boolean endToEnd;
  private volatile GatewayLogger log = GatewayLogger.root();
  private volatile MemoryBudget budget = MemoryBudget.unbounded();
  private final long maxItems;
  private final long maxBytes;
  private final AtomicLong bufferedItems = new AtomicLong();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private final Set<Held<T>> held = ConcurrentHashMap.newKeySet();
  // Requests that found the buffer full, waiting for room; made at start (before it, none wait).
  private volatile WaitingRoom<Parked> room;
  private volatile Runnable roomMade;
  private volatile MetricRegistry.Counter refused;
  private volatile MetricRegistry.Counter dropped;

  /** Delay before a refused batch is offered again the first time; doubles up to {@link #MAX_REOFFER}. */
  static final Duration FIRST_REOFFER = Duration.ofMillis(50);
  static final Duration MAX_REOFFER = Duration.ofSeconds(1);

  /** A request waiting for room in the buffer; its room is reserved before it is added. */
  private final class Parked {
    final Batcher batcher;
    final T data;
    final int items;
    final long bytes;

    Parked(Batcher batcher, T data, int items, long bytes) {
      this.batcher = batcher;
      this.data = data;
      this.items = items;
      this.bytes = bytes;
    }
  }

  /** A batch the next consumer refused with a retryable error, waiting to be offered again. */
  private static final class Held<T> {
    final List<? extends Piece<?>> pieces;
    final T data;
    final int attempt;
    volatile Scheduler.Cancellable timer;

    Held(List<? extends Piece<?>> pieces, T data, int attempt) {
      this.pieces = pieces;
      this.data = data;
      this.attempt = attempt;
    }
  }

  /**
   * @param scheduler the batch timer; null takes the host's at start
   * @param flushExecutor where timeout flushes and re-offers run; null takes the host's at start
   */
  BatchProcessor(ComponentId id, BatchSignal<T, M> signal, BatchProcessorConfig config, Consumer<T> next,
      Scheduler scheduler, Executor flushExecutor, Shared shared) {
    this.id = id;
    this.signal = signal;
    this.config = config;
    this.next = next;
    this.scheduler = scheduler;
    this.maxItems = config.effectiveMaxBufferedItems();
    this.maxBytes = config.maxBufferedBytes() > 0 ? config.maxBufferedBytes() : Long.MAX_VALUE;
    this.shared = shared;
    this.injectedExecutor = flushExecutor;
    this.sendAtOnce = config.timeout().isZero();
    this.metadataKeys = config.metadataKeys();
    this.single = metadataKeys.isEmpty() ? new Batcher(ClientContext.EMPTY) : null;
    if (single != null) {
      shared.partitions.increment();
    }
    this.instruments = Instruments.register(new MetricRegistry(Map.of()), id.toString(), shared);
    MetricRegistry none = new MetricRegistry(Map.of());
    this.refused = refusedCounter(none);
    this.dropped = droppedCounter(none);
  }

  private MetricRegistry.Counter refusedCounter(MetricRegistry m) {
    return m.counter("otelcol_processor_refused_" + signal.signal().itemName(),
        "Number of " + signal.signal().itemName().replace('_', ' ') + " that were rejected by the next component in the "
            + "pipeline",
        "processor", id.toString());
  }

  private MetricRegistry.Counter droppedCounter(MetricRegistry m) {
    return m.counter("otelcol_processor_dropped_" + signal.signal().itemName(),
        "Number of " + signal.signal().itemName() + " the processor dropped after acknowledging them (refused permanently"
            + " downstream, or still refused at shutdown).", "processor", id.toString());
  }

  @Override
  public void start(Host host) {
    log = host.logger(ComponentKind.PROCESSOR, id);
    instruments = Instruments.register(host.metrics(), id.toString(), shared);
    refused = refusedCounter(host.metrics());
    dropped = droppedCounter(host.metrics());
    String[] labels = {"processor", id.toString(), "data_type", signal.signal().id()};
    host.metrics().gauge("telegate_processor_batch_buffered_items",
        "Items the batch processor holds: waiting for a batch, being handed on, or refused downstream and waiting"
            + " to be offered again.", bufferedItems::get, labels);
    host.metrics().gauge("telegate_processor_batch_buffered_bytes",
        "Encoded bytes of telegate_processor_batch_buffered_items.", bufferedBytes::get, labels);
    budget = host.memoryBudget();
    endToEnd = host.acknowledgement() == Acknowledgement.EXPORTED;
    timer = scheduler != null ? scheduler : host.scheduler();
    flushExecutor = injectedExecutor != null ? injectedExecutor : host.executor();
    WaitingRoom<Parked> r = new WaitingRoom<>(timer, budget.admissionWait(),
        p -> reserve(p.items, p.bytes), p -> p.batcher.admit(p.data, p.items, p.bytes, true));
    room = r;
    roomMade = r::roomMade;
    budget.onRelease(roomMade);
  }


  /**
   * Takes room for a request in the buffer if it fits (a lone request always fits this
   * processor's own bounds).
   */
  private boolean reserve(long items, long bytes) {
    long i = bufferedItems.addAndGet(items);
    long b = bufferedBytes.addAndGet(bytes);
    if ((i == items || (i <= maxItems && b <= maxBytes)) && budget.tryReserve(bytes)) {
      return true;
    }
    bufferedItems.addAndGet(-items);
    bufferedBytes.addAndGet(-bytes);
    return false;
  }

  /** The throttled refusal of a request of {@code items} that found no room (counted as refused). */
  private ConsumerException full(long items) {
    refused.add(items);
    long i = bufferedItems.get();
    if (i + items > maxItems || bufferedBytes.get() > maxBytes) {
      return ConsumerException.throttled("batch processor " + id + ": buffer full (" + i + " items, "
          + bufferedBytes.get() + " bytes held)", MemoryBudget.RETRY_AFTER);
    }
    return budget.exhausted("batch processor " + id + ": buffer full");
  }

  private void release(long items, long bytes) {
    bufferedItems.addAndGet(-items);
    bufferedBytes.addAndGet(-bytes);
    budget.release(bytes);
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    if (data.isEmpty()) {
      return Completions.done();
    }
    Batcher batcher = single != null ? single : partitionOf(data.client());
    if (batcher == null) {
      return Completions.failed(ConsumerException.permanent("too many batcher metadata-value combinations (limit "
          + config.metadataCardinalityLimit() + ", set by metadata_cardinality_limit)"));
    }
    return batcher.add(data);
  }

  /** The batcher of the client's metadata values, made on first use; null past the limit. */
  private Batcher partitionOf(ClientContext client) {
    List<List<String>> key = new ArrayList<>(metadataKeys.size());
    for (String k : metadataKeys) {
      key.add(client.get(k));
    }
    Batcher b = partitions.get(key);
    if (b != null) {
      return b;
    }
    synchronized (partitionLock) {
      b = partitions.get(key);
      if (b == null) {
        if (partitions.size() >= config.metadataCardinalityLimit()) {
          return null;
        }
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        for (int i = 0; i < metadataKeys.size(); i++) {
          if (!key.get(i).isEmpty()) {
            metadata.put(metadataKeys.get(i).toLowerCase(java.util.Locale.ROOT), key.get(i));
          }
        }
        b = new Batcher(new ClientContext("", metadata));
        partitions.put(List.copyOf(key), b);
        shared.partitions.increment();
      }
      return b;
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    if (!shutdownStarted.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    stopped = true;
    WaitingRoom<Parked> r = room;
    if (r != null) {
      budget.removeOnRelease(roomMade);
      r.close();
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    List<Batcher> all = new ArrayList<>(partitions.values());
    if (single != null) {
      all.add(single);
    }
    for (Batcher b : all) {
      List<Piece<T>> pending = b.takeAll();
      if (!pending.isEmpty()) {
        sent.addAll(b.dispatch(pending, Trigger.SHUTDOWN));
      }
    }
    // Batches refused earlier get one last offer now; what is still refused is counted as dropped.
    for (Held<T> h : List.copyOf(held)) {
      if (held.remove(h)) {
        Scheduler.Cancellable t = h.timer;
        if (t != null) {
          t.cancel();
        }
        sent.add(offer(h.pieces, h.data, h.attempt));
      }
    }
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn("batches flushed at shutdown were not answered downstream in time", "timeout", timeout.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // The senders of those requests get the failure through their own completions.
    }
  }

  /**
   * Sends a batch downstream and settles its pieces with the answer; in {@code held} mode a
   * retryable refusal keeps the batch for another offer instead. The next consumer gets its own
   * wrapper, so that an offer again sends the content as it was, whatever a mutating consumer did
   * to the wrapper it was refused with.
   */
  private CompletableFuture<Void> offer(List<? extends Piece<?>> pieces, T data, int attempt) {
    @SuppressWarnings("unchecked")
    T wrapper = endToEnd ? data : (T) data.copy();
    CompletableFuture<Void> answer = consumeNext(wrapper);
    CompletableFuture<Void> settled = new CompletableFuture<>();
    answer.whenComplete((v, error) -> {
      settle(pieces, data, error, attempt);
      settled.complete(null);
    });
    return settled;
  }

  private void settle(List<? extends Piece<?>> pieces, T data, Throwable error, int attempt) {
    if (error != null && !endToEnd) {
      ConsumerException e = ConsumerException.from(error);
      if (!e.isPermanent() && !stopped) {
        hold(pieces, data, attempt + 1);
        return;
      }
      int items = items(pieces);
      dropped.add(items);
      log.rateLimited(GatewayLogger.Level.ERROR, "batch-drop/" + id + "/" + signal.signal(), LOG_INTERVAL,
          stopped ? "the next consumer still refused a batch at shutdown; dropping it"
              : "the next consumer refused a batch permanently; dropping it",
          null, "error", e.getMessage(), "dropped_items", items);
    }
    for (Piece<?> p : pieces) {
      p.completion().partDone(error);
    }
  }

  /** Keeps a refused batch and offers it again after a backoff. */
  private void hold(List<? extends Piece<?>> pieces, T data, int attempt) {
    Held<T> h = new Held<>(pieces, data, attempt);
    held.add(h);
    long delay = Math.min(MAX_REOFFER.toNanos(), FIRST_REOFFER.toNanos() << Math.min(attempt - 1, 20));
    h.timer = timer.schedule(() -> runFlush(() -> {
      if (held.remove(h)) {
        offer(h.pieces, h.data, h.attempt);
      }
    }), Duration.ofNanos(delay));
    if (stopped && held.remove(h)) {
      // Shutdown started while this batch was refused: its last offer is now.
      h.timer.cancel();
      offer(h.pieces, h.data, h.attempt);
    }
  }

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  /** Runs a timeout flush on the flush thread, or here before start and after shutdown. */
  private void runFlush(Runnable flush) {
    Executor ex = flushExecutor;
    if (ex == null) {
      flush.run();
      return;
    }
    try {
      ex.execute(flush);
    } catch (RejectedExecutionException e) {
      flush.run();
    }
  }

  /** Pending items of one metadata partition (or of all data when there is no metadata_keys). */
  final class Batcher {
    private final ClientContext context;
    private final Object lock = new Object();
    // Guarded by lock: the pieces waiting, their items, and the timer of the oldest.
    private List<Piece<T>> pending = new ArrayList<>();
    private long pendingItems;
    private Scheduler.Cancellable timer;
    private long timerGeneration;

    Batcher(ClientContext context) {
      this.context = context;
    }

    CompletableFuture<Void> add(T data) {
      if (stopped) {
        // Shut down: nothing batches any more, so the request goes straight on.
        return consumeNext(data);
      }
      int items = data.itemCount();
      long bytes = data.encodedSize();
      WaitingRoom<Parked> r = room;
      // Nobody may pass those already waiting; a full buffer parks the request or refuses it.
      if ((r == null || r.isEmpty()) && reserve(items, bytes)) {
        return admit(data, items, bytes, false);
      }
      if (r == null || !r.parks()) {
        return Completions.failed(full(items));
      }
      return r.park(new Parked(this, data, items, bytes), () -> full(items));
    }

    /**
     * Adds a request whose room is reserved. {@code late}: it waited, and this runs on the thread
     * that made room, so a due batch is handed to the executor in either mode.
     */
    CompletableFuture<Void> admit(T data, int items, long bytes, boolean late) {
      RequestCompletion completion = new RequestCompletion();
      completion.future().whenComplete((v, t) -> release(items, bytes));
      List<Piece<T>> due = null;
      boolean passThrough;
      synchronized (lock) {
        passThrough = stopped;
        if (!passThrough) {
          pending.add(new Piece<>(data, items, completion));
          pendingItems += items;
          due = takeIfDueLocked();
        }
      }
      if (passThrough) {
        release(items, bytes);
        return consumeNext(data);
      }
      if (endToEnd && !late) {
        if (due != null) {
          dispatch(due, Trigger.SIZE);
        }
        return completion.future();
      }
      if (due != null) {
        // The answer must not wait for the merge and the hand-over: they run on the executor.
        List<Piece<T>> batch = due;
        runFlush(() -> dispatch(batch, Trigger.SIZE));
      }
      return endToEnd ? completion.future() : Completions.done();
    }

    /** Takes everything when a send is due, else makes sure a timer runs. Caller holds the lock. */
    private List<Piece<T>> takeIfDueLocked() {
      if (sendAtOnce || pendingItems >= config.sendBatchSize()) {
        return takeAllLocked();
      }
      if (timer == null) {
        long generation = ++timerGeneration;
        timer = BatchProcessor.this.timer.schedule(() -> runFlush(() -> onTimeout(generation)), config.timeout());
      }
      return null;
    }

    private List<Piece<T>> takeAllLocked() {
      if (timer != null) {
        timer.cancel();
        timer = null;
        timerGeneration++;
      }
      List<Piece<T>> out = pending;
      pending = new ArrayList<>();
      pendingItems = 0;
      return out;
    }

    List<Piece<T>> takeAll() {
      synchronized (lock) {
        return takeAllLocked();
      }
    }

    private void onTimeout(long generation) {
      List<Piece<T>> due;
      synchronized (lock) {
        if (timer == null || generation != timerGeneration) {
          return;
        }
        timer = null;
        due = takeAllLocked();
      }
      if (!due.isEmpty()) {
        dispatch(due, Trigger.TIMEOUT);
      }
    }

    /**
     * Sends pieces as one batch, or split into batches of at most {@code send_batch_max_size}.
     * After a size trigger, a last batch smaller than {@code send_batch_size} goes back to wait,
     * as in the Collector.
     */
    List<CompletableFuture<Void>> dispatch(List<Piece<T>> pieces, Trigger trigger) {
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      List<Piece<T>> due = pieces;
      while (due != null && !due.isEmpty()) {
        long total = 0;
        for (Piece<T> p : due) {
          total += p.items();
        }
        int max = config.sendBatchMaxSize();
        if (max <= 0 || total <= max) {
          sent.add(send(due, trigger));
          return sent;
        }
        List<List<Piece<T>>> batches = split(due, max);
        List<Piece<T>> last = batches.get(batches.size() - 1);
        List<Piece<T>> requeue = null;
        if (trigger == Trigger.SIZE && !sendAtOnce && items(last) < config.sendBatchSize()) {
          requeue = batches.remove(batches.size() - 1);
        }
        for (List<Piece<T>> batch : batches) {
          sent.add(send(batch, trigger));
        }
        due = requeue == null ? null : requeue(requeue);
      }
      return sent;
    }

    /** Puts a remainder back in front of the pending pieces; returns what is due now, if anything. */
    private List<Piece<T>> requeue(List<Piece<T>> remainder) {
      synchronized (lock) {
        if (!stopped) {
          pending.addAll(0, remainder);
          pendingItems += items(remainder);
          return takeIfDueLocked();
        }
      }
      send(remainder, Trigger.SHUTDOWN);
      return null;
    }

    private List<List<Piece<T>>> split(List<Piece<T>> pieces, int max) {
      List<List<Piece<T>>> batches = new ArrayList<>();
      List<Piece<T>> current = new ArrayList<>();
      int room = max;
      for (Piece<T> p : pieces) {
        if (p.items() <= room) {
          current.add(p);
          room -= p.items();
        } else {
          int[] sizes = partSizes(p.items(), room, max);
          List<M> parts = signal.split(p.data().request(), sizes);
          p.completion().split(parts.size() - 1);
          for (int i = 0; i < parts.size(); i++) {
            current.add(new Piece<>(signal.of(parts.get(i), context), sizes[i], p.completion()));
            room -= sizes[i];
            if (room == 0 && i < parts.size() - 1) {
              batches.add(current);
              current = new ArrayList<>();
              room = max;
            }
          }
        }
        if (room == 0) {
          batches.add(current);
          current = new ArrayList<>();
          room = max;
        }
      }
      if (!current.isEmpty()) {
        batches.add(current);
      }
      return batches;
    }

    private CompletableFuture<Void> send(List<Piece<T>> batch, Trigger trigger) {
      int items = items(batch);
      T data;
      try {
        data = batch.size() == 1 ? batch.get(0).data() : merge(batch);
      } catch (RuntimeException e) {
        ConsumerException failure = ConsumerException.permanent("cannot merge batch: " + e.getMessage(), e);
        for (Piece<T> p : batch) {
          p.completion().partDone(failure);
        }
        return Completions.failed(failure);
      }
      data.setClient(context);
      Instruments in = instruments;
      in.sendSize().record(items);
      if (in.sendSizeBytes() != null) {
        in.sendSizeBytes().record(data.encodedSize());
      }
      if (trigger == Trigger.SIZE) {
        in.sizeTrigger().inc();
      } else if (trigger == Trigger.TIMEOUT) {
        in.timeoutTrigger().inc();
      }
      // Once merged, the pieces' own bytes are garbage: keep only what settling needs, so that a
      // batch waiting for its answer (or re-offered) holds its content once, as its budget counts.
      return offer(batch.size() == 1 ? batch : withoutData(batch), data, 0);
    }

    private List<Piece<T>> withoutData(List<Piece<T>> batch) {
      List<Piece<T>> bare = new ArrayList<>(batch.size());
      for (Piece<T> p : batch) {
        bare.add(new Piece<>(null, p.items(), p.completion()));
      }
      return bare;
    }

    /** Concatenates the wire bytes: a concatenation of export requests is one valid request. */
    private T merge(List<Piece<T>> batch) {
      List<T> parts = new ArrayList<>(batch.size());
      for (Piece<T> p : batch) {
        parts.add(p.data());
      }
      return TelemetryData.concat(parts, context);
    }
  }

  private CompletableFuture<Void> consumeNext(T data) {
    try {
      CompletableFuture<Void> f = next.consume(data);
      return f != null ? f : Completions.done();
    } catch (RuntimeException e) {
      return Completions.failed(ConsumerException.from(e));
    }
  }

  static int items(List<? extends Piece<?>> pieces) {
    int n = 0;
    for (Piece<?> p : pieces) {
      n += p.items();
    }
    return n;
  }

  /** Sizes of the parts one piece is cut into: fill {@code room}, then whole batches, then the rest. */
  static int[] partSizes(int items, int room, int max) {
    List<Integer> sizes = new ArrayList<>();
    int left = items;
    if (room > 0) {
      sizes.add(room);
      left -= room;
    }
    while (left > 0) {
      int n = Math.min(max, left);
      sizes.add(n);
      left -= n;
    }
    int[] out = new int[sizes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = sizes.get(i);
    }
    return out;
  }
}
