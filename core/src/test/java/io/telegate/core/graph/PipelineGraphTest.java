package io.telegate.core.graph;

import static io.telegate.testing.data.TraceData.spans;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Traces;
import io.telegate.testing.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PipelineGraphTest {

  private final TestComponents components = new TestComponents();
  /** The graph's test components wait on nothing; TestHost runs handed-over work on the caller. */
  private final TestHost host = new TestHost();

  private PipelineGraph start(String yaml) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    GatewayConfig config = new ConfigResolver(components.all()).resolve(tree);
    PipelineGraph graph = PipelineGraph.build(config, host.metrics());
    graph.start(host);
    return graph;
  }

  private static String resourceTag(Traces t) {
    return t.request().getResourceSpans(0).getResource().getAttributesList().stream()
        .filter(kv -> kv.getKey().equals("tagged")).map(kv -> kv.getValue().getStringValue())
        .findFirst().orElse(null);
  }

  @Test
  void receiverInSeveralPipelinesIsOneInstanceFeedingEach() throws Exception {
    start("""
        receivers: {testrcv: {}}
        exporters: {recorder/a: {}, recorder/b: {}}
        service:
          pipelines:
            traces/1: {receivers: [testrcv], exporters: [recorder/a]}
            traces/2: {receivers: [testrcv], exporters: [recorder/b]}
        """);
    assertEquals(1, components.events.stream().filter(e -> e.equals("start receiver testrcv")).count());
    components.receivers.get("testrcv").send(spans(3).parsed()).get();
    assertEquals(1, components.exporters.get("recorder/a").received.size());
    assertEquals(1, components.exporters.get("recorder/b").received.size());
  }

  @Test
  void fanOutSharesDataWithReadersAndCopiesOnlyForMutators() throws Exception {
    start("""
        receivers: {testrcv: {}}
        processors: {tagger/x: {}, tagger/y: {}, pass: {}}
        exporters: {recorder/x: {}, recorder/y: {}, recorder/plain: {}}
        service:
          pipelines:
            traces/x: {receivers: [testrcv], processors: [tagger/x], exporters: [recorder/x]}
            traces/y: {receivers: [testrcv], processors: [tagger/y], exporters: [recorder/y]}
            traces/plain: {receivers: [testrcv], processors: [pass], exporters: [recorder/plain]}
        """);
    Traces sent = spans(2).parsed();
    components.receivers.get("testrcv").send(sent).get();
    Traces x = components.exporters.get("recorder/x").received.get(0);
    Traces y = components.exporters.get("recorder/y").received.get(0);
    Traces plain = components.exporters.get("recorder/plain").received.get(0);
    // The read-only pipeline gets the very batch that was sent, untouched by the mutators.
    assertSame(sent, plain);
    assertEquals(null, resourceTag(plain));
    // Each mutating pipeline got its own copy and sees only its own change.
    assertNotSame(sent, x);
    assertNotSame(sent, y);
    assertNotSame(x, y);
    assertEquals("tagger/x", resourceTag(x));
    assertEquals("tagger/y", resourceTag(y));
  }

  @Test
  void lastMutatorGetsTheOriginalWhenNoPipelineOnlyReads() throws Exception {
    start("""
        receivers: {testrcv: {}}
        processors: {tagger/x: {}, tagger/y: {}}
        exporters: {recorder/x: {}, recorder/y: {}}
        service:
          pipelines:
            traces/x: {receivers: [testrcv], processors: [tagger/x], exporters: [recorder/x]}
            traces/y: {receivers: [testrcv], processors: [tagger/y], exporters: [recorder/y]}
        """);
    Traces sent = spans(1).parsed();
    components.receivers.get("testrcv").send(sent).get();
    Traces x = components.exporters.get("recorder/x").received.get(0);
    Traces y = components.exporters.get("recorder/y").received.get(0);
    assertNotSame(sent, x);
    assertSame(sent, y);
    assertEquals("tagger/x", resourceTag(x));
    assertEquals("tagger/y", resourceTag(y));
  }

  @Test
  void exporterSharedByPipelinesIsOneInstanceThatGetsDataFromEach() throws Exception {
    start("""
        receivers: {testrcv/1: {}, testrcv/2: {}}
        exporters: {recorder: {}}
        service:
          pipelines:
            traces/1: {receivers: [testrcv/1], exporters: [recorder]}
            traces/2: {receivers: [testrcv/2], exporters: [recorder]}
        """);
    assertEquals(1, components.events.stream().filter(e -> e.equals("start exporter recorder")).count());
    components.receivers.get("testrcv/1").send(spans(1).parsed()).get();
    components.receivers.get("testrcv/2").send(spans(2).parsed()).get();
    List<Traces> got = components.exporters.get("recorder").received;
    assertEquals(2, got.size());
    assertEquals(3, got.stream().mapToInt(Traces::itemCount).sum());
  }

  @Test
  void startsExportersFirstAndShutsDownReceiversFirstDrainingProcessorsIntoRunningExporters() throws Exception {
    PipelineGraph graph = start("""
        receivers: {testrcv: {}}
        processors: {holder: {}, pass: {}}
        exporters: {recorder: {}}
        service:
          pipelines:
            traces: {receivers: [testrcv], processors: [pass, holder], exporters: [recorder]}
        """);
    components.receivers.get("testrcv").send(spans(5).parsed()).get();
    assertTrue(components.exporters.get("recorder").received.isEmpty(), "holder keeps data until shutdown");
    graph.shutdown(Duration.ofSeconds(5), host);
    assertEquals(List.of(
        "start exporter recorder",
        "start processor holder",
        "start processor pass",
        "start receiver testrcv",
        "shutdown receiver testrcv",
        "shutdown processor pass",
        "shutdown processor holder",
        "export recorder",
        "shutdown exporter recorder"), components.events);
    assertEquals(5, components.exporters.get("recorder").received.get(0).itemCount());
  }

  @Test
  void exporterErrorPropagatesBackToTheReceiverWithItsKind() throws Exception {
    start("""
        receivers: {testrcv: {}}
        processors: {pass: {}}
        exporters: {recorder: {fail: retryable}}
        service:
          pipelines:
            traces: {receivers: [testrcv], processors: [pass], exporters: [recorder]}
        """);
    CompletableFuture<Void> result = components.receivers.get("testrcv").send(spans(1).parsed());
    ExecutionException e = assertThrows(ExecutionException.class, result::get);
    ConsumerException ce = ConsumerException.from(e.getCause());
    assertFalse(ce.isPermanent());
    assertEquals("backend down", ce.getMessage());
  }

  @Test
  void fanOutReportsRetryableFailureWhenOnePipelineFailsRetryablyAndAnotherPermanently() throws Exception {
    start("""
        receivers: {testrcv: {}}
        exporters: {recorder/bad: {fail: permanent}, recorder/down: {fail: retryable}, recorder/ok: {}}
        service:
          pipelines:
            traces/1: {receivers: [testrcv], exporters: [recorder/bad]}
            traces/2: {receivers: [testrcv], exporters: [recorder/down]}
            traces/3: {receivers: [testrcv], exporters: [recorder/ok]}
        """);
    CompletableFuture<Void> result = components.receivers.get("testrcv").send(spans(1).parsed());
    ExecutionException e = assertThrows(ExecutionException.class, result::get);
    assertFalse(ConsumerException.from(e.getCause()).isPermanent());
    assertEquals(1, components.exporters.get("recorder/ok").received.size());
  }

  @Test
  void countsItemsInAndOutOfEachProcessor() throws Exception {
    start("""
        receivers: {testrcv: {}}
        processors: {pass: {}}
        exporters: {recorder/ok: {}, recorder/bad: {fail: permanent}}
        service:
          pipelines:
            traces/1: {receivers: [testrcv], processors: [pass], exporters: [recorder/ok]}
            traces/2: {receivers: [testrcv], exporters: [recorder/bad]}
        """);
    components.receivers.get("testrcv").send(spans(4).parsed()).exceptionally(t -> null).get();
    String text = host.scrape();
    assertTrue(text.contains("otelcol_processor_incoming_items_total{processor=\"pass\",otel_signal=\"traces\"} 4"), text);
    assertTrue(text.contains("otelcol_processor_outgoing_items_total{processor=\"pass\",otel_signal=\"traces\"} 4"), text);
  }
}
