package io.telegate.exporter.otlp;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.RpcMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One OTLP/gRPC export call: sends the request's wire bytes as they are (no re-serialization) to
 * the signal's {@code Export} method and maps the outcome with {@link GrpcFailures}.
 */
final class OtlpGrpcSender<T extends TelemetryData<?>> implements Sender<T> {

  private final ComponentId id;
  private final Signal signal;
  private final OtlpGrpcExporterConfig config;
  private final SharedGrpcChannel shared;
  private final MethodDescriptor<byte[], byte[]> method;
  private final Metadata headers = new Metadata();
  private volatile ManagedChannel channel;
  /** The {@code rpc_client_*} histograms, or null below level {@code detailed}. */
  private volatile RpcMetrics metrics;
  private PartialSuccessRecorder partial;
  private CallOptions callOptions;
  private volatile io.telegate.transport.auth.ClientCredentials credentials =
      io.telegate.transport.auth.ClientCredentials.none();

  OtlpGrpcSender(ComponentId id, Signal signal, OtlpGrpcExporterConfig config, SharedGrpcChannel shared) {
    this.id = id;
    this.signal = signal;
    this.config = config;
    this.shared = shared;
    this.method = MethodDescriptor.newBuilder(Bytes.INSTANCE, Bytes.INSTANCE)
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(methodName(signal))
        .build();
    for (Map.Entry<String, String> h : config.headers().entrySet()) {
      headers.put(Metadata.Key.of(h.getKey(), Metadata.ASCII_STRING_MARSHALLER), h.getValue());
    }
  }

  /** Service and method names from the generated stubs, so they cannot drift from the proto. */
  static String methodName(Signal signal) {
    return switch (signal) {
      case TRACES -> TraceServiceGrpc.getExportMethod().getFullMethodName();
      case METRICS -> MetricsServiceGrpc.getExportMethod().getFullMethodName();
      case LOGS -> LogsServiceGrpc.getExportMethod().getFullMethodName();
    };
  }

  @Override
  public void start(Host host) throws Exception {
    partial = new PartialSuccessRecorder(host, id, signal);
    metrics = RpcMetrics.client(host.metrics());
    CallOptions options = CallOptions.DEFAULT;
    if (config.compression().encoding() != null) {
      options = options.withCompression(config.compression().encoding());
    }
    if (config.waitForReady()) {
      options = options.withWaitForReady();
    }
    callOptions = options;
    credentials = io.telegate.transport.auth.ClientCredentials.resolve(config.auth(), "exporters::" + id + "::auth",
        host);
    channel = shared.acquire(host.logger(ComponentKind.EXPORTER, id));
  }

  @Override
  public CompletableFuture<Void> send(T data) {
    ManagedChannel ch = channel;
    if (ch == null) {
      return CompletableFuture.failedFuture(ConsumerException.retryable("exporter " + id + " is not started"));
    }
    CallOptions options = callOptions;
    if (!config.timeout().isZero()) {
      // The helper cancels a late attempt; the deadline also tells the server when to give up.
      options = options.withDeadlineAfter(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    Metadata md = new Metadata();
    if (credentials.isEmpty()) {
      md.merge(headers);
    } else {
      try {
        credentials.headers(data.client(), config.headers())
            .forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      } catch (ConsumerException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    // The caller may be a gRPC receiver's handler: its context is cancelled once the client has its
    // answer, and a call started under it would be cancelled too. Export calls have their own life.
    Context previous = Context.ROOT.attach();
    try {
      startCall(ch.newCall(method, options), data, md, result);
    } finally {
      Context.ROOT.detach(previous);
    }
    return result;
  }

  private void startCall(ClientCall<byte[], byte[]> call, T data, Metadata md, CompletableFuture<Void> result) {
    long start = System.nanoTime();
    RpcMetrics histograms = metrics;
    byte[] request = data.encoded();
    call.start(new ClientCall.Listener<>() {
      private byte[] response;

      @Override
      public void onMessage(byte[] message) {
        response = message;
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (histograms != null) {
          histograms.record(method.getFullMethodName(), status.getCode().value(), System.nanoTime() - start,
              request.length, response == null ? 0 : response.length);
        }
        if (status.isOk()) {
          partial.recordProto(response);
          result.complete(null);
        } else {
          result.completeExceptionally(GrpcFailures.from(status, trailers));
        }
      }
    }, md);
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
    result.whenComplete((v, t) -> {
      if (t != null) {
        // Timed out or cancelled by the helper: a no-op if the call already closed.
        call.cancel("export attempt abandoned", null);
      }
    });
  }

  @Override
  public void shutdown() {
    if (channel != null) {
      channel = null;
      shared.release();
    }
  }

  /** Messages as their bytes: the request is already OTLP wire format, the response is parsed later. */
  enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new DrainableBytes(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("cannot read the response: " + e.getMessage()).withCause(e)
            .asRuntimeException();
      }
    }
  }

  /**
   * The request bytes as a stream grpc-java can drain in one write: without {@link
   * io.grpc.Drainable} it copies any stream through an 8 KB buffer (a B2 profile showed 8 % of
   * the gateway's CPU there).
   */
  static final class DrainableBytes extends InputStream implements io.grpc.Drainable, io.grpc.KnownLength {
    private final byte[] bytes;
    private int position;

    DrainableBytes(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int drainTo(java.io.OutputStream target) throws IOException {
      int n = bytes.length - position;
      target.write(bytes, position, n);
      position = bytes.length;
      return n;
    }

    @Override
    public int available() {
      return bytes.length - position;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
