package io.telegate.benchmarks.load;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** One connection of the load tool: sends a request's bytes, completes with "OK" or an error code. */
public interface Transport extends AutoCloseable {

  /**
   * An answer: {@code OK}, a gRPC status code name, {@code http_<status>} or an exception name, and
   * the delay the server asked for before the next attempt (gRPC {@code RetryInfo}, HTTP
   * {@code Retry-After} in seconds), in milliseconds, or -1.
   */
  record Reply(String code, long retryAfterMillis) {}

  /** Sends the body; completes with the answer. */
  CompletableFuture<Reply> sendForReply(byte[] body);

  /** Completes with {@code OK}, a gRPC status code name, {@code http_<status>} or an exception name. */
  default CompletableFuture<String> send(byte[] body) {
    return sendForReply(body).thenApply(Reply::code);
  }

  /** The {@code RetryInfo} delay of a gRPC failure in milliseconds, or -1. */
  static long retryInfoMillis(Throwable t) {
    com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(t);
    if (status == null) {
      return -1;
    }
    for (com.google.protobuf.Any d : status.getDetailsList()) {
      if (d.is(com.google.rpc.RetryInfo.class)) {
        try {
          com.google.protobuf.Duration delay = d.unpack(com.google.rpc.RetryInfo.class).getRetryDelay();
          return delay.getSeconds() * 1000 + delay.getNanos() / 1_000_000;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** {@code Retry-After} as delay-seconds in milliseconds, or -1 (absent, or an HTTP date). */
  static long retryAfterMillis(java.util.Optional<String> header) {
    try {
      return header.map(v -> Long.parseLong(v.trim()) * 1000).orElse(-1L);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  void close();

  /** Bytes as the gRPC method's request and response, unparsed, as the gateway's receiver takes them. */
  MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    /** The receiver's own read: one exact array for a message that knows its length. */
    @Override
    public byte[] parse(InputStream stream) {
      try {
        return io.telegate.receiver.otlp.GrpcMessages.readAll(stream);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  Reply OK = new Reply("OK", -1);

  static MethodDescriptor<byte[], byte[]> method(String fullName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** OTLP/gRPC over one HTTP/2 connection (one channel). */
  final class Grpc implements Transport {
    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], byte[]> method;
    private final CallOptions options;

    public Grpc(String host, int port, Shapes.Signal signal, boolean gzip, Duration timeout) {
      this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
          .maxInboundMessageSize(64 << 20).build();
      this.method = method(signal.grpcMethod);
      CallOptions o = CallOptions.DEFAULT;
      if (gzip) {
        o = o.withCompression("gzip");
      }
      this.options = o;
      this.timeoutMillis = timeout.toMillis();
    }

    private final long timeoutMillis;

    @Override
    public CompletableFuture<Reply> sendForReply(byte[] body) {
      CompletableFuture<Reply> done = new CompletableFuture<>();
      ClientCalls.asyncUnaryCall(
          channel.newCall(method, options.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)), body,
          new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {}

            @Override
            public void onError(Throwable t) {
              done.complete(new Reply(Status.fromThrowable(t).getCode().name(), retryInfoMillis(t)));
            }

            @Override
            public void onCompleted() {
              done.complete(OK);
            }
          });
      return done;
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** OTLP/HTTP protobuf with the JDK client (HTTP/1.1; it opens a connection per request in flight). */
  final class Http implements Transport {
    private final HttpClient client;
    private final URI uri;
    private final boolean gzip;
    private final Duration timeout;

    public Http(String host, int port, Shapes.Signal signal, boolean gzip, Duration timeout) {
      this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      this.uri = URI.create("http://" + host + ":" + port + signal.httpPath);
      this.gzip = gzip;
      this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Reply> sendForReply(byte[] body) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (gzip) {
        b.header("Content-Encoding", "gzip");
      }
      return client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
          .handle((r, t) -> {
            if (t != null) {
              Throwable c = t.getCause() != null ? t.getCause() : t;
              return new Reply(c.getClass().getSimpleName(), -1);
            }
            return r.statusCode() / 100 == 2 ? OK
                : new Reply("http_" + r.statusCode(), retryAfterMillis(r.headers().firstValue("Retry-After")));
          });
    }

    @Override
    public void close() {
      // The JDK 17 client has no close; its connections go when it is collected.
    }
  }
}
