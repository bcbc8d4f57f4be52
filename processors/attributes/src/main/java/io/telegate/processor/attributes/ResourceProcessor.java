package io.telegate.processor.attributes;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.telegate.core.component.Host;
import io.telegate.core.component.Processor;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the configured actions on the attributes of every resource, then passes the data on. */
final class ResourceProcessor<T extends TelemetryData<?>> implements Processor<T> {

  private final AttributeActions actions;
  private final Consumer<T> next;

  ResourceProcessor(ResourceProcessorConfig config, Consumer<T> next) {
    this.next = next;
    // The config was validated (ResourceProcessorConfig.validate); nothing is checked again here.
    this.actions = AttributeActions.of(config.attributes());
  }

  @Override
  public void start(Host host) {
    // Nothing to start.
  }

  @Override
  public void shutdown(Duration timeout) {
    // Holds nothing.
  }

  @Override
  public boolean mutatesData() {
    return true;
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    try {
      if (data instanceof Traces t) {
        processTraces(t);
      } else if (data instanceof Metrics m) {
        processMetrics(m);
      } else if (data instanceof Logs l) {
        processLogs(l);
      }
    } catch (MalformedDataException e) {
      return Completions.failed(ConsumerException.permanent(e.getMessage(), e));
    }
    return next.consume(data);
  }

  private List<KeyValue> edit(List<KeyValue> attributes, ClientContext client) {
    AttributeMap m = new AttributeMap(attributes);
    actions.apply(m, client);
    return m.changed() ? m.list() : null;
  }

  private void processTraces(Traces traces) {
    ExportTraceServiceRequest req = traces.request();
    ExportTraceServiceRequest.Builder b = null;
    for (int r = 0; r < req.getResourceSpansCount(); r++) {
      List<KeyValue> edited = edit(req.getResourceSpans(r).getResource().getAttributesList(), traces.client());
      if (edited != null) {
        b = b == null ? req.toBuilder() : b;
        b.getResourceSpansBuilder(r).getResourceBuilder().clearAttributes().addAllAttributes(edited);
      }
    }
    if (b != null) {
      traces.set(b.build());
    }
  }

  private void processMetrics(Metrics metrics) {
    ExportMetricsServiceRequest req = metrics.request();
    ExportMetricsServiceRequest.Builder b = null;
    for (int r = 0; r < req.getResourceMetricsCount(); r++) {
      List<KeyValue> edited = edit(req.getResourceMetrics(r).getResource().getAttributesList(), metrics.client());
      if (edited != null) {
        b = b == null ? req.toBuilder() : b;
        b.getResourceMetricsBuilder(r).getResourceBuilder().clearAttributes().addAllAttributes(edited);
      }
    }
    if (b != null) {
      metrics.set(b.build());
    }
  }

  private void processLogs(Logs logs) {
    ExportLogsServiceRequest req = logs.request();
    ExportLogsServiceRequest.Builder b = null;
    for (int r = 0; r < req.getResourceLogsCount(); r++) {
      List<KeyValue> edited = edit(req.getResourceLogs(r).getResource().getAttributesList(), logs.client());
      if (edited != null) {
        b = b == null ? req.toBuilder() : b;
        b.getResourceLogsBuilder(r).getResourceBuilder().clearAttributes().addAllAttributes(edited);
      }
    }
    if (b != null) {
      logs.set(b.build());
    }
  }
}
