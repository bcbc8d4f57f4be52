package io.telegate.receiver.otlpjsonfile;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Receiver;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import io.telegate.core.extension.FileStorageExtension;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.receiver.filelog.fileconsumer.Checkpoints;
import io.telegate.receiver.filelog.fileconsumer.FileConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code otlpjsonfile} receiver: reads files of OTLP/JSON export requests, one per line (what
 * the {@code file} exporter writes with {@code format: json}), through the filelog module's file
 * consumer, and passes each line's request to the pipeline of its signal. One instance serves every
 * signal of an id and reads each file once; a line goes to the signal its top-level key names
 * ({@code resourceSpans}, {@code resourceMetrics}, {@code resourceLogs}), and lines of a signal no
 * pipeline takes, empty requests and blank lines are skipped.
 *
 * <p>Each request is handed on and waited for before the next line is read, so backpressure pauses
 * the reading: a retryable refusal is offered again (50 ms, doubling up to 5 s) until it is taken or
 * the receiver stops; then the line is not counted as read, and with {@code storage} it is read again
 * after the restart. A line that is not OTLP/JSON, or that the pipeline refuses permanently, is
 * counted in {@code otelcol_receiver_refused_*} and logged, and reading goes on. Offsets are saved
 * after each poll, once what it read was accepted.
 */
final class OtlpJsonFileReceiver implements Receiver {

  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
  private static final long FIRST_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 5_000;
  static final String TRANSPORT = "file";

  private final ComponentId id;
  private final OtlpJsonFileReceiverConfig config;
  private final Map<Signal, Consumer<? extends TelemetryData<?>>> next = new EnumMap<>(Signal.class);
  private final Map<Signal, MetricRegistry.Counter> accepted = new EnumMap<>(Signal.class);
  private final Map<Signal, MetricRegistry.Counter> refused = new EnumMap<>(Signal.class);
  private final Object wake = new Object();
  private GatewayLogger log = GatewayLogger.root();
  private FileConsumer consumer;
  private Thread poller;
  private volatile boolean stopping;
  private final java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();
  private boolean started;

  OtlpJsonFileReceiver(ComponentId id, OtlpJsonFileReceiverConfig config) {
    this.id = id;
    this.config = config;
  }

  OtlpJsonFileReceiver register(Signal signal, Consumer<? extends TelemetryData<?>> consumer) {
    next.put(signal, consumer);
    return this;
  }

  @Override
  public synchronized void start(Host host) throws Exception {
    if (started) {
      return;
    }
    started = true;
    log = host.logger(ComponentKind.RECEIVER, id);
    MetricRegistry m = host.metrics();
    for (Signal s : next.keySet()) {
      String item = s.itemName();
      accepted.put(s, m.counter("otelcol_receiver_accepted_" + item,
          "Number of " + item + " successfully pushed into the pipeline.", "receiver", id.toString(), "transport",
          TRANSPORT));
      refused.put(s, m.counter("otelcol_receiver_refused_" + item,
          "Number of " + item + " that could not be pushed into the pipeline.", "receiver", id.toString(),
          "transport", TRANSPORT));
    }
    Checkpoints checkpoints = null;
    if (config.storage() != null) {
      FileStorageExtension storage = host.requiredExtension(ComponentId.parse(config.storage()),
          FileStorageExtension.class,
          "a file_storage extension", "receivers::" + id + "::storage");
      checkpoints = new Checkpoints(storage.directory().resolve("otlpjsonfile-" + id.toString().replace('/', '_')
          + ".offsets"), true);
    }
    consumer = new FileConsumer(config.consumerConfig(), new FileConsumer.Emitter() {
      @Override
      public boolean emit(Object body, Map<String, Object> attributes) {
        return deliver(body);
      }
    }, checkpoints, log, host.clock(), System::nanoTime);
    poller = host.threads(ComponentKind.RECEIVER, id).newThread(this::pollLoop);
    poller.start();
  }

  private void pollLoop() {
    long interval = config.pollInterval().toNanos();
    while (!stopping) {
      try {
        consumer.poll();
        if (!stopping) {
          consumer.checkpoint();
        }
        polls.incrementAndGet();
      } catch (RuntimeException e) {
        log.rateLimited(GatewayLogger.Level.ERROR, "otlpjsonfile-poll:" + id, LOG_INTERVAL, "poll failed", e);
      }
      synchronized (wake) {
        long deadline = System.nanoTime() + interval;
        long left;
        while (!stopping && (left = deadline - System.nanoTime()) > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(wake, left);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** Polls completed since start; for tests. */
  long polls() {
    return polls.get();
  }

  /** One line: parsed, handed to its signal's pipeline and waited for. False stops the reading. */
  private boolean deliver(Object body) {
    byte[] json = body instanceof byte[] b ? b : ((String) body).getBytes(StandardCharsets.UTF_8);
    if (isBlank(json)) {
      return true;
    }
    Signal signal = signalOf(json);
    if (signal == null || !next.containsKey(signal)) {
      if (signal == null) {
        log.rateLimited(GatewayLogger.Level.WARN, "otlpjsonfile-unknown:" + id, LOG_INTERVAL,
            "skipped a line that is no OTLP/JSON request (expected resourceSpans, resourceMetrics or resourceLogs)",
            null);
      }
      return true;
    }
    TelemetryData<?> data;
    try {
      data = switch (signal) {
        case TRACES -> Traces.fromBytes(OtlpJsonReader.traces(json), ClientContext.EMPTY);
        case METRICS -> Metrics.fromBytes(OtlpJsonReader.metrics(json), ClientContext.EMPTY);
        case LOGS -> Logs.fromBytes(OtlpJsonReader.logs(json), ClientContext.EMPTY);
      };
    } catch (MalformedDataException | IllegalArgumentException e) {
      refused.get(signal).add(1);
      log.rateLimited(GatewayLogger.Level.WARN, "otlpjsonfile-malformed:" + id, LOG_INTERVAL,
          "skipped a line that is not valid OTLP/JSON", e, "signal", signal.id());
      return true;
    }
    if (data.resourceCount() == 0) {
      return true;
    }
    return consume(signal, data);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean consume(Signal signal, TelemetryData<?> data) {
    Consumer c = next.get(signal);
    long backoff = FIRST_BACKOFF_MS;
    while (true) {
      try {
        c.consume(data.copy()).join();
        accepted.get(signal).add(data.itemCount());
        return true;
      } catch (RuntimeException e) {
        ConsumerException ce = ConsumerException.from(e);
        if (ce.isPermanent()) {
          refused.get(signal).add(data.itemCount());
          log.rateLimited(GatewayLogger.Level.WARN, "otlpjsonfile-refused:" + id, LOG_INTERVAL,
              "the pipeline refused a request permanently; skipped", ce, "signal", signal.id(),
              "items", data.itemCount());
          return true;
        }
        long wait = Math.max(backoff, ce.throttle().map(Duration::toMillis).orElse(0L));
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        synchronized (wake) {
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
          long left;
          while (!stopping && (left = deadline - System.nanoTime()) > 0) {
            try {
              TimeUnit.NANOSECONDS.timedWait(wake, left);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              return false;
            }
          }
        }
        if (stopping) {
          return false;
        }
      }
    }
  }

  /** The signal a line's first key names, or null; both key spellings, as the reader takes them. */
  static Signal signalOf(byte[] json) {
    int i = 0;
    while (i < json.length && json[i] != '"') {
      i++;
    }
    int start = i + 1;
    int end = start;
    while (end < json.length && json[end] != '"') {
      end++;
    }
    if (end >= json.length) {
      return null;
    }
    String key = new String(json, start, end - start, StandardCharsets.UTF_8);
    return switch (key) {
      case "resourceSpans", "resource_spans" -> Signal.TRACES;
      case "resourceMetrics", "resource_metrics" -> Signal.METRICS;
      case "resourceLogs", "resource_logs" -> Signal.LOGS;
      default -> null;
    };
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r' && x != '\n') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void shutdown(Duration timeout) {
    Thread t;
    synchronized (this) {
      if (!started || stopping) {
        return;
      }
      stopping = true;
      t = poller;
    }
    if (consumer != null) {
      consumer.stop();
    }
    synchronized (wake) {
      wake.notifyAll();
    }
    if (t != null) {
      try {
        t.join(Math.max(1, timeout.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (consumer != null && (t == null || !t.isAlive())) {
      // The poller stopped: what it emitted was accepted, so its offsets are safe to save.
      consumer.checkpoint();
      consumer.close();
    } else if (t != null) {
      log.warn("the poll did not stop in time; offsets of this run's last poll are not saved");
    }
  }
}
