package io.telegate.processor.batch;

import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.intPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.ComponentId;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {

  private final ManualScheduler scheduler = new ManualScheduler();
  private final TestHost host = new TestHost();
  private final RecordingConsumer<Traces> sink = new RecordingConsumer<>();

  private BatchProcessor<Traces, ExportTraceServiceRequest> traces(String yaml) {
    BatchProcessor<Traces, ExportTraceServiceRequest> p = new BatchProcessor<>(ComponentId.of("batch"),
        BatchSignal.TRACES, BatchConfigTest.bind(yaml), sink, scheduler, Runnable::run, new BatchProcessor.Shared());
    p.start(host);
    return p;
  }

  /** With {@code service.acknowledgements: exported}: a request's completion follows its batch. */
  private BatchProcessor<Traces, ExportTraceServiceRequest> tracesExported(String yaml) {
    host.withAcknowledgement(Acknowledgement.EXPORTED);
    return traces(yaml);
  }

  /** Spans named {@code prefix-i} under one resource {@code service.name=service} and scope {@code scope}, encoded. */
  static Traces spans(String service, String scope, String prefix, int n) {
    return TraceData.spans(n).named(prefix + "-").resource(resource(service))
        .resourceSchemaUrl("https://resource.schema/" + service).scope(scope)
        .scopeSchemaUrl("https://scope.schema/" + scope).encoded();
  }

  static Resource resource(String service) {
    return Resource.newBuilder().addAttributes(kv("service.name", service)).build();
  }

  private static ClientContext tenant(String tenant) {
    return new ClientContext("10.0.0.1:5000", Map.of("x-tenant", List.of(tenant)));
  }

  private static void assertFailsWith(CompletableFuture<Void> f, boolean permanent, String message) {
    try {
      f.join();
      throw new AssertionError("expected a failure");
    } catch (CompletionException e) {
      ConsumerException ce = assertInstanceOf(ConsumerException.class, e.getCause());
      assertEquals(permanent, ce.isPermanent(), ce.getMessage());
      assertTrue(ce.getMessage().contains(message), ce.getMessage());
    }
  }

  @Test
  void sendsOneBatchWhenPendingItemsReachSendBatchSize() {
    var p = tracesExported("send_batch_size: 10\ntimeout: 10s");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 4));
    CompletableFuture<Void> b = p.consume(spans("svc", "lib", "b", 4));
    assertEquals(0, sink.received().size());
    assertFalse(a.isDone());
    CompletableFuture<Void> c = p.consume(spans("svc", "lib", "c", 4));
    assertEquals(1, sink.received().size());
    assertEquals(12, sink.received().get(0).itemCount());
    assertTrue(a.isDone() && b.isDone() && c.isDone());
    assertEquals(1, host.value("otelcol_processor_batch_batch_size_trigger_send{processor=\"batch\"}"));
    assertEquals(0, host.value("otelcol_processor_batch_timeout_trigger_send{processor=\"batch\"}"));
    assertEquals(1, host.value("otelcol_processor_batch_batch_send_size_count{processor=\"batch\"}"));
    assertEquals(12, host.value("otelcol_processor_batch_batch_send_size_sum{processor=\"batch\"}"));
  }

  @Test
  void sendsWhatIsPendingWhenTheTimeoutExpires() {
    var p = traces("send_batch_size: 100\ntimeout: 200ms");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 3));
    scheduler.advance(Duration.ofMillis(199));
    assertEquals(0, sink.received().size());
    scheduler.advance(Duration.ofMillis(1));
    assertEquals(1, sink.received().size());
    assertEquals(3, sink.received().get(0).itemCount());
    assertTrue(a.isDone());
    assertEquals(1, host.value("otelcol_processor_batch_timeout_trigger_send{processor=\"batch\"}"));
  }

  @Test
  void timeoutStartsWithTheFirstPendingItemNotTheLast() {
    var p = traces("send_batch_size: 100\ntimeout: 200ms");
    p.consume(spans("svc", "lib", "a", 1));
    scheduler.advance(Duration.ofMillis(150));
    p.consume(spans("svc", "lib", "b", 1));
    scheduler.advance(Duration.ofMillis(50));
    assertEquals(1, sink.received().size());
    assertEquals(2, sink.received().get(0).itemCount());
  }

  @Test
  void zeroTimeoutSendsEveryRequestAtOnce() {
    var p = traces("timeout: 0s");
    p.consume(spans("svc", "lib", "a", 2));
    p.consume(spans("svc", "lib", "b", 3));
    assertEquals(List.of(2, 3), sink.received().stream().map(Traces::itemCount).toList());
    assertTrue(scheduler.pendingDelays().isEmpty());
  }

  @Test
  void mergesRequestsByConcatenatingTheirBytesWithoutParsing() {
    var p = traces("send_batch_size: 5");
    Traces a = spans("svc-a", "lib", "a", 2);
    Traces b = spans("svc-b", "lib", "b", 3);
    p.consume(a);
    p.consume(b);
    Traces batch = sink.received().get(0);
    assertFalse(a.hasParsed() || b.hasParsed() || batch.hasParsed(), "nothing was parsed");
    assertEquals(ExportTraceServiceRequest.newBuilder().mergeFrom(a.request()).mergeFrom(b.request()).build(),
        batch.request());
  }

  @Test
  void splitsAtSendBatchMaxSizeKeepingEachSpanWithItsResourceAndScope() {
    var p = traces("send_batch_size: 4\nsend_batch_max_size: 4\ntimeout: 0s");
    ExportTraceServiceRequest.Builder in = ExportTraceServiceRequest.newBuilder();
    for (String svc : List.of("svc-a", "svc-b")) {
      ResourceSpans.Builder rs = in.addResourceSpansBuilder().setResource(resource(svc)).setSchemaUrl("r/" + svc);
      for (String lib : List.of("lib-1", "lib-2")) {
        ScopeSpans.Builder ss = rs.addScopeSpansBuilder().setScope(InstrumentationScope.newBuilder().setName(lib)
            .setVersion("1.0")).setSchemaUrl("s/" + lib);
        for (int i = 0; i < 3; i++) {
          ss.addSpans(Span.newBuilder().setName(svc + "/" + lib + "/" + i));
        }
      }
    }
    CompletableFuture<Void> done = p.consume(Traces.of(in.build()));
    assertEquals(List.of(4, 4, 4), sink.received().stream().map(Traces::itemCount).toList());
    Map<String, String> placement = new HashMap<>();
    for (Traces batch : sink.received()) {
      assertEquals(Traces.countSpans(batch.request()), batch.itemCount());
      for (ResourceSpans rs : batch.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            placement.put(s.getName(), rs.getResource().getAttributes(0).getValue().getStringValue() + " "
                + rs.getSchemaUrl() + "/" + ss.getScope().getName() + "@" + ss.getScope().getVersion() + " "
                + ss.getSchemaUrl());
          }
        }
      }
    }
    assertEquals(12, placement.size());
    placement.forEach((span, where) -> {
      String[] parts = span.split("/");
      assertEquals(parts[0] + " r/" + parts[0] + "/" + parts[1] + "@1.0 s/" + parts[1], where, span);
    });
    assertTrue(done.isDone() && !done.isCompletedExceptionally());
  }

  @Test
  void splitsMetricsByDataPointKeepingEachPointWithItsMetric() {
    RecordingConsumer<Metrics> metricsSink = new RecordingConsumer<>();
    var p = new BatchProcessor<>(ComponentId.of("batch"), BatchSignal.METRICS,
        BatchConfigTest.bind("send_batch_size: 3\nsend_batch_max_size: 3\ntimeout: 0s"), metricsSink, scheduler,
        Runnable::run, new BatchProcessor.Shared());
    p.start(host);
    Metrics in = MetricData.of(
        counter("requests", "1", intPoint(0, 0), intPoint(1, 0), intPoint(2, 0), intPoint(3, 0), intPoint(4, 0)),
        Metric.newBuilder().setName("empty").setGauge(io.opentelemetry.proto.metrics.v1.Gauge.getDefaultInstance())
            .build(),
        gauge("gauge", "", point(1.5, 0))).resource(resource("svc")).scope("lib").parsed();
    p.consume(in);
    List<Metrics> out = metricsSink.received();
    assertEquals(List.of(3, 3), out.stream().map(Metrics::itemCount).toList());
    List<Long> values = new ArrayList<>();
    for (Metrics m : out) {
      assertEquals(Metrics.countPoints(m.request()), m.itemCount());
      ScopeMetrics sm = m.request().getResourceMetrics(0).getScopeMetrics(0);
      assertEquals("lib", sm.getScope().getName());
      assertEquals(resource("svc"), m.request().getResourceMetrics(0).getResource());
      for (Metric metric : sm.getMetricsList()) {
        if (metric.getName().equals("requests")) {
          assertTrue(metric.getSum().getIsMonotonic());
          assertEquals("1", metric.getUnit());
          assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
              metric.getSum().getAggregationTemporality());
          metric.getSum().getDataPointsList().forEach(dp -> values.add(dp.getAsInt()));
        }
      }
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), values);
    assertEquals("gauge", out.get(1).request().getResourceMetrics(0).getScopeMetrics(0).getMetrics(2).getName());
  }

  @Test
  void splitsLogsKeepingEachRecordWithItsResourceAndScope() {
    RecordingConsumer<Logs> logSink = new RecordingConsumer<>();
    var p = new BatchProcessor<>(ComponentId.of("batch"), BatchSignal.LOGS,
        BatchConfigTest.bind("send_batch_size: 2\nsend_batch_max_size: 2\ntimeout: 0s"), logSink, scheduler,
        Runnable::run, new BatchProcessor.Shared());
    p.start(host);
    java.util.function.Function<String, LogData> service = svc -> LogData.records(3).bodies(i -> null)
        .severity(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED, svc).resource(resource(svc)).scope("lib-" + svc);
    p.consume(service.apply("a").and(service.apply("b")).parsed());
    assertEquals(List.of(2, 2, 2), logSink.received().stream().map(Logs::itemCount).toList());
    for (Logs l : logSink.received()) {
      for (ResourceLogs rl : l.request().getResourceLogsList()) {
        String svc = rl.getResource().getAttributes(0).getValue().getStringValue();
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          assertEquals("lib-" + svc, sl.getScope().getName());
          sl.getLogRecordsList().forEach(r -> assertEquals(svc, r.getSeverityText()));
        }
      }
    }
  }

  @Test
  void afterASizeTriggerARemainderBelowSendBatchSizeWaitsForTheTimeout() {
    var p = tracesExported("send_batch_size: 10\nsend_batch_max_size: 10\ntimeout: 200ms");
    CompletableFuture<Void> done = p.consume(spans("svc", "lib", "a", 25));
    assertEquals(List.of(10, 10), sink.received().stream().map(Traces::itemCount).toList());
    assertFalse(done.isDone(), "the last 5 spans are still waiting");
    scheduler.advance(Duration.ofMillis(200));
    assertEquals(List.of(10, 10, 5), sink.received().stream().map(Traces::itemCount).toList());
    assertTrue(done.isDone() && !done.isCompletedExceptionally());
  }

  @Test
  void aSplitRequestCompletesOnlyWhenEveryPartWasAccepted() {
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    sink.respondWith(t -> {
      CompletableFuture<Void> f = new CompletableFuture<>();
      answers.add(f);
      return f;
    });
    var p = tracesExported("send_batch_size: 2\nsend_batch_max_size: 2\ntimeout: 0s");
    CompletableFuture<Void> done = p.consume(spans("svc", "lib", "a", 4));
    assertEquals(2, answers.size());
    answers.get(0).complete(null);
    assertFalse(done.isDone());
    answers.get(1).complete(null);
    assertTrue(done.isDone() && !done.isCompletedExceptionally());
  }

  @Test
  void aSplitRequestFailsWhenOnePartFailsPreferringARetryableError() {
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    sink.respondWith(t -> {
      CompletableFuture<Void> f = new CompletableFuture<>();
      answers.add(f);
      return f;
    });
    var p = tracesExported("send_batch_size: 2\nsend_batch_max_size: 2\ntimeout: 0s");
    CompletableFuture<Void> done = p.consume(spans("svc", "lib", "a", 6));
    answers.get(0).completeExceptionally(ConsumerException.permanent("bad part"));
    answers.get(1).complete(null);
    answers.get(2).completeExceptionally(ConsumerException.retryable("backend down"));
    assertFailsWith(done, false, "backend down");
  }

  @Test
  void anExporterErrorReachesEverySenderInTheBatch() {
    sink.failWith(ConsumerException.retryable("backend down"));
    var p = tracesExported("send_batch_size: 4");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 2));
    CompletableFuture<Void> b = p.consume(spans("svc", "lib", "b", 2));
    assertFailsWith(a, false, "backend down");
    assertFailsWith(b, false, "backend down");
  }

  @Test
  void aPermanentExporterErrorStaysPermanent() {
    sink.failWith(ConsumerException.permanent("rejected"));
    var p = tracesExported("timeout: 0s");
    assertFailsWith(p.consume(spans("svc", "lib", "a", 1)), true, "rejected");
  }

  @Test
  void anExceptionThrownDownstreamFailsTheRequestInsteadOfEscaping() {
    sink.respondWith(t -> {
      throw new IllegalStateException("boom");
    });
    var p = tracesExported("timeout: 0s");
    assertFailsWith(p.consume(spans("svc", "lib", "a", 1)), true, "boom");
  }

  @Test
  void aRequestCompletesOnlyWhenTheBatchHoldingItWasAcceptedDownstream() {
    CompletableFuture<Void> downstream = new CompletableFuture<>();
    sink.respondWith(t -> downstream);
    var p = tracesExported("send_batch_size: 1");
    CompletableFuture<Void> done = p.consume(spans("svc", "lib", "a", 1));
    assertEquals(1, sink.received().size());
    assertFalse(done.isDone());
    downstream.complete(null);
    assertTrue(done.isDone());
  }

  @Test
  void metadataKeysGiveEachValueCombinationItsOwnBatch() {
    var p = traces("send_batch_size: 4\nmetadata_keys: [X-Tenant]");
    Traces a1 = spans("svc", "lib", "a1", 2);
    a1.setClient(tenant("acme"));
    Traces b1 = spans("svc", "lib", "b1", 2);
    b1.setClient(tenant("globex"));
    Traces a2 = spans("svc", "lib", "a2", 2);
    a2.setClient(tenant("acme"));
    p.consume(a1);
    p.consume(b1);
    p.consume(a2);
    assertEquals(1, sink.received().size());
    Traces acme = sink.received().get(0);
    assertEquals(4, acme.itemCount());
    assertEquals(List.of("acme"), acme.client().get("x-tenant"));
    assertEquals(2, host.value("otelcol_processor_batch_metadata_cardinality{processor=\"batch\"}"));
    p.shutdown(Duration.ofSeconds(1));
    assertEquals(List.of("globex"), sink.received().get(1).client().get("x-tenant"));
  }

  @Test
  void refusesANewMetadataCombinationBeyondTheCardinalityLimitWithAPermanentError() {
    var p = traces("timeout: 0s\nmetadata_keys: [x-tenant]\nmetadata_cardinality_limit: 2");
    for (String t : List.of("a", "b")) {
      Traces data = spans("svc", "lib", t, 1);
      data.setClient(tenant(t));
      p.consume(data).join();
    }
    Traces third = spans("svc", "lib", "c", 1);
    third.setClient(tenant("c"));
    assertFailsWith(p.consume(third), true, "too many batcher metadata-value combinations");
    Traces known = spans("svc", "lib", "a", 1);
    known.setClient(tenant("a"));
    p.consume(known).join();
    assertEquals(3, sink.received().size());
  }

  @Test
  void requestsWithoutAMetadataKeyShareTheBatchOfTheEmptyValue() {
    var p = traces("send_batch_size: 2\nmetadata_keys: [x-tenant]");
    p.consume(spans("svc", "lib", "a", 1));
    p.consume(spans("svc", "lib", "b", 1));
    assertEquals(1, sink.received().size());
    assertTrue(sink.received().get(0).client().metadata().isEmpty());
  }

  @Test
  void shutdownFlushesWhatIsPendingIntoTheNextConsumer() {
    var p = traces("send_batch_size: 100\ntimeout: 10s");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 3));
    p.shutdown(Duration.ofSeconds(1));
    assertEquals(1, sink.received().size());
    assertEquals(3, sink.received().get(0).itemCount());
    assertTrue(a.isDone());
    assertEquals(0, host.value("otelcol_processor_batch_timeout_trigger_send{processor=\"batch\"}"));
  }

  @Test
  void shutdownFlushesEveryPartOfAHeldRemainder() {
    var p = traces("send_batch_size: 10\nsend_batch_max_size: 10\ntimeout: 10s");
    CompletableFuture<Void> done = p.consume(spans("svc", "lib", "a", 13));
    p.shutdown(Duration.ofSeconds(1));
    assertEquals(List.of(10, 3), sink.received().stream().map(Traces::itemCount).toList());
    assertTrue(done.isDone());
  }

  @Test
  void afterShutdownRequestsPassStraightThrough() {
    var p = traces("send_batch_size: 100");
    p.shutdown(Duration.ofSeconds(1));
    Traces late = spans("svc", "lib", "late", 2);
    p.consume(late).join();
    assertSame(late, sink.received().get(0));
  }

  @Test
  void emptyRequestsSucceedWithoutReachingTheNextConsumer() {
    var p = traces("timeout: 0s");
    assertSame(Completions.done(), p.consume(Traces.of(ExportTraceServiceRequest.getDefaultInstance())));
    assertTrue(sink.received().isEmpty());
  }

  @Test
  void concurrentSendersLoseNoItemAndEveryRequestCompletes() throws Exception {
    var p = traces("send_batch_size: 50\nsend_batch_max_size: 64\ntimeout: 200ms");
    int threads = 4;
    int perThread = 500;
    List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          all.add(p.consume(spans("svc", "lib", "t" + id + "-" + i, 1 + (i % 7))));
        }
      });
      workers.add(w);
      w.start();
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    p.shutdown(Duration.ofSeconds(5));
    long expected = 0;
    for (int i = 0; i < perThread; i++) {
      expected += 1 + (i % 7);
    }
    assertEquals(expected * threads, sink.itemCount());
    for (Traces batch : sink.received()) {
      assertTrue(batch.itemCount() <= 64, "batch of " + batch.itemCount());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    assertEquals(threads * perThread, all.size());
  }

  @Test
  void partSizesFillTheCurrentBatchThenWholeBatchesThenTheRest() {
    assertEquals(List.of(3, 10, 10, 2), box(BatchProcessor.partSizes(25, 3, 10)));
    assertEquals(List.of(10, 5), box(BatchProcessor.partSizes(15, 10, 10)));
  }

  private static List<Integer> box(int[] a) {
    List<Integer> out = new ArrayList<>();
    for (int v : a) {
      out.add(v);
    }
    return out;
  }

  // --- acknowledgement on admission (service.acknowledgements: held, the default) ---

  @Test
  void aRequestIsAcknowledgedWhenAdmittedNotWhenItsBatchTimerFires() {
    var p = traces("send_batch_size: 1000\ntimeout: 10s");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 1));
    assertTrue(a.isDone() && !a.isCompletedExceptionally(), "answered at once, before the 10 s timer");
    assertEquals(0, sink.received().size());
    assertEquals(1, host.value("telegate_processor_batch_buffered_items{processor=\"batch\",data_type=\"traces\"}"));
    scheduler.advance(Duration.ofSeconds(10));
    assertEquals(1, sink.itemCount());
    assertEquals(0, host.value("telegate_processor_batch_buffered_items{processor=\"batch\",data_type=\"traces\"}"));
  }

  @Test
  void aBatchRefusedWithARetryableErrorIsKeptAndOfferedAgainUntilAccepted() {
    int[] refusals = {2};
    sink.respondWith(t -> refusals[0]-- > 0
        ? Completions.failed(ConsumerException.throttled("sending queue is full", Duration.ofSeconds(1)))
        : Completions.done());
    var p = traces("send_batch_size: 4\ntimeout: 10s");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 4));
    assertTrue(a.isDone() && !a.isCompletedExceptionally());
    assertEquals(1, sink.received().size(), "first offer, refused");
    scheduler.advance(BatchProcessor.FIRST_REOFFER);
    assertEquals(2, sink.received().size(), "second offer after the first backoff, refused");
    scheduler.advance(BatchProcessor.FIRST_REOFFER.multipliedBy(2));
    assertEquals(3, sink.received().size(), "third offer after a doubled backoff, accepted");
    scheduler.advance(Duration.ofSeconds(30));
    assertEquals(3, sink.received().size(), "nothing offered once accepted");
    assertEquals(4, sink.received().get(2).itemCount());
    assertEquals(0, host.value("otelcol_processor_dropped_spans{processor=\"batch\"}"));
    assertEquals(0, host.value("telegate_processor_batch_buffered_items{processor=\"batch\",data_type=\"traces\"}"));
  }

  @Test
  void aBatchOfferedAgainIsTheContentAsItWasWhateverTheRefusingConsumerDidToItsWrapper() {
    int[] refusals = {1};
    sink.respondWith(t -> {
      if (refusals[0]-- > 0) {
        t.set(ExportTraceServiceRequest.getDefaultInstance()); // a mutator emptied it, then the exporter refused
        return Completions.failed(ConsumerException.retryable("queue full"));
      }
      return Completions.done();
    });
    var p = traces("send_batch_size: 3\ntimeout: 10s");
    p.consume(spans("svc", "lib", "a", 3));
    scheduler.advance(BatchProcessor.FIRST_REOFFER);
    assertEquals(2, sink.received().size());
    assertEquals(3, sink.received().get(1).itemCount());
  }

  @Test
  void aFullBufferRefusesNewDataAsThrottledAndRecoversWhenDownstreamAccepts() {
    boolean[] accepting = {false};
    sink.respondWith(t -> accepting[0] ? Completions.done()
        : Completions.failed(ConsumerException.throttled("sending queue is full", Duration.ofSeconds(1))));
    var p = traces("send_batch_size: 10\ntimeout: 10s\nmax_buffered_items: 20");
    assertTrue(p.consume(spans("svc", "lib", "a", 10)).isDone());
    assertTrue(p.consume(spans("svc", "lib", "b", 10)).isDone());
    CompletableFuture<Void> refused = p.consume(spans("svc", "lib", "c", 1));
    assertFailsWith(refused, false, "buffer full");
    ConsumerException e = ConsumerException.from(refused.handle((v, t) -> t).join());
    assertTrue(e.throttle().isPresent(), "throttled, so the receiver answers 429 / RESOURCE_EXHAUSTED");
    assertEquals(1, host.value("otelcol_processor_refused_spans{processor=\"batch\"}"));
    accepting[0] = true;
    scheduler.advance(BatchProcessor.MAX_REOFFER);
    assertEquals(20, sink.received().stream().skip(2).mapToLong(Traces::itemCount).sum(),
        "both held batches delivered once downstream accepts");
    CompletableFuture<Void> later = p.consume(spans("svc", "lib", "d", 1));
    assertTrue(later.isDone() && !later.isCompletedExceptionally(), "room again");
  }

  // --- waiting for room (service::buffers::admission_wait) ---

  @Test
  void aRequestThatFindsTheBufferFullWaitsForRoomAndIsAdmittedInArrivalOrder() {
    host.withMemoryBudget(new MemoryBudget(Long.MAX_VALUE, "service::buffers", Duration.ofSeconds(1)));
    boolean[] accepting = {false};
    sink.respondWith(t -> accepting[0] ? Completions.done()
        : Completions.failed(ConsumerException.throttled("sending queue is full", Duration.ofSeconds(1))));
    var p = traces("send_batch_size: 10\ntimeout: 10s\nmax_buffered_items: 20");
    assertTrue(p.consume(spans("svc", "lib", "a", 10)).isDone());
    assertTrue(p.consume(spans("svc", "lib", "b", 10)).isDone());
    CompletableFuture<Void> c = p.consume(spans("svc", "lib", "c", 5));
    CompletableFuture<Void> d = p.consume(spans("svc", "lib", "d", 5));
    assertFalse(c.isDone() || d.isDone(), "no room: they wait, unanswered");
    assertEquals(0, host.value("otelcol_processor_refused_spans{processor=\"batch\"}"));
    accepting[0] = true;
    scheduler.advance(BatchProcessor.FIRST_REOFFER);
    assertTrue(c.isDone() && !c.isCompletedExceptionally(), "admitted once a held batch left");
    assertTrue(d.isDone() && !d.isCompletedExceptionally());
    List<String> cd = sink.received().stream()
        .map(t -> t.request().getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
            .flatMap(ss -> ss.getSpansList().stream()).map(Span::getName).toList())
        .filter(names -> names.contains("c-0")).findFirst().orElseThrow();
    assertEquals(List.of("c-0", "c-1", "c-2", "c-3", "c-4", "d-0", "d-1", "d-2", "d-3", "d-4"), cd,
        "c and d made one size-triggered batch, in arrival order");
    assertEquals(0, host.value("otelcol_processor_refused_spans{processor=\"batch\"}"));
  }

  @Test
  void aRequestStillWithoutRoomWhenItsWaitIsOverIsRefusedAsThrottled() {
    host.withMemoryBudget(new MemoryBudget(Long.MAX_VALUE, "service::buffers", Duration.ofSeconds(1)));
    sink.failWith(ConsumerException.throttled("sending queue is full", Duration.ofSeconds(1)));
    var p = traces("send_batch_size: 10\ntimeout: 10s\nmax_buffered_items: 10");
    assertTrue(p.consume(spans("svc", "lib", "a", 10)).isDone());
    CompletableFuture<Void> b = p.consume(spans("svc", "lib", "b", 3));
    scheduler.advance(Duration.ofMillis(900));
    assertFalse(b.isDone(), "still within its second");
    scheduler.advance(Duration.ofMillis(100));
    assertFailsWith(b, false, "buffer full");
    assertTrue(ConsumerException.from(b.handle((v, t) -> t).join()).throttle().isPresent());
    assertEquals(3, host.value("otelcol_processor_refused_spans{processor=\"batch\"}"));
    assertEquals(10, host.value("telegate_processor_batch_buffered_items{processor=\"batch\",data_type=\"traces\"}"),
        "the refused request left nothing behind");
  }

  @Test
  void bytesReleasedByAnotherHolderOfTheBudgetAdmitAWaitingRequest() {
    Traces one = spans("svc", "lib", "a", 5);
    MemoryBudget budget = new MemoryBudget(one.encodedSize() * 2L, "service::buffers", Duration.ofSeconds(1));
    host.withMemoryBudget(budget);
    var p = traces("send_batch_size: 1000\ntimeout: 10s");
    assertTrue(budget.tryReserve(one.encodedSize()), "another holder (a sending queue) takes half");
    assertTrue(p.consume(spans("svc", "lib", "a", 5)).isDone());
    CompletableFuture<Void> waiting = p.consume(spans("svc", "lib", "b", 5));
    assertFalse(waiting.isDone());
    budget.release(one.encodedSize());
    assertTrue(waiting.isDone() && !waiting.isCompletedExceptionally(), "woken by the other holder's release");
    assertEquals(one.encodedSize() * 2L, budget.used());
  }

  @Test
  void shutdownRefusesTheRequestsStillWaitingForRoom() {
    host.withMemoryBudget(new MemoryBudget(Long.MAX_VALUE, "service::buffers", Duration.ofSeconds(1)));
    sink.failWith(ConsumerException.throttled("sending queue is full", Duration.ofSeconds(1)));
    var p = traces("send_batch_size: 10\ntimeout: 10s\nmax_buffered_items: 10");
    assertTrue(p.consume(spans("svc", "lib", "a", 10)).isDone());
    CompletableFuture<Void> b = p.consume(spans("svc", "lib", "b", 3));
    p.shutdown(Duration.ofSeconds(1));
    assertFailsWith(b, false, "buffer full");
  }

  @Test
  void theGatewaysMemoryBudgetBoundsTheBufferInBytes() {
    Traces one = spans("svc", "lib", "a", 5);
    host.withMemoryBudget(new MemoryBudget(one.encodedSize() * 2L));
    var p = traces("send_batch_size: 1000\ntimeout: 10s");
    assertTrue(p.consume(spans("svc", "lib", "a", 5)).isDone());
    assertTrue(p.consume(spans("svc", "lib", "a", 5)).isDone());
    assertFailsWith(p.consume(spans("svc", "lib", "a", 5)), false, "buffer full");
    assertEquals(one.encodedSize() * 2L, host.memoryBudget().used());
    scheduler.advance(Duration.ofSeconds(10));
    assertEquals(10, sink.itemCount());
    assertEquals(0, host.memoryBudget().used(), "released once the batch was accepted downstream");
  }

  @Test
  void aPermanentRefusalDownstreamIsCountedAsDroppedAndFreesTheBuffer() {
    sink.failWith(ConsumerException.permanent("rejected"));
    var p = traces("send_batch_size: 3\ntimeout: 10s");
    CompletableFuture<Void> a = p.consume(spans("svc", "lib", "a", 3));
    assertTrue(a.isDone() && !a.isCompletedExceptionally(), "already acknowledged");
    scheduler.advance(Duration.ofSeconds(30));
    assertEquals(1, sink.received().size(), "not offered again");
    assertEquals(3, host.value("otelcol_processor_dropped_spans{processor=\"batch\"}"));
    assertEquals(0, host.value("telegate_processor_batch_buffered_items{processor=\"batch\",data_type=\"traces\"}"));
  }

  @Test
  void shutdownOffersHeldBatchesOnceMoreAndCountsWhatIsStillRefused() {
    sink.failWith(ConsumerException.retryable("queue full"));
    var p = traces("send_batch_size: 2\ntimeout: 10s");
    p.consume(spans("svc", "lib", "a", 2));
    p.consume(spans("svc", "lib", "b", 1));
    assertEquals(1, sink.received().size());
    p.shutdown(Duration.ofSeconds(1));
    assertEquals(3, sink.received().size(), "the held batch and the pending one, each offered at shutdown");
    assertEquals(3, host.value("otelcol_processor_dropped_spans{processor=\"batch\"}"));
    scheduler.advance(Duration.ofSeconds(30));
    assertEquals(3, sink.received().size(), "no timer left behind");
  }

  @Test
  void metricsAreRegisteredWithTheProcessorLabel() {
    traces("timeout: 0s");
    String scrape = host.scrape();
    assertNotNull(scrape);
    for (String name : List.of("otelcol_processor_batch_batch_send_size_count",
        "otelcol_processor_batch_batch_size_trigger_send_total", "otelcol_processor_batch_timeout_trigger_send_total",
        "otelcol_processor_batch_metadata_cardinality")) {
      assertTrue(scrape.contains(name + "{processor=\"batch\"}"), name + " in\n" + scrape);
    }
    assertFalse(scrape.contains("otelcol_processor_batch_batch_send_size_bytes"), "only at level detailed");
  }

  @Test
  void atLevelDetailedRecordsTheBytesOfEachSentBatch() {
    host.metrics().setLevel(MetricRegistry.Level.DETAILED);
    var p = traces("timeout: 0s");
    Traces data = TraceData.spans(3).encoded();
    p.consume(data).join();
    assertEquals(1, host.value("otelcol_processor_batch_batch_send_size_bytes_count{processor=\"batch\"}"));
    assertEquals(data.encodedSize(),
        host.value("otelcol_processor_batch_batch_send_size_bytes_sum{processor=\"batch\"}"));
  }
}
