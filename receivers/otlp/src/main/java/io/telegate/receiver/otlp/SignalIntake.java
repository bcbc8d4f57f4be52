package io.telegate.receiver.otlp;

import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Where the requests of one signal enter the pipeline: wraps protobuf or JSON bodies as that
 * signal's data, hands them to the next consumer and counts accepted and refused items per
 * transport.
 *
 * @param <T> {@code Traces}, {@code Metrics} or {@code Logs}
 */
final class SignalIntake<T extends TelemetryData<?>> {

  private final Signal signal;
  private final Consumer<T> next;
  private final BiFunction<byte[], ClientContext, T> fromProtobuf;
  private final BiFunction<byte[], ClientContext, T> fromJson;
  private volatile GatewayLogger log = GatewayLogger.root();
  private volatile MemoryBudget intake = MemoryBudget.unbounded();
  // Set once in bind, before the servers start; read by request threads after that.
  private volatile MetricRegistry.Counter[] accepted = new MetricRegistry.Counter[0];
  private volatile MetricRegistry.Counter[] refused = new MetricRegistry.Counter[0];

  SignalIntake(Signal signal, Consumer<T> next, BiFunction<byte[], ClientContext, T> fromProtobuf,
      BiFunction<byte[], ClientContext, T> fromJson) {
    this.signal = signal;
    this.next = next;
    this.fromProtobuf = fromProtobuf;
    this.fromJson = fromJson;
  }

  Signal signal() {
    return signal;
  }

  /**
   * Looks the counters of the transports that run up once, so requests do no map lookup, and takes
   * the logger for refusals.
   */
  void bind(MetricRegistry metrics, String receiverId, GatewayLogger log, Set<Protocol> transports,
      MemoryBudget intake) {
    this.log = log;
    this.intake = intake;
    MetricRegistry.Counter[] a = new MetricRegistry.Counter[Protocol.values().length];
    MetricRegistry.Counter[] r = new MetricRegistry.Counter[Protocol.values().length];
    String item = signal.itemName();
    for (Protocol t : transports) {
      a[t.ordinal()] = metrics.counter("otelcol_receiver_accepted_" + item,
          "Number of " + item + " successfully pushed into the pipeline.", "receiver", receiverId,
          "transport", t.label());
      r[t.ordinal()] = metrics.counter("otelcol_receiver_refused_" + item,
          "Number of " + item + " that could not be pushed into the pipeline.", "receiver", receiverId,
          "transport", t.label());
    }
    accepted = a;
    refused = r;
  }

  /**
   * What decoding a body of {@code bytes} costs the heap, by the rule documented in the README: an
   * OTLP/JSON body is the body and its wire encoding, written by the streaming reader into a buffer
   * the size of the body and trimmed ({@value #JSON_COST} times its size); a protobuf body is kept
   * as it is (the wire walk allocates nothing), once more while the batch processor or an exporter
   * copies it.
   */
  static long decodeCost(long bytes, boolean json) {
    return json ? bytes * JSON_COST : bytes * PROTOBUF_COST;
  }

  static final int JSON_COST = 1 + io.telegate.core.data.OtlpJsonReader.COST;
  static final int PROTOBUF_COST = 2;

  /**
   * Reserves {@code cost} bytes of the gateway's intake budget for a request about to be decoded.
   * Null when reserved (the caller releases it with {@link #release} once the request is
   * answered); else the failure to answer with: throttled while other requests hold the budget,
   * invalid-argument when this one alone could never fit.
   */
  ExportFailure reserve(long cost) {
    return reserve(cost, 0);
  }

  /**
   * {@link #reserve(long)} for a request of which {@code held} bytes are reserved already (an HTTP
   * body while it was aggregated): only the rest is taken; the caller then holds the larger of the
   * two and releases it with the answer.
   */
  ExportFailure reserve(long cost, long held) {
    if (intake.tryReserveStrict(Math.max(0, cost - held))) {
      return null;
    }
    if (cost > intake.limit()) {
      return ExportFailure.invalidArgument("request too large for this gateway's memory: decoding it would take about "
          + cost + " bytes, more than all requests together may (" + intake.limit() + ", service::buffers::"
          + "intake_limit_*); send smaller requests");
    }
    return ExportFailure.from(intake.exhausted("the gateway is decoding as much as its memory allows; retry later"));
  }

  void release(long cost) {
    intake.release(cost);
  }

  /**
   * Wraps an encoded export request.
   *
   * @throws io.telegate.core.data.MalformedDataException if the bytes are not one
   */
  T decodeProtobuf(byte[] body, ClientContext client) {
    return fromProtobuf.apply(body, client);
  }

  /**
   * Parses an OTLP/JSON export request.
   *
   * @throws io.telegate.core.data.MalformedDataException if the bytes are not one
   */
  T decodeJson(byte[] body, ClientContext client) {
    return fromJson.apply(body, client);
  }

  /**
   * Passes {@code data} on and completes when the pipeline has taken it. An empty request succeeds
   * at once without reaching the pipeline, as in the Collector. Never throws: a consumer that
   * throws gives a failed completion.
   */
  CompletableFuture<Void> consume(T data, Protocol transport) {
    int items = data.itemCount();
    if (items == 0) {
      return Completions.done();
    }
    CompletableFuture<Void> result;
    try {
      result = next.consume(data);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    // Empty before start; requests only come after it, on a transport that has its counters.
    MetricRegistry.Counter ok = accepted.length == 0 ? null : accepted[transport.ordinal()];
    MetricRegistry.Counter no = refused.length == 0 ? null : refused[transport.ordinal()];
    return result.whenComplete((v, t) -> {
      MetricRegistry.Counter c = t == null ? ok : no;
      if (c != null) {
        c.add(items);
      }
      if (t != null) {
        logRefusal(t, items, transport);
      }
    });
  }

  /** Permanent refusals lose data, so they are logged (rate-limited); retryable ones are the client's to retry. */
  private void logRefusal(Throwable t, int items, Protocol transport) {
    ConsumerException e = ConsumerException.from(t);
    GatewayLogger.Level level = e.isPermanent() ? GatewayLogger.Level.WARN : GatewayLogger.Level.DEBUG;
    log.rateLimited(level, "otlp-refused-" + signal.id() + "-" + level, Duration.ofSeconds(10),
        "the pipeline refused " + signal.id(), null, "items", items, "transport", transport.label(),
        "permanent", e.isPermanent(), "error", String.valueOf(e.getMessage()));
  }
}
