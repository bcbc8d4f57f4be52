package io.telegate.receiver.filelog;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Receiver;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.extension.FileStorageExtension;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.receiver.filelog.fileconsumer.Checkpoints;
import io.telegate.receiver.filelog.fileconsumer.FileConsumer;
import io.telegate.translator.stanza.Entry;
import io.telegate.translator.stanza.OperatorPipeline;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tails files and feeds their lines, through the stanza operators, to the logs pipelines as OTLP
 * logs.
 *
 * <p>One thread per receiver polls, reads, runs the operators and sends. Entries are gathered into
 * a batch, sent when it holds {@link #MAX_BATCH_RECORDS} records or {@link #MAX_BATCH_BYTES}, and at
 * the end of every poll. The thread waits for the pipeline's answer: a refused batch is offered
 * again after a wait ({@code retry_on_failure}'s intervals) while reading pauses, until it is
 * accepted; only a permanent refusal drops it (counted in {@code otelcol_receiver_refused_log_records}).
 * After each accepted batch the file offsets are checkpointed ({@code storage}), so that a restart,
 * also after {@code kill -9}, reads again at most the batch that was being sent.
 */
final class FilelogReceiver implements Receiver {

  static final int MAX_BATCH_RECORDS = 8192;
  static final long MAX_BATCH_BYTES = 4L << 20;
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  private final ComponentId id;
  private final FilelogReceiverConfig config;
  private final Consumer<Logs> next;
  private final Object lifecycle = new Object();
  private final Object pause = new Object();

  // Guarded by lifecycle.
  private ScheduledThreadPoolExecutor executor;
  private volatile boolean stopped;

  // Set in start, before the polling thread runs.
  private GatewayLogger log = GatewayLogger.root();
  private ComponentHealth health;
  private Clock clock = Clock.systemUTC();
  private MetricRegistry.Counter accepted;
  private MetricRegistry.Counter refused;
  private MetricRegistry.Counter retries;
  private FileConsumer files;
  private OperatorPipeline operators;

  // Owned by the polling thread.
  private final LogsBatch batch = new LogsBatch();
  /** A batch taken from {@link #batch} and not yet accepted. */
  private ExportLogsServiceRequest pending;
  private int pendingRecords;

  FilelogReceiver(ComponentId id, FilelogReceiverConfig config, Consumer<Logs> next) {
    this.id = id;
    this.config = config;
    this.next = next;
  }

  @Override
  public void start(Host host) throws Exception {
    synchronized (lifecycle) {
      if (executor != null || stopped) {
        return;
      }
      log = host.logger(ComponentKind.RECEIVER, id);
      health = host.health(ComponentKind.RECEIVER, id);
      clock = host.clock();
      Checkpoints checkpoints = null;
      if (config.storage() != null && !config.storage().isBlank()) {
        FileStorageExtension storage = host.requiredExtension(ComponentId.parse(config.storage()),
            FileStorageExtension.class, "a file_storage extension", "receivers::" + id + "::storage");
        checkpoints = new Checkpoints(storage.directory().resolve(checkpointName(id)), storage.fsync());
      }
      if (!FilelogReceiverConfig.DEFAULT.initialBufferSize().equals(config.initialBufferSize())) {
        log.warn("ignoring initial_buffer_size: the read buffer is max_log_size plus 64 KiB");
      }
      if (!config.retryOnFailure().maxElapsedTime().equals(FilelogReceiverConfig.RetryOnFailure.DEFAULT.maxElapsedTime())) {
        log.warn("ignoring retry_on_failure::max_elapsed_time: a batch the pipeline refuses retryably is offered "
            + "again until it is accepted, with reading paused, and never dropped");
      }
      operators = OperatorPipeline.build(config.operators(), this::onEntry);
      files = new FileConsumer(config.consumer(), new Emitter(), checkpoints, log, clock, System::nanoTime);
      MetricRegistry m = host.metrics();
      String rid = id.toString();
      accepted = m.counter("otelcol_receiver_accepted_log_records",
          "Number of log records successfully pushed into the pipeline.", "receiver", rid);
      refused = m.counter("otelcol_receiver_refused_log_records",
          "Number of log records that could not be pushed into the pipeline.", "receiver", rid);
      retries = m.counter("telegate_receiver_filelog_retries",
          "Batches the pipeline refused retryably and that were offered again.", "receiver", rid);
      FileConsumer f = files;
      m.gauge("otelcol_fileconsumer_open_files", "Number of open files.", f::openFiles, "receiver", rid);
      m.gauge("otelcol_fileconsumer_reading_files", "Number of open files that are being read.", f::readingFiles,
          "receiver", rid);
      ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, host.threads(ComponentKind.RECEIVER, id));
      ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      ex.setRemoveOnCancelPolicy(true);
      executor = ex;
      ex.scheduleWithFixedDelay(this::pollOnce, 0, config.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
      health.ok();
    }
  }

  /** The checkpoint's file name in the storage directory, one per receiver id. */
  static String checkpointName(ComponentId id) {
    return "receiver_filelog_" + id.toString().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public void shutdown(Duration timeout) {
    ScheduledThreadPoolExecutor ex;
    synchronized (lifecycle) {
      stopped = true;
      ex = executor;
      if (ex == null || ex.isShutdown()) {
        return;
      }
      files.stop();
      synchronized (pause) {
        pause.notifyAll();
      }
      // After the poll under way: send what is held once more, save the offsets, close the files.
      ex.execute(this::finish);
      ex.shutdown();
    }
    try {
      if (!ex.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        ex.shutdownNow();
        log.warn("file reading did not stop before the shutdown deadline; offsets since the last checkpoint "
            + "are read again after a restart");
      }
    } catch (InterruptedException e) {
      ex.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void pollOnce() {
    if (stopped) {
      return;
    }
    try {
      files.poll();
      operators.flush(System.nanoTime());
      if (!stopped && send(true)) {
        files.checkpoint();
      }
    } catch (RuntimeException e) {
      health.recoverableError("poll failed: " + e);
      log.rateLimited(GatewayLogger.Level.ERROR, "filelog-poll:" + id, LOG_INTERVAL, "file poll failed", e);
    }
  }

  private void finish() {
    try {
      operators.flushAll();
      if (send(false)) {
        files.checkpoint();
      } else {
        log.warn("log records read but not accepted at shutdown; they are read again after a restart when "
            + "storage is set", "records", batch.records() + (pending == null ? 0 : pendingRecords));
      }
    } finally {
      files.close();
    }
  }

  private void onEntry(Entry e) {
    batch.add(e);
  }

  /** Reads tokens into entries; sends the batch first when it is full. */
  private final class Emitter implements FileConsumer.Emitter {
    @Override
    public boolean emit(Object body, Map<String, Object> fileAttributes) {
      if (stopped) {
        return false;
      }
      if (batch.records() >= MAX_BATCH_RECORDS || batch.bytes() >= MAX_BATCH_BYTES) {
        if (!send(true)) {
          return false;
        }
        files.checkpoint();
      }
      long now = nowNanos();
      Entry e = new Entry(body, now);
      if (!config.attributes().isEmpty()) {
        e.attributes.putAll(config.attributes());
      }
      e.attributes.putAll(fileAttributes);
      if (!config.resource().isEmpty()) {
        e.resource.putAll(config.resource());
      }
      operators.process(e);
      return true;
    }

    @Override
    public boolean sync() {
      return send(true) && files.checkpoint();
    }
  }

  private long nowNanos() {
    java.time.Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /**
   * Sends what is held (a batch refused before, then the batch) and waits for the answers; offers a
   * batch again while it is refused retryably.
   *
   * @param retry false at shutdown: one offer only
   * @return true when nothing is held afterwards (accepted, or dropped after a permanent refusal)
   */
  private boolean send(boolean retry) {
    while (true) {
      if (pending == null) {
        if (batch.isEmpty()) {
          return true;
        }
        pendingRecords = batch.records();
        pending = batch.take();
      }
      if (!offer(retry)) {
        return false;
      }
      pending = null;
    }
  }

  /** Offers {@link #pending} until it is accepted or dropped (true), or given up on at shutdown (false). */
  private boolean offer(boolean retry) {
    int n = pendingRecords;
    Duration wait = config.retryOnFailure().initialInterval();
    while (true) {
      Throwable failure;
      try {
        next.consume(Logs.of(pending)).get();
        accepted.add(n);
        health.ok();
        return true;
      } catch (ExecutionException e) {
        failure = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (RuntimeException e) {
        failure = e;
      }
      ConsumerException ce = ConsumerException.from(failure);
      if (ce.isPermanent()) {
        refused.add(n);
        log.rateLimited(GatewayLogger.Level.ERROR, "filelog-refused:" + id, LOG_INTERVAL,
            "the pipeline refused log records permanently; they are dropped", null, "records", n, "error",
            String.valueOf(ce.getMessage()));
        return true;
      }
      if (!retry || stopped || Thread.currentThread().isInterrupted()) {
        return false;
      }
      retries.inc();
      health.recoverableError("pipeline refused log records, reading paused: " + ce.getMessage());
      Duration backoff = wait;
      Duration delay = ce.throttle().filter(t -> t.compareTo(backoff) > 0).orElse(backoff);
      synchronized (pause) {
        try {
          if (!stopped) {
            pause.wait(Math.max(1, delay.toMillis()));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      wait = wait.multipliedBy(2);
      if (wait.compareTo(config.retryOnFailure().maxInterval()) > 0) {
        wait = config.retryOnFailure().maxInterval();
      }
    }
  }
}
