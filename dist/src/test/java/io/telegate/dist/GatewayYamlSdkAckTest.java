package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.ConfigValidation;
import io.telegate.core.consumer.Completions;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.core.service.Gateway;
import io.telegate.receiver.otlp.OtlpReceiver;
import io.telegate.receiver.otlp.OtlpReceiverConfig;
import io.telegate.receiver.otlp.OtlpReceiverFactory;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance: a request is acknowledged once the gateway holds it (batch buffer or exporter queue),
 * not when the batch goes out. The shipped {@code config/gateway.yaml} batches traces for up to 10 s
 * ({@code timeout: 10s, send_batch_size: 1000}); an application using the OpenTelemetry Java SDK at
 * its defaults (BatchSpanProcessor, OTLP gRPC or HTTP exporter, 10 s timeout, default retry) must
 * still see every export answered in well under a second, while the backend behind
 * {@code otlp/jaeger} still gets every span exactly once (possibly only after the batch timer).
 *
 * <p>The gateway runs in this JVM on the shipped file, its {@code ${env:...}} endpoints on free
 * 127.0.0.1 ports; the Jaeger backend is a second Telegate OTLP receiver (gRPC) recording span ids;
 * remote write and Loki point at a sink that answers 204.
 */
class GatewayYamlSdkAckTest {

  private static final Path CONFIG = ValidateCommandTest.CONFIG_DIR.resolve("gateway.yaml");
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  /** Variables of gateway.yaml whose default is no address, so they need no value here. */
  private static final Set<String> NOT_ADDRESSES = Set.of("JAEGER_TLS_INSECURE");

  /**
   * The longest an export may wait for the gateway's answer: "well under a second", a tenth of the
   * batch timeout it must not wait for (answers take 1-100 ms; a loaded test machine adds more).
   */
  private static final long ACK_LIMIT_MS = 1_000;
  /** How long the SDK may take to export what is left once the application stops (provider shutdown). */
  private static final Duration SDK_DRAIN = Duration.ofSeconds(15);
  /** Delivery to the backend may wait for the 10 s batch timer. */
  private static final Duration DELIVERY = Duration.ofSeconds(20);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /**
   * Loads and runs, once per JVM, the code an export goes through on both sides (the SDK's exporters,
   * the gateway's receivers and pipelines), so that the first measured export does not pay for class
   * loading and JIT of a JVM that runs both client and gateway. It uses a gateway of its own; its
   * shutdown flushes the batch, which also answers the export where acknowledgement waits for it.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    for (String transport : List.of("grpc", "http")) {
      List<AutoCloseable> closing = new ArrayList<>();
      try {
        Env env = Env.start(new RecordingConsumer<>(), closing);
        Gateway gateway = startGateway(env.vars());
        closing.add(() -> gateway.shutdown(Duration.ofSeconds(10)));
        TimedExporter exporter = new TimedExporter(env.sdkExporter(transport));
        SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
        for (int i = 0; i < 10; i++) {
          provider.get("warm-up").spanBuilder("warm-up").startSpan().end();
        }
        provider.forceFlush().join(2, TimeUnit.SECONDS);
        exporter.abandon();
        gateway.shutdown(Duration.ofSeconds(2));
        provider.shutdown().join(5, TimeUnit.SECONDS);
      } finally {
        for (int i = closing.size() - 1; i >= 0; i--) {
          closing.get(i).close();
        }
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @ParameterizedTest(name = "{0} at {1} span/s for {2} s")
  @CsvSource({
      "grpc, 1, 6",
      "grpc, 300, 4",
      "http, 1, 6",
      "http, 300, 4",
  })
  void sdkExportsAreAcknowledgedAtOnceAndEverySpanArrivesOnce(String transport, int spansPerSecond, int seconds)
      throws Exception {
    // The backend behind otlp/jaeger: records how often each span id arrives.
    Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    RecordingConsumer<Traces> backendTraces = new RecordingConsumer<Traces>().respondWith(t -> {
      for (ResourceSpans rs : t.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
            delivered.computeIfAbsent(HexFormat.of().formatHex(s.getSpanId().toByteArray()), k -> new AtomicInteger())
                .incrementAndGet();
          }
        }
      }
      return Completions.done();
    });
    Env env = Env.start(backendTraces, toClose);
    Gateway gateway = startGateway(env.vars());
    toClose.add(() -> gateway.shutdown(Duration.ofSeconds(10)));

    // The application: the SDK at its defaults, its exporter timed per export() call.
    TimedExporter exporter = new TimedExporter(env.sdkExporter(transport));
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "ack-test-" + transport))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    AtomicBoolean providerStopped = new AtomicBoolean();
    toClose.add(() -> {
      exporter.abandon();
      if (providerStopped.compareAndSet(false, true)) {
        provider.shutdown().join(5, TimeUnit.SECONDS);
      }
    });

    Tracer tracer = provider.get("io.telegate.dist.ack");
    Set<String> created = new LinkedHashSet<>();
    int total = spansPerSecond * seconds;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / spansPerSecond;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      parkUntil(start + i * intervalNanos);
      Span span = tracer.spanBuilder("GET /api/orders/{id}").setAttribute("seq", i).startSpan();
      created.add(span.getSpanContext().getSpanId());
      span.end();
    }
    parkUntil(start + TimeUnit.SECONDS.toNanos(seconds));

    // The application stops: the BatchSpanProcessor exports what it still holds.
    List<String> problems = new ArrayList<>();
    providerStopped.set(true);
    CompletableResultCode sdkShutdown = provider.shutdown().join(SDK_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    if (!sdkShutdown.isDone()) {
      problems.add("the SDK had not finished exporting " + SDK_DRAIN.toSeconds()
          + " s after the application stopped (its exports wait for the gateway's answer)");
      exporter.abandon();
    }
    assertEquals(total, created.size(), "span ids are unique");

    // Delivery may wait for the batch timer (10 s); acknowledgement must not.
    long deliveryStart = System.nanoTime();
    try {
      Await.until("every span delivered to the backend", DELIVERY,
          () -> created.stream().allMatch(delivered::containsKey));
    } catch (AssertionError e) {
      // Reported below with what is missing.
    }
    double deliverySeconds = (System.nanoTime() - deliveryStart) / 1e9;

    List<TimedExporter.Export> exports = exporter.exports();
    long maxMs = exports.stream().mapToLong(TimedExporter.Export::millis).max().orElse(0);
    String exportList = exports.stream().map(TimedExporter.Export::toString).collect(Collectors.joining(", "));
    System.out.printf("GatewayYamlSdkAckTest %s %d/s: %d spans in %d exports, max ack latency %d ms [%s];"
            + " delivered %d/%d span ids within %.1f s after the SDK stopped%n",
        transport, spansPerSecond, total, exports.size(), maxMs, exportList,
        created.stream().filter(delivered::containsKey).count(), total, deliverySeconds);

    if (exports.isEmpty()) {
      problems.add("the SDK made no export");
    }
    if (maxMs >= ACK_LIMIT_MS) {
      problems.add("max export latency " + maxMs + " ms, limit " + ACK_LIMIT_MS + " ms; exports (spans@ms): "
          + exportList);
    }
    List<TimedExporter.Export> failed = exports.stream().filter(e -> !e.success()).toList();
    if (!failed.isEmpty()) {
      problems.add(failed.size() + " of " + exports.size() + " exports failed: "
          + failed.stream().map(TimedExporter.Export::describe).collect(Collectors.joining("; ")));
    }
    Set<String> missing = new TreeSet<>();
    for (String id : created) {
      if (!delivered.containsKey(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      problems.add(missing.size() + " of " + total + " spans never reached the backend within " + DELIVERY.toSeconds()
          + " s (e.g. " + missing.stream().limit(5).toList() + ")");
    }
    Map<String, Integer> duplicates = new ConcurrentHashMap<>();
    delivered.forEach((id, n) -> {
      if (n.get() > 1) {
        duplicates.put(id, n.get());
      }
    });
    if (!duplicates.isEmpty()) {
      problems.add(duplicates.size() + " spans reached the backend more than once (e.g. "
          + duplicates.entrySet().stream().limit(5).toList() + ")");
    }
    Set<String> unknown = new TreeSet<>(delivered.keySet());
    unknown.removeAll(created);
    if (!unknown.isEmpty()) {
      problems.add(unknown.size() + " span ids reached the backend that the application never made");
    }
    if (!problems.isEmpty()) {
      fail(transport + " at " + spansPerSecond + " span/s (" + total + " spans):\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * What the gateway's environment points at: the Jaeger backend (a Telegate OTLP receiver on gRPC),
   * a sink for remote write and Loki, free loopback ports for the gateway's own listeners.
   */
  private record Env(int otlpGrpcPort, int otlpHttpPort, OtlpReceiver backend, HttpServer sink) {

    static Env start(RecordingConsumer<Traces> backendTraces, List<AutoCloseable> toClose) throws Exception {
      OtlpReceiver backend = startBackend(backendTraces);
      toClose.add(() -> backend.shutdown(Duration.ofSeconds(5)));
      HttpServer sink = startSink();
      toClose.add(() -> sink.stop(0));
      return new Env(FreePorts.next(), FreePorts.next(), backend, sink);
    }

    /** Values for every ${env:...} of gateway.yaml that is an address, all on 127.0.0.1. */
    Map<String, String> vars() {
      return Map.of(
          "OTLP_GRPC_ENDPOINT", "127.0.0.1:" + otlpGrpcPort,
          "OTLP_HTTP_ENDPOINT", "127.0.0.1:" + otlpHttpPort,
          // Nothing listens there: the jmx receiver's scrapes fail, as with no Kafka running.
          "JMX_ENDPOINT", "127.0.0.1:" + FreePorts.next(),
          "PRW_ENDPOINT", "http://127.0.0.1:" + sink.getAddress().getPort() + "/api/v1/write",
          "LOKI_ENDPOINT", "http://127.0.0.1:" + sink.getAddress().getPort() + "/loki/api/v1/push",
          "JAEGER_OTLP_ENDPOINT", "127.0.0.1:" + backend.grpcAddress().getPort(),
          "TELEGATE_METRICS_ADDRESS", "127.0.0.1:0");
    }

    /** The SDK's OTLP span exporter for {@code transport}, at its defaults but for the endpoint. */
    SpanExporter sdkExporter(String transport) {
      return transport.equals("grpc")
          ? OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + otlpGrpcPort).build()
          : OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + otlpHttpPort + "/v1/traces").build();
    }
  }

  /** The gateway on config/gateway.yaml, unchanged, with {@code env} as its environment. */
  private static Gateway startGateway(Map<String, String> env) throws Exception {
    String yaml = Files.readString(CONFIG);
    Matcher m = ENV.matcher(yaml);
    while (m.find()) {
      String name = m.group(1);
      assertTrue(env.containsKey(name) || NOT_ADDRESSES.contains(name),
          () -> CONFIG + " reads ${env:" + name + "}, which this test does not point at loopback");
    }
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(env::get).load(List.of(CONFIG), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    // The premise: traces wait in the batch processor for up to 10 s.
    Object batch = ((Map<?, ?>) tree.get("processors")).get("batch");
    assertEquals("10s", String.valueOf(((Map<?, ?>) batch).get("timeout")), "gateway.yaml's batch timeout");
    Gateway gateway = new Gateway(new ConfigResolver(BuiltinComponents.all()).resolve(tree), "test",
        Clock.systemUTC());
    gateway.start();
    return gateway;
  }

  /** A Telegate OTLP receiver on a free loopback gRPC port, standing in for Jaeger's OTLP port. */
  private static OtlpReceiver startBackend(RecordingConsumer<Traces> traces) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig config = ConfigBinder.bind(
        Map.of("protocols", Map.of("grpc", Map.of("endpoint", "127.0.0.1:0"))), OtlpReceiverConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertTrue(ConfigValidation.validate(config).isEmpty(), () -> ConfigValidation.validate(config).toString());
    CreateSettings settings = CreateSettings.of(ComponentKind.RECEIVER, ComponentId.of("otlp"));
    OtlpReceiverFactory factory = new OtlpReceiverFactory();
    OtlpReceiver receiver = (OtlpReceiver) factory.createTraces(settings, config, traces);
    factory.createMetrics(settings, config, new RecordingConsumer<Metrics>());
    factory.createLogs(settings, config, new RecordingConsumer<Logs>());
    receiver.start(new TestHost());
    return receiver;
  }

  /** Remote write and Loki push: takes any POST on 127.0.0.1 and answers 204. */
  private static HttpServer startSink() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
        ex.sendResponseHeaders(204, -1);
      } finally {
        ex.close();
      }
    });
    server.start();
    return server;
  }

  private static void parkUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * The SDK's exporter, timing each {@code export()} from the call until its result completes. After
   * {@link #abandon()} (test cleanup, or the SDK not done in time) pending and later exports fail at
   * once and the SDK's exporter is shut down (cancelling its calls), so the BatchSpanProcessor's
   * thread finishes instead of waiting on the gateway.
   */
  static final class TimedExporter implements SpanExporter {

    record Export(int spans, long nanos, boolean success, boolean finished, Throwable failure) {
      long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
      }

      @Override
      public String toString() {
        return spans + "@" + millis() + (finished ? (success ? "" : " failed") : " unfinished");
      }

      String describe() {
        return spans + " spans after " + millis() + " ms: "
            + (!finished ? "no answer yet when the test gave up" : failure == null ? "failed" : failure.toString());
      }
    }

    private final SpanExporter delegate;
    private final List<Export> exports = Collections.synchronizedList(new ArrayList<>());
    private final Set<Runnable> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean delegateShutDown = new AtomicBoolean();
    private volatile boolean abandoned;

    TimedExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (abandoned) {
        return CompletableResultCode.ofFailure();
      }
      long t0 = System.nanoTime();
      int n = spans.size();
      CompletableResultCode ours = new CompletableResultCode();
      AtomicBoolean recorded = new AtomicBoolean();
      Runnable giveUp = () -> {
        if (recorded.compareAndSet(false, true)) {
          exports.add(new Export(n, System.nanoTime() - t0, false, false, null));
          ours.fail();
        }
      };
      pending.add(giveUp);
      CompletableResultCode theirs = delegate.export(spans);
      theirs.whenComplete(() -> {
        pending.remove(giveUp);
        if (recorded.compareAndSet(false, true)) {
          exports.add(new Export(n, System.nanoTime() - t0, theirs.isSuccess(), true, theirs.getFailureThrowable()));
          if (theirs.isSuccess()) {
            ours.succeed();
          } else {
            ours.fail();
          }
        }
      });
      if (abandoned) {
        giveUp.run();
      }
      return ours;
    }

    /** Fails pending and later exports at once, and shuts the SDK's exporter down. */
    void abandon() {
      abandoned = true;
      for (Runnable r : List.copyOf(pending)) {
        r.run();
      }
      shutdown();
    }

    List<Export> exports() {
      synchronized (exports) {
        return List.copyOf(exports);
      }
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegateShutDown.compareAndSet(false, true) ? delegate.shutdown() : CompletableResultCode.ofSuccess();
    }
  }
}
