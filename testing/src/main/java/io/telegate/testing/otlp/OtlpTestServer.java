package io.telegate.testing.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import io.telegate.testing.Await;
import io.telegate.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An OTLP server for tests, speaking the specification's wire protocol: OTLP/gRPC and OTLP/HTTP
 * (protobuf and JSON, gzip, zstd and snappy bodies) on 127.0.0.1, optionally with TLS and client
 * certificates. It records every request (its bytes and its protobuf-java message) and answers with
 * the next scripted {@link Reply}, then with its responder (OK by default, or the consumers
 * {@link #forwardTo} hands each request to): a backend for exporters, a source for what they send.
 *
 * <p>gRPC needs grpc-netty-shaded and grpc-protobuf on the test classpath, and HTTP bodies in zstd
 * or snappy need transport; both are optional dependencies of this module.
 */
public final class OtlpTestServer implements AutoCloseable {

  /** The transports a server listens on. */
  public enum Protocol { GRPC, HTTP }

  /** How a request is answered once the script is used up. */
  @FunctionalInterface
  public interface Responder {
    CompletionStage<Reply> answer(Received request);
  }

  /**
   * What one request carried: its signal (null for an HTTP path that names none), the HTTP path or
   * the gRPC method, its headers (lower-case names), its body as sent but decompressed, the
   * protobuf-java request it decodes to (null when the signal is unknown), and the subject of the
   * client certificate when one was presented.
   */
  public record Received(Protocol protocol, Signal signal, String path, Map<String, List<String>> headers,
      byte[] body, Message message, String clientCertificate) {

    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Whether the body was OTLP/JSON (HTTP only). */
    public boolean json() {
      String type = header("content-type");
      return type != null && type.startsWith("application/json");
    }
  }

  private final Object lock = new Object();
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private volatile Responder responder = request -> CompletableFuture.completedFuture(Reply.ok());
  private final HttpSide http;
  private final AutoCloseable grpc;
  private final int grpcPort;
  private final boolean tls;

  private OtlpTestServer(Builder b) throws IOException {
    this.tls = b.certPem != null;
    PemServerTls serverTls = tls ? new PemServerTls(b.certPem, b.keyPem, b.clientCaPem) : null;
    try {
      http = b.protocols.contains(Protocol.HTTP) ? new HttpSide(this, b.httpPort, serverTls) : null;
      if (b.protocols.contains(Protocol.GRPC)) {
        GrpcSide g = new GrpcSide(this, b.grpcPort, serverTls);
        grpc = g;
        grpcPort = g.port();
      } else {
        grpc = null;
        grpcPort = -1;
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A builder for an HTTP-only server without TLS on a free port. */
  public static Builder builder() {
    return new Builder();
  }

  /** An OTLP/HTTP server on a free port, without TLS. */
  public static OtlpTestServer http() throws IOException {
    return builder().start();
  }

  /** An OTLP/gRPC server on a free port, without TLS. */
  public static OtlpTestServer grpc() throws IOException {
    return builder().protocols(Protocol.GRPC).start();
  }

  /** Options of a server; {@link #start} binds it. */
  public static final class Builder {
    private Set<Protocol> protocols = EnumSet.of(Protocol.HTTP);
    private int httpPort;
    private int grpcPort;
    private Path certPem;
    private Path keyPem;
    private Path clientCaPem;

    private Builder() {}

    /** The transports to listen on (HTTP alone by default). */
    public Builder protocols(Protocol... protocols) {
      this.protocols = EnumSet.copyOf(List.of(protocols));
      return this;
    }

    /** A fixed OTLP/HTTP port on 127.0.0.1 (0, the default: a free one). */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** A fixed OTLP/gRPC port on 127.0.0.1 (0, the default: a free one). */
    public Builder grpcPort(int port) {
      this.grpcPort = port;
      return this;
    }

    /** TLS with this certificate chain and PKCS#8 key (PEM). */
    public Builder tls(Path certPem, Path keyPem) {
      this.certPem = certPem;
      this.keyPem = keyPem;
      return this;
    }

    /** TLS with the server certificate of {@code certificates} (for 127.0.0.1 and localhost). */
    public Builder tls(TestCertificates certificates) {
      return tls(certificates.serverCertPem(), certificates.serverKeyPem());
    }

    /** Mutual TLS: a client must present a certificate that the CA certificates in {@code caPem} signed. */
    public Builder requireClientCertificates(Path caPem) {
      this.clientCaPem = caPem;
      return this;
    }

    public OtlpTestServer start() throws IOException {
      if (clientCaPem != null && certPem == null) {
        throw new IllegalStateException("client certificates need TLS: call tls(...) first");
      }
      return new OtlpTestServer(this);
    }
  }

  /** {@code http://127.0.0.1:<port>} or {@code https://...}: the base URL of OTLP/HTTP, without a path. */
  public String httpUrl() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + httpPort();
  }

  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("this server does not listen on HTTP");
    }
    return http.port();
  }

  /** {@code 127.0.0.1:<port>}: the gRPC endpoint as an exporter's {@code endpoint} takes it. */
  public String grpcEndpoint() {
    return "127.0.0.1:" + grpcPort();
  }

  public int grpcPort() {
    if (grpc == null) {
      throw new IllegalStateException("this server does not listen on gRPC");
    }
    return grpcPort;
  }

  /** Appends replies to the script: the next requests are answered with them, in order. */
  public OtlpTestServer then(Reply... replies) {
    synchronized (lock) {
      script.addAll(List.of(replies));
    }
    return this;
  }

  /** Appends {@code n} copies of a reply to the script. */
  public OtlpTestServer times(int n, Reply reply) {
    for (int i = 0; i < n; i++) {
      then(reply);
    }
    return this;
  }

  /** How requests are answered once the script is used up (OK by default). */
  public OtlpTestServer answerAfterScript(Responder responder) {
    this.responder = responder;
    return this;
  }

  /** {@link #answerAfterScript(Responder)} with one reply for every request. */
  public OtlpTestServer answerAfterScript(Reply reply) {
    return answerAfterScript(request -> CompletableFuture.completedFuture(reply));
  }

  /**
   * Once the script is used up, hands each request to the consumer of its signal and answers with
   * the outcome, as a receiver would: OK once it completed; throttled (429 with {@code Retry-After},
   * {@code RESOURCE_EXHAUSTED} with {@code RetryInfo}) when refused with a throttle delay; invalid
   * (400, {@code INVALID_ARGUMENT}) when refused permanently; unavailable (503, {@code UNAVAILABLE})
   * otherwise. A null consumer, or an HTTP path that names no signal, is answered with 404 /
   * {@code UNIMPLEMENTED}.
   */
  public OtlpTestServer forwardTo(Consumer<Traces> traces, Consumer<Metrics> metrics, Consumer<Logs> logs) {
    return answerAfterScript(request -> request.signal() == null
        ? CompletableFuture.completedFuture(Reply.unimplemented())
        : switch (request.signal()) {
          case TRACES -> forward(traces, request, m -> Traces.of((ExportTraceServiceRequest) m));
          case METRICS -> forward(metrics, request, m -> Metrics.of((ExportMetricsServiceRequest) m));
          case LOGS -> forward(logs, request, m -> Logs.of((ExportLogsServiceRequest) m));
        });
  }

  private static <T extends TelemetryData<?>> CompletionStage<Reply> forward(Consumer<T> consumer, Received request,
      Function<Message, T> wrap) {
    if (consumer == null) {
      return CompletableFuture.completedFuture(Reply.unimplemented());
    }
    CompletableFuture<Void> done;
    try {
      done = consumer.consume(wrap.apply(request.message()));
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    return done.handle((v, failure) -> {
      if (failure == null) {
        return Reply.ok();
      }
      ConsumerException e = ConsumerException.from(failure);
      if (e.throttle().isPresent()) {
        return Reply.throttled(e.throttle().get());
      }
      return e.isPermanent() ? Reply.invalid(e.getMessage()) : Reply.unavailable();
    });
  }

  /** Every request so far, in arrival order. */
  public List<Received> received() {
    synchronized (lock) {
      return new ArrayList<>(received);
    }
  }

  /** The requests of one signal so far. */
  public List<Received> received(Signal signal) {
    return received().stream().filter(r -> r.signal() == signal).toList();
  }

  /** The trace requests so far, as protobuf-java messages. */
  public List<ExportTraceServiceRequest> traces() {
    return messages(Signal.TRACES, ExportTraceServiceRequest.class);
  }

  /** The metric requests so far, as protobuf-java messages. */
  public List<ExportMetricsServiceRequest> metrics() {
    return messages(Signal.METRICS, ExportMetricsServiceRequest.class);
  }

  /** The log requests so far, as protobuf-java messages. */
  public List<ExportLogsServiceRequest> logs() {
    return messages(Signal.LOGS, ExportLogsServiceRequest.class);
  }

  private <M extends Message> List<M> messages(Signal signal, Class<M> type) {
    return received(signal).stream().map(r -> type.cast(r.message())).toList();
  }

  /** The spans, metric data points or log records received so far (counted as the gateway counts them). */
  public long itemCount(Signal signal) {
    long n = 0;
    for (Received r : received(signal)) {
      n += data(r).itemCount();
    }
    return n;
  }

  private static TelemetryData<?> data(Received r) {
    return switch (r.signal()) {
      case TRACES -> Traces.of((ExportTraceServiceRequest) r.message());
      case METRICS -> Metrics.of((ExportMetricsServiceRequest) r.message());
      case LOGS -> Logs.of((ExportLogsServiceRequest) r.message());
    };
  }

  /** Waits until {@code n} requests have come (failing after {@code timeout}). */
  public void awaitRequests(int n, Duration timeout) {
    Await.until(n + " requests to arrive", timeout, () -> received().size() >= n);
  }

  /** Waits until {@code n} items of {@code signal} have come (failing after {@code timeout}). */
  public void awaitItems(Signal signal, long n, Duration timeout) {
    Await.until(n + " " + signal.itemName() + " to arrive", timeout, () -> itemCount(signal) >= n);
  }

  /**
   * Records a request and answers it: with the next scripted reply, else the responder. A body that
   * does not decode as its signal's request is answered as invalid and leaves the script alone.
   */
  CompletionStage<Reply> handle(Protocol protocol, Signal signal, String path, Map<String, List<String>> headers,
      byte[] body, boolean json, String clientCertificate) {
    Message message = null;
    String invalid = null;
    if (signal != null) {
      try {
        message = parse(signal, json ? json(signal, body) : body);
      } catch (IOException | RuntimeException e) {
        invalid = "cannot decode the " + signal.id() + " request: " + e.getMessage();
      }
    }
    Received r = new Received(protocol, signal, path, Map.copyOf(headers), body, message, clientCertificate);
    Reply scripted;
    synchronized (lock) {
      received.add(r);
      scripted = invalid == null ? script.poll() : null;
    }
    if (invalid != null) {
      return CompletableFuture.completedFuture(Reply.invalid(invalid));
    }
    if (scripted != null) {
      return scripted.answer();
    }
    try {
      return responder.answer(r).thenCompose(Reply::answer);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Message parse(Signal signal, byte[] bytes) throws InvalidProtocolBufferException {
    return switch (signal) {
      case TRACES -> ExportTraceServiceRequest.parseFrom(bytes);
      case METRICS -> ExportMetricsServiceRequest.parseFrom(bytes);
      case LOGS -> ExportLogsServiceRequest.parseFrom(bytes);
    };
  }

  private static byte[] json(Signal signal, byte[] body) {
    return switch (signal) {
      case TRACES -> OtlpJsonReader.traces(body);
      case METRICS -> OtlpJsonReader.metrics(body);
      case LOGS -> OtlpJsonReader.logs(body);
    };
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    if (grpc != null) {
      try {
        grpc.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
