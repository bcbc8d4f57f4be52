package io.telegate.benchmarks.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import org.xerial.snappy.Snappy;

/**
 * A backend that only counts: OTLP over gRPC and HTTP (spans, data points, log records, as
 * {@link io.telegate.core.data.OtlpWire} counts them), Prometheus remote write
 * ({@code POST /api/v1/write}, snappy; samples) and Loki push ({@code POST /loki/api/v1/push},
 * snappy protobuf; entries). It can stall: while stalled, requests are held unanswered and counted
 * only when the stall ends. It can be slow ({@link #limitTo}): a backend that works through
 * {@code N} items per second, one request after another, so a request is answered (with its
 * protocol's success: gRPC OK, HTTP 200 for OTLP, 204 for remote write and Loki) only once the
 * requests before it and itself have had their share of that time. Items are counted when their
 * request is answered, never before.
 */
public final class Sink implements AutoCloseable {

  /** Counters of one kind of request. */
  public static final class Counter {
    public final LongAdder requests = new LongAdder();
    public final LongAdder items = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    public final LongAdder malformed = new LongAdder();

    void add(long n, int size) {
      requests.increment();
      items.add(n);
      bytes.add(size);
    }
  }

  public final Counter spans = new Counter();
  public final Counter points = new Counter();
  public final Counter logs = new Counter();
  public final Counter samples = new Counter();
  public final Counter lokiEntries = new Counter();
  /** Native histograms in remote-write requests (not in {@link #samples}). */
  public final LongAdder histograms = new LongAdder();

  private final Server grpc;
  private final HttpServer http;
  private final ExecutorService httpWorkers;
  private final ScheduledExecutorService stallTimer;
  private volatile boolean stalled;
  private volatile long stallUntilNanos;
  private volatile double maxItemsPerSecond;
  private final Object paceLock = new Object();
  private volatile java.util.function.Consumer<byte[]> remoteWriteWatcher;
  private long paceNextNanos;

  /** Starts on 127.0.0.1; port 0 picks a free port. */
  public Sink(int grpcPort, int httpPort) throws IOException {
    stallTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sink-stall");
      t.setDaemon(true);
      return t;
    });
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", grpcPort))
        .maxInboundMessageSize(256 << 20);
    for (Shapes.Signal s : Shapes.Signal.values()) {
      MethodDescriptor<byte[], byte[]> m = Transport.method(s.grpcMethod);
      b.addService(ServerServiceDefinition.builder(MethodDescriptor.extractFullServiceName(s.grpcMethod))
          .addMethod(m, ServerCalls.asyncUnaryCall((request, observer) -> {
            long items;
            try {
              items = WireCount.otlp(s, request);
            } catch (RuntimeException e) {
              held(0, () -> {
                counter(s).malformed.increment();
                observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
              });
              return;
            }
            held(dueNanos(items), () -> {
              counter(s).add(items, request.length);
              observer.onNext(new byte[0]);
              observer.onCompleted();
            });
          }))
          .build());
    }
    grpc = b.build().start();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 1024);
    httpWorkers = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2), r -> {
      Thread t = new Thread(r, "sink-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(httpWorkers);
    http.createContext("/", this::handleHttp);
    http.start();
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public int httpPort() {
    return http.getAddress().getPort();
  }

  /** Holds every request arriving in the next {@code millis} (and those held already) until then. */
  public void stallFor(long millis) {
    stallUntilNanos = System.nanoTime() + millis * 1_000_000L;
    stalled = true;
  }

  /** Ends a stall now: held requests are answered when their timer fires (within a few ms). */
  public void resume() {
    stalled = false;
  }

  /**
   * Makes the sink a backend that takes {@code 1 / itemsPerSecond} s per item (spans, points, log
   * records, samples, Loki entries), one request at a time: a request is answered when the
   * requests that arrived before it and itself have been worked through. 0 removes the limit.
   */
  public void limitTo(double itemsPerSecond) {
    if (itemsPerSecond < 0) {
      throw new IllegalArgumentException("items per second must be >= 0: " + itemsPerSecond);
    }
    maxItemsPerSecond = itemsPerSecond;
  }

  /** Hands every well-formed remote-write request (uncompressed) to {@code watcher} as well. */
  public void watchRemoteWrite(java.util.function.Consumer<byte[]> watcher) {
    remoteWriteWatcher = watcher;
  }

  public double maxItemsPerSecond() {
    return maxItemsPerSecond;
  }

  /** When a request of {@code items} that arrives now may be answered (0: at once). */
  long dueNanos(long items) {
    double rate = maxItemsPerSecond;
    if (rate <= 0) {
      return 0;
    }
    long cost = (long) (items * 1e9 / rate);
    synchronized (paceLock) {
      long now = System.nanoTime();
      long start = paceNextNanos - now > 0 ? paceNextNanos : now;
      paceNextNanos = start + cost;
      return paceNextNanos;
    }
  }

  /** Runs {@code r} (the answer) once the stall is over and {@code dueNanos} (0: no wait) has come. */
  private void held(long dueNanos, Runnable r) {
    long now = System.nanoTime();
    long wait = Math.max(stalled ? stallUntilNanos - now : 0, dueNanos == 0 ? 0 : dueNanos - now);
    if (wait > 0) {
      stallTimer.schedule(() -> held(dueNanos, r), Math.min(wait, 50_000_000L), TimeUnit.NANOSECONDS);
    } else {
      r.run();
    }
  }

  private Counter counter(Shapes.Signal s) {
    return switch (s) {
      case TRACES -> spans;
      case METRICS -> points;
      case LOGS -> logs;
    };
  }

  /** Counts one OTLP request's items. */
  public void count(Shapes.Signal s, byte[] request) {
    counter(s).add(WireCount.otlp(s, request), request.length);
  }

  /** Counts one remote-write request (uncompressed). */
  public void countRemoteWrite(byte[] request) {
    long[] c = WireCount.remoteWrite(request);
    samples.add(c[0], request.length);
    histograms.add(c[1]);
  }

  /** Counts one Loki push request (uncompressed). */
  public void countLoki(byte[] request) {
    lokiEntries.add(WireCount.loki(request)[0], request.length);
  }

  private void handleHttp(HttpExchange ex) throws IOException {
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    Answer a = decode(ex, ex.getRequestURI().getPath(), raw);
    held(a.counter != null && a.status / 100 == 2 ? dueNanos(a.items) : 0, () -> {
      try {
        if (a.counter != null) {
          if (a.status / 100 == 2) {
            a.counter.add(a.items, a.size);
            histograms.add(a.histograms);
          } else {
            a.counter.malformed.increment();
          }
        }
        if (a.contentType != null) {
          ex.getResponseHeaders().set("Content-Type", a.contentType);
        }
        respond(ex, a.status, a.body);
      } catch (IOException e) {
        ex.close();
      }
    });
  }

  /** What to answer an HTTP request, and what to count when it is answered. */
  private record Answer(int status, byte[] body, String contentType, Counter counter, long items, int size,
      long histograms) {
    Answer(int status, byte[] body, String contentType, Counter counter, long items, int size) {
      this(status, body, contentType, counter, items, size, 0);
    }
  }

  private Answer decode(HttpExchange ex, String path, byte[] raw) {
    if (!"POST".equals(ex.getRequestMethod())) {
      return new Answer(405, new byte[0], null, null, 0, 0);
    }
    Counter c = null;
    try {
      String encoding = String.valueOf(ex.getRequestHeaders().getFirst("Content-Encoding")).toLowerCase(Locale.ROOT);
      byte[] body = switch (encoding) {
        case "gzip" -> new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes();
        case "snappy" -> Snappy.uncompress(raw);
        default -> raw;
      };
      long items;
      switch (path) {
        case "/v1/traces" -> {
          c = spans;
          items = WireCount.otlp(Shapes.Signal.TRACES, body);
        }
        case "/v1/metrics" -> {
          c = points;
          items = WireCount.otlp(Shapes.Signal.METRICS, body);
        }
        case "/v1/logs" -> {
          c = logs;
          items = WireCount.otlp(Shapes.Signal.LOGS, body);
        }
        case "/api/v1/write" -> {
          c = samples;
          // Remote write is always snappy, with or without the header.
          byte[] write = "snappy".equals(encoding) ? body : Snappy.uncompress(raw);
          long[] n = WireCount.remoteWrite(write);
          java.util.function.Consumer<byte[]> watcher = remoteWriteWatcher;
          if (watcher != null) {
            watcher.accept(write);
          }
          return new Answer(204, null, null, samples, n[0], write.length, n[1]);
        }
        case "/loki/api/v1/push" -> {
          c = lokiEntries;
          String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
          if (type.startsWith("application/json")) {
            throw new IllegalArgumentException("the sink counts Loki protobuf pushes only");
          }
          byte[] push = "snappy".equals(encoding) ? body : Snappy.uncompress(raw);
          return new Answer(204, null, null, lokiEntries, WireCount.loki(push)[0], push.length);
        }
        default -> {
          return new Answer(404, new byte[0], null, null, 0, 0);
        }
      }
      return new Answer(200, new byte[0], "application/x-protobuf", c, items, body.length);
    } catch (IOException | RuntimeException e) {
      return new Answer(400, String.valueOf(e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8), null,
          c, 0, 0);
    }
  }

  private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
    ex.close();
  }

  /** Items received so far: spans + points + log records + samples + Loki entries. */
  public long totalItems() {
    return spans.items.sum() + points.items.sum() + logs.items.sum() + samples.items.sum()
        + lokiEntries.items.sum();
  }

  /** One line of totals. */
  public String totals() {
    StringBuilder b = new StringBuilder("sink");
    line(b, "spans", spans);
    line(b, "points", points);
    line(b, "logs", logs);
    line(b, "prw_samples", samples);
    line(b, "loki_entries", lokiEntries);
    if (histograms.sum() > 0) {
      b.append(" prw_histograms=").append(histograms.sum());
    }
    return b.length() == 4 ? "sink: nothing received" : b.toString();
  }

  private static void line(StringBuilder b, String name, Counter c) {
    if (c.requests.sum() == 0 && c.malformed.sum() == 0) {
      return;
    }
    b.append(' ').append(name).append('=').append(c.items.sum())
        .append(" (").append(c.requests.sum()).append(" requests, ").append(c.bytes.sum()).append(" B");
    if (c.malformed.sum() > 0) {
      b.append(", ").append(c.malformed.sum()).append(" malformed");
    }
    b.append(')');
  }

  @Override
  public void close() {
    http.stop(0);
    httpWorkers.shutdownNow();
    grpc.shutdownNow();
    stallTimer.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
