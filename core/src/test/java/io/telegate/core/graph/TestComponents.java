package io.telegate.core.graph;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Host;
import io.telegate.core.component.Processor;
import io.telegate.core.component.ProcessorFactory;
import io.telegate.core.component.Receiver;
import io.telegate.core.component.ReceiverFactory;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.testing.data.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Small components for graph tests; they record what happens to them in a shared event list. */
final class TestComponents {

  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final Map<String, TestReceiver> receivers = new ConcurrentHashMap<>();
  final Map<String, RecordingExporter> exporters = new ConcurrentHashMap<>();

  record NoConfig() implements ComponentConfig {}

  /** A config for the recording exporter: whether it fails, and how. */
  record ExporterConfig(String fail) implements ComponentConfig {
    static final ExporterConfig DEFAULT = new ExporterConfig("");
  }

  /** A receiver whose test pushes data through {@link #send}. */
  final class TestReceiver implements Receiver {
    final String id;
    volatile Consumer<Traces> traces;
    volatile Consumer<Metrics> metrics;

    TestReceiver(String id) {
      this.id = id;
    }

    CompletableFuture<Void> send(Traces t) {
      return traces.consume(t);
    }

    @Override
    public void start(Host host) {
      events.add("start receiver " + id);
    }

    @Override
    public void shutdown(Duration timeout) {
      events.add("shutdown receiver " + id);
    }
  }

  ReceiverFactory<NoConfig> receiverFactory() {
    return ReceiverFactory.define("testrcv", new NoConfig())
        .traces((s, c, next) -> {
          TestReceiver r = receiver(s);
          r.traces = next;
          return r;
        })
        .metrics((s, c, next) -> {
          TestReceiver r = receiver(s);
          r.metrics = next;
          return r;
        })
        .build();
  }

  private TestReceiver receiver(CreateSettings s) {
    TestReceiver r = s.shared(() -> new TestReceiver(s.id().toString()));
    receivers.put(s.id().toString(), r);
    return r;
  }

  /**
   * Processors: {@code tagger} mutates (adds a resource attribute {@code tagged=<id>}), {@code
   * holder} keeps everything until shutdown and then flushes it, {@code pass} forwards.
   */
  ProcessorFactory<NoConfig> processorFactory(String type) {
    return ProcessorFactory.define(type, new NoConfig()).traces((s, c, next) -> {
        String id = s.id().toString();
        return new Processor<>() {
          final List<Traces> held = new ArrayList<>();

          @Override
          public CompletableFuture<Void> consume(Traces data) {
            switch (type) {
              case "tagger" -> {
                ExportTraceServiceRequest.Builder b = data.request().toBuilder();
                for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
                  rs.getResourceBuilder().addAttributes(Values.kv("tagged", id));
                }
                data.set(b.build());
                return next.consume(data);
              }
              case "holder" -> {
                synchronized (held) {
                  held.add(data);
                }
                return Completions.done();
              }
              default -> {
                return next.consume(data);
              }
            }
          }

          @Override
          public boolean mutatesData() {
            return type.equals("tagger");
          }

          @Override
          public void start(Host host) {
            events.add("start processor " + id);
          }

          @Override
          public void shutdown(Duration timeout) {
            events.add("shutdown processor " + id);
            synchronized (held) {
              for (Traces t : held) {
                next.consume(t);
              }
              held.clear();
            }
          }
        };
      }).build();
  }

  /** An exporter that records what it gets; it fails when configured to. */
  final class RecordingExporter implements Exporter<Traces> {
    final String id;
    final ExporterConfig config;
    final List<Traces> received = Collections.synchronizedList(new ArrayList<>());
    volatile boolean running;

    RecordingExporter(String id, ExporterConfig config) {
      this.id = id;
      this.config = config;
    }

    @Override
    public CompletableFuture<Void> consume(Traces data) {
      events.add("export " + id + (running ? "" : " (not running)"));
      received.add(data);
      return switch (config.fail()) {
        case "retryable" -> CompletableFuture.failedFuture(
            io.telegate.core.consumer.ConsumerException.retryable("backend down"));
        case "permanent" -> CompletableFuture.failedFuture(
            io.telegate.core.consumer.ConsumerException.permanent("bad data"));
        default -> Completions.done();
      };
    }

    @Override
    public void start(Host host) {
      running = true;
      events.add("start exporter " + id);
    }

    @Override
    public void shutdown(Duration timeout) {
      running = false;
      events.add("shutdown exporter " + id);
    }
  }

  ExporterFactory<ExporterConfig> exporterFactory() {
    return ExporterFactory.define("recorder", ExporterConfig.DEFAULT).traces((s, c) -> {
      RecordingExporter e = new RecordingExporter(s.id().toString(), c);
      exporters.put(s.id().toString(), e);
      return e;
    }).build();
  }

  io.telegate.core.component.Components all() {
    return io.telegate.core.component.Components.of(receiverFactory(), processorFactory("tagger"),
        processorFactory("holder"), processorFactory("pass"), exporterFactory());
  }
}
