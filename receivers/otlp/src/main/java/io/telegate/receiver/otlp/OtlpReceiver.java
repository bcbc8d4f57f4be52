package io.telegate.receiver.otlp;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Receiver;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.data.Traces;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.HttpMetrics;
import io.telegate.core.telemetry.RpcMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The OTLP receiver: one instance per configured id serves every signal that some pipeline takes,
 * over gRPC, HTTP or both. A signal no pipeline takes is not served (gRPC UNIMPLEMENTED, HTTP 404),
 * as in the Collector.
 */
public final class OtlpReceiver implements Receiver {

  private enum State { NEW, STARTED, STOPPED }

  private final ComponentId id;
  private final OtlpReceiverConfig config;
  // Guarded by this: consumers are registered by the factory before start; start and shutdown are serialized.
  private final Map<Signal, SignalIntake<?>> intakes = new EnumMap<>(Signal.class);
  private State state = State.NEW;
  private OtlpGrpcServer grpc;
  private OtlpHttpServer http;

  OtlpReceiver(ComponentId id, OtlpReceiverConfig config) {
    this.id = id;
    this.config = config;
  }

  /** Adds the traces consumer; returns this receiver, which serves every signal of its id. */
  synchronized OtlpReceiver registerTraces(Consumer<Traces> next) {
    return register(new SignalIntake<>(Signal.TRACES, next, Traces::fromBytes,
        (body, client) -> Traces.fromBytes(OtlpJsonReader.traces(body), client)));
  }

  /** Adds the metrics consumer; returns this receiver, which serves every signal of its id. */
  synchronized OtlpReceiver registerMetrics(Consumer<Metrics> next) {
    return register(new SignalIntake<>(Signal.METRICS, next, Metrics::fromBytes,
        (body, client) -> Metrics.fromBytes(OtlpJsonReader.metrics(body), client)));
  }

  /** Adds the logs consumer; returns this receiver, which serves every signal of its id. */
  synchronized OtlpReceiver registerLogs(Consumer<Logs> next) {
    return register(new SignalIntake<>(Signal.LOGS, next, Logs::fromBytes,
        (body, client) -> Logs.fromBytes(OtlpJsonReader.logs(body), client)));
  }

  private OtlpReceiver register(SignalIntake<?> intake) {
    if (state != State.NEW) {
      throw new IllegalStateException("receiver " + id + " is already started; register consumers before start");
    }
    if (intakes.putIfAbsent(intake.signal(), intake) != null) {
      throw new IllegalStateException("receiver " + id + " already has a " + intake.signal().id() + " consumer");
    }
    return this;
  }

  /** Binds the configured protocols; a second call does nothing. */
  @Override
  public synchronized void start(Host host) throws Exception {
    if (state == State.STARTED) {
      return;
    }
    if (state == State.STOPPED) {
      throw new IllegalStateException("receiver " + id + " was shut down and cannot start again");
    }
    GatewayLogger log = host.logger(ComponentKind.RECEIVER, id);
    Set<Protocol> transports = EnumSet.noneOf(Protocol.class);
    if (config.grpc() != null) {
      transports.add(Protocol.GRPC);
    }
    if (config.http() != null) {
      transports.add(Protocol.HTTP);
    }
    for (SignalIntake<?> intake : intakes.values()) {
      intake.bind(host.metrics(), id.toString(), log, transports, host.intakeBudget());
    }
    Map<Signal, SignalIntake<?>> served = Map.copyOf(intakes);
    try {
      if (config.grpc() != null) {
        grpc = new OtlpGrpcServer(config.grpc(), served.values(), log, Authentication.resolve(config.grpc().auth(),
            "protocols::grpc::auth", host, id.toString(), Protocol.GRPC), RpcMetrics.server(host.metrics()));
        grpc.start();
      }
      if (config.http() != null) {
        http = new OtlpHttpServer(config.http(), served, log, host.intakeBudget(), Authentication.resolve(
            config.http().auth(), "protocols::http::auth", host, id.toString(), Protocol.HTTP),
            HttpMetrics.server(host.metrics()));
        http.start();
      }
    } catch (Exception e) {
      stopServers(Duration.ofSeconds(5));
      state = State.STOPPED;
      throw e;
    }
    state = State.STARTED;
  }

  /** Stops taking requests and answers those in flight until {@code timeout}; safe before start and twice. */
  @Override
  public synchronized void shutdown(Duration timeout) {
    if (state == State.STARTED) {
      stopServers(timeout);
    }
    state = State.STOPPED;
  }

  private void stopServers(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Both stop taking new requests before either waits for the ones in flight.
    if (http != null) {
      http.shutdown(timeout);
    }
    if (grpc != null) {
      grpc.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /** The bound gRPC address, or null if gRPC is off or the receiver is not started. */
  public synchronized InetSocketAddress grpcAddress() {
    return grpc == null ? null : grpc.address();
  }

  /** The bound HTTP address, or null if HTTP is off or the receiver is not started. */
  public synchronized InetSocketAddress httpAddress() {
    return http == null ? null : http.address();
  }
}
