package io.telegate.processor.memorylimiter;

import static io.telegate.testing.data.TraceData.spans;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Processor;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.testing.Await;
import io.telegate.testing.LifecycleContract;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MemoryLimiterProcessorTest {

  private static final long MIB = MemoryLimiter.MIB;
  private static final ComponentId ID = ComponentId.of("memory_limiter");

  /** Heap use the test sets; a GC lowers it to {@link #afterGc} when that is set. */
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong afterGc = new AtomicLong(-1);
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger gcs = new AtomicInteger();
  private final TestHost host = new TestHost();

  static MemoryLimiterConfig bind(String yaml) {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    MemoryLimiterConfig c = ConfigBinder.bind(tree, new MemoryLimiterProcessorFactory().defaultConfig(), "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), c.validate());
    return c;
  }

  private MemoryLimiter limiter(String yaml, long maxHeap) {
    return new MemoryLimiter(ID, bind(yaml), used::get, () -> maxHeap, () -> {
      gcs.incrementAndGet();
      if (afterGc.get() >= 0) {
        used.set(afterGc.get());
      }
    }, now::get, false);
  }

  private MemoryLimiter limiter(String yaml) {
    return limiter(yaml, 4096 * MIB);
  }

  private <T extends io.telegate.core.data.TelemetryData<?>> Processor<T> processor(MemoryLimiter l, Signal s,
      RecordingConsumer<T> sink) {
    Processor<T> p = new MemoryLimiterProcessor<>(ID, s, l, sink);
    try {
      p.start(host);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return p;
  }

  private static ConsumerException failure(CompletableFuture<Void> f) {
    try {
      f.join();
      throw new AssertionError("expected a refusal");
    } catch (CompletionException e) {
      return assertInstanceOf(ConsumerException.class, e.getCause());
    }
  }

  @Test
  void acceptsDataBelowTheSoftLimit() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100\nspike_limit_mib: 20");
    RecordingConsumer<Traces> sink = new RecordingConsumer<>();
    Processor<Traces> p = processor(l, Signal.TRACES, sink);
    used.set(79 * MIB);
    l.check();
    p.consume(spans(3).parsed()).join();
    assertEquals(3, sink.itemCount());
  }

  @Test
  void refusesWithAThrottledRetryableErrorAboveTheSoftLimit() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100\nspike_limit_mib: 20");
    RecordingConsumer<Traces> sink = new RecordingConsumer<>();
    Processor<Traces> p = processor(l, Signal.TRACES, sink);
    used.set(80 * MIB);
    l.check();
    ConsumerException e = failure(p.consume(spans(3).parsed()));
    assertFalse(e.isPermanent());
    assertEquals(Duration.ofSeconds(1), e.throttle().orElseThrow());
    assertEquals("data refused due to high memory usage", e.getMessage());
    assertTrue(sink.received().isEmpty());
  }

  @Test
  void theThrottleDelayIsTheCheckIntervalWhenLongerThanASecond() {
    MemoryLimiter l = limiter("check_interval: 5s\nlimit_mib: 100");
    Processor<Traces> p = processor(l, Signal.TRACES, new RecordingConsumer<>());
    used.set(99 * MIB);
    l.check();
    assertEquals(Duration.ofSeconds(5), failure(p.consume(spans(1).parsed())).throttle().orElseThrow());
  }

  @Test
  void acceptsAgainOnceUsageFallsBelowTheSoftLimit() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100\nspike_limit_mib: 20");
    RecordingConsumer<Traces> sink = new RecordingConsumer<>();
    Processor<Traces> p = processor(l, Signal.TRACES, sink);
    used.set(90 * MIB);
    l.check();
    assertTrue(l.mustRefuse());
    used.set(50 * MIB);
    l.check();
    assertFalse(l.mustRefuse());
    p.consume(spans(2).parsed()).join();
    assertEquals(2, sink.itemCount());
  }

  @Test
  void countsRefusedItemsPerSignal() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100");
    Processor<Traces> traces = processor(l, Signal.TRACES, new RecordingConsumer<>());
    Processor<Metrics> metrics = processor(l, Signal.METRICS, new RecordingConsumer<>());
    Processor<Logs> logs = processor(l, Signal.LOGS, new RecordingConsumer<>());
    used.set(95 * MIB);
    l.check();
    traces.consume(spans(3).parsed());
    traces.consume(spans(2).parsed());
    metrics.consume(MetricData.gauges(1, 2).parsed());
    logs.consume(LogData.records(1).parsed());
    assertEquals(5, host.value("otelcol_processor_refused_spans{processor=\"memory_limiter\"}"));
    assertEquals(2, host.value("otelcol_processor_refused_metric_points{processor=\"memory_limiter\"}"));
    assertEquals(1, host.value("otelcol_processor_refused_log_records{processor=\"memory_limiter\"}"));
    assertEquals(5, host.value("otelcol_processor_memory_limiter_refused_spans_total{processor=\"memory_limiter\"}"));
    assertEquals(1, host.value(
        "otelcol_processor_memory_limiter_refused_log_records_total{processor=\"memory_limiter\"}"));
  }

  @Test
  void countsAcceptedItemsInTheCollectorsMemoryLimiterCounter() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100");
    Processor<Traces> traces = processor(l, Signal.TRACES, new RecordingConsumer<>());
    Processor<Metrics> metrics = processor(l, Signal.METRICS, new RecordingConsumer<>());
    traces.consume(spans(3).parsed()).join();
    metrics.consume(MetricData.gauges(1, 2).parsed()).join();
    assertEquals(3, host.value("otelcol_processor_memory_limiter_accepted_spans_total{processor=\"memory_limiter\"}"));
    assertEquals(2, host.value(
        "otelcol_processor_memory_limiter_accepted_metric_points_total{processor=\"memory_limiter\"}"));
    assertEquals(0, host.value("otelcol_processor_memory_limiter_refused_spans_total{processor=\"memory_limiter\"}"));
  }

  @Test
  void theSpikeLimitDefaultsToTwentyPercentOfTheLimit() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100");
    assertEquals(100 * MIB, l.limitBytes());
    assertEquals(80 * MIB, l.softLimitBytes());
  }

  @Test
  void percentagesAreOfTheMaximumHeap() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_percentage: 50\nspike_limit_percentage: 10", 1000 * MIB);
    assertEquals(500 * MIB, l.limitBytes());
    assertEquals(400 * MIB, l.softLimitBytes());
  }

  @Test
  void limitMibTakesPrecedenceOverPercentages() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 200\nlimit_percentage: 50", 1000 * MIB);
    assertEquals(200 * MIB, l.limitBytes());
  }

  @Test
  void percentagesWithoutAMaximumHeapFailTheStart() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_percentage: 50", Long.MAX_VALUE);
    Processor<Traces> p = new MemoryLimiterProcessor<>(ID, Signal.TRACES, l, new RecordingConsumer<>());
    assertThrows(IllegalStateException.class, () -> p.start(host));
  }

  @Test
  void enteringTheSoftLimitForcesAGcAndRefusesOnlyIfItDidNotHelp() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100");
    used.set(85 * MIB);
    afterGc.set(40 * MIB);
    l.check();
    assertEquals(1, gcs.get());
    assertFalse(l.mustRefuse());
  }

  @Test
  void whileRefusingAGcIsForcedAtEachCheckSoRefusalEndsOneCheckAfterTheBacklogIsGarbage() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100\nmin_gc_interval_when_soft_limited: 10s");
    used.set(90 * MIB);
    l.check();
    assertTrue(l.mustRefuse(), "the backlog is live: refusing");
    // The backlog drains; what it held is garbage, but nothing collects it while data is refused.
    afterGc.set(10 * MIB);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    l.check();
    assertFalse(l.mustRefuse(), "one check later, well inside min_gc_interval_when_soft_limited");
    assertEquals(2, gcs.get());
  }

  @Test
  void whileRefusingForcedGcsAreAtMostOnePerCheckInterval() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100");
    used.set(90 * MIB);
    l.check();
    assertEquals(1, gcs.get());
    now.addAndGet(Duration.ofMillis(500).toNanos());
    l.check();
    assertEquals(1, gcs.get(), "a check sooner than check_interval after a GC forces none");
    now.addAndGet(Duration.ofMillis(500).toNanos());
    l.check();
    assertEquals(2, gcs.get());
    assertTrue(l.mustRefuse(), "still live: still refusing");
  }

  @Test
  void softLimitGcsAreAtMostOnePerMinGcIntervalWhenSoftLimited() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100\nmin_gc_interval_when_soft_limited: 10s");
    used.set(85 * MIB);
    l.check();
    assertEquals(1, gcs.get());
    used.set(10 * MIB);
    l.check();
    used.set(85 * MIB);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    l.check();
    assertEquals(1, gcs.get(), "no second GC within 10s");
    assertTrue(l.mustRefuse());
  }

  @Test
  void aboveTheHardLimitAGcIsForcedRateLimitedByMinGcIntervalWhenHardLimited() {
    MemoryLimiter l = limiter("check_interval: 1s\nlimit_mib: 100\nmin_gc_interval_when_soft_limited: 30s\n"
        + "min_gc_interval_when_hard_limited: 5s");
    used.set(120 * MIB);
    l.check();
    assertEquals(1, gcs.get());
    assertTrue(l.mustRefuse());
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    l.check();
    assertEquals(1, gcs.get());
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    l.check();
    assertEquals(2, gcs.get());
  }

  @Test
  void checksRunOnTheLimitersOwnThreadEveryCheckInterval() throws Exception {
    MemoryLimiter l = new MemoryLimiter(ID, bind("check_interval: 10ms\nlimit_mib: 100"), used::get, () -> 0L,
        gcs::incrementAndGet, System::nanoTime, true);
    Processor<Traces> p = new MemoryLimiterProcessor<>(ID, Signal.TRACES, l, new RecordingConsumer<>());
    p.start(host);
    try {
      used.set(99 * MIB);
      Await.until("refusing", Duration.ofSeconds(10), l::mustRefuse);
      used.set(1 * MIB);
      Await.until("accepting", Duration.ofSeconds(10), () -> !l.mustRefuse());
    } finally {
      p.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void everySignalOfOneIdSharesOneLimiterWhichStopsWithTheLastUser() throws Exception {
    MemoryLimiterProcessorFactory f = new MemoryLimiterProcessorFactory();
    CreateSettings settings = CreateSettings.of(ComponentKind.PROCESSOR, ID);
    MemoryLimiterConfig config = bind("check_interval: 1s\nlimit_mib: 100000");
    MemoryLimiterProcessor<Traces> t = (MemoryLimiterProcessor<Traces>) f.createTraces(settings, config,
        new RecordingConsumer<>());
    MemoryLimiterProcessor<Logs> lg = (MemoryLimiterProcessor<Logs>) f.createLogs(settings, config,
        new RecordingConsumer<>());
    MemoryLimiter shared = settings.shared(() -> null);
    assertNotNull(shared, "the factory made one limiter for the id");
    t.start(host);
    lg.start(host);
    t.shutdown(Duration.ofSeconds(1));
    t.shutdown(Duration.ofSeconds(1));
    lg.shutdown(Duration.ofSeconds(1));
  }

  @TestFactory
  Stream<DynamicTest> memoryLimiterHonoursTheLifecycleForEverySignal() {
    return LifecycleContract.testsFor(List.of(new MemoryLimiterProcessorFactory()),
        Map.of("memory_limiter", Map.of("check_interval", "1s", "limit_mib", 100000)));
  }
}
