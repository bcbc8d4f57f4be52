package io.telegate.core.graph;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.ExtensionFactory;
import io.telegate.core.component.Host;
import io.telegate.core.component.ProcessorFactory;
import io.telegate.core.component.ReceiverFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.config.GatewayConfig.Configured;
import io.telegate.core.config.GatewayConfig.Pipeline;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running shape of {@code service.pipelines}.
 *
 * <p>A receiver named in several pipelines of a signal is one instance feeding a {@link
 * FanOutConsumer}; processors are created per pipeline; an exporter named in several pipelines of
 * a signal is one instance that all of them feed. Components start exporters first and receivers
 * last, and shut down the other way round, so each can drain into a consumer that still runs.
 */
public final class PipelineGraph {

  private static final GatewayLogger LOG = GatewayLogger.root().with("component", "graph");

  /** A created component, in the order it starts. */
  public record Node(ComponentKind kind, ComponentId id, String pipeline, Component component) {}

  private final List<Node> extensions;
  private final List<Node> exporters;
  private final List<Node> processors;
  private final List<Node> receivers;
  private final Map<ComponentId, Component> extensionById;
  private volatile boolean started;

  private PipelineGraph(List<Node> extensions, List<Node> exporters, List<Node> processors, List<Node> receivers) {
    this.extensions = extensions;
    this.exporters = exporters;
    this.processors = processors;
    this.receivers = receivers;
    Map<ComponentId, Component> byId = new LinkedHashMap<>();
    for (Node n : extensions) {
      byId.put(n.id(), n.component());
    }
    this.extensionById = Collections.unmodifiableMap(byId);
  }

  /**
   * Creates every component of a validated config and wires the pipelines. Creating has no side
   * effects; nothing runs until {@link #start}.
   */
  public static PipelineGraph build(GatewayConfig config, MetricRegistry metrics) {
    Map<Object, Object> shared = new ConcurrentHashMap<>();
    List<Node> extensions = new ArrayList<>();
    for (ComponentId id : config.serviceExtensions()) {
      Configured c = config.get(ComponentKind.EXTENSION, id);
      extensions.add(new Node(ComponentKind.EXTENSION, id, null, createExtension(c, shared)));
    }

    // Exporters: one per (id, signal), shared by every pipeline of that signal.
    Map<String, Node> exporterNodes = new LinkedHashMap<>();
    Map<String, Consumer<?>> exporterConsumers = new LinkedHashMap<>();
    for (Pipeline p : config.pipelines()) {
      for (ComponentId id : p.exporters()) {
        String key = p.signal() + "/" + id;
        if (exporterNodes.containsKey(key)) {
          continue;
        }
        Configured c = config.get(ComponentKind.EXPORTER, id);
        Component exporter = createExporter(c, p.signal(), shared);
        exporterNodes.put(key, new Node(ComponentKind.EXPORTER, id, null, exporter));
        // Exporters count otelcol_exporter_sent_* themselves (ExporterHelper): only they know when
        // queued data was really sent.
        exporterConsumers.put(key, (Consumer<?>) exporter);
      }
    }

    // Pipelines: processors from last to first, each wrapped to count its in and out.
    List<Node> processorNodes = new ArrayList<>();
    Map<String, List<Consumer<?>>> receiverTargets = new LinkedHashMap<>();
    for (Pipeline p : config.pipelines()) {
      List<Consumer<?>> exps = new ArrayList<>();
      for (ComponentId id : p.exporters()) {
        exps.add(exporterConsumers.get(p.signal() + "/" + id));
      }
      Consumer<?> next = exps.size() == 1 ? exps.get(0) : fanOut(exps);
      List<Node> pipelineProcessors = new ArrayList<>();
      boolean mutates = false;
      for (int i = p.processors().size() - 1; i >= 0; i--) {
        ComponentId id = p.processors().get(i);
        Configured c = config.get(ComponentKind.PROCESSOR, id);
        String[] labels = {"processor", id.toString(), "otel_signal", p.signal().id()};
        Consumer<?> outgoing = new ProcessorObserver<>((Consumer<TelemetryData<?>>) next, metrics.counter(
            "otelcol_processor_outgoing_items", "Number of items emitted from the processor.", labels));
        Component processor = createProcessor(c, p.signal(), outgoing, shared);
        mutates |= ((Consumer<?>) processor).mutatesData();
        next = new ProcessorObserver<>((Consumer<TelemetryData<?>>) processor, metrics.counter(
            "otelcol_processor_incoming_items", "Number of items passed to the processor.", labels));
        pipelineProcessors.add(0, new Node(ComponentKind.PROCESSOR, id, p.id().toString(), processor));
      }
      processorNodes.addAll(pipelineProcessors);
      Consumer<?> entry = mutates ? new MutatingEntry<>((Consumer<TelemetryData<?>>) next) : next;
      for (ComponentId id : p.receivers()) {
        receiverTargets.computeIfAbsent(p.signal() + "/" + id, k -> new ArrayList<>()).add(entry);
      }
    }

    // Receivers: one per (id, signal); the factory may return one shared instance for all signals.
    List<Node> receiverNodes = new ArrayList<>();
    Set<Component> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, List<Consumer<?>>> e : receiverTargets.entrySet()) {
      String key = e.getKey();
      Signal signal = Signal.valueOf(key.substring(0, key.indexOf('/')));
      ComponentId id = ComponentId.parse(key.substring(key.indexOf('/') + 1));
      Configured c = config.get(ComponentKind.RECEIVER, id);
      List<Consumer<?>> targets = e.getValue();
      Consumer<?> next = targets.size() == 1 ? targets.get(0) : fanOut(targets);
      Component receiver = createReceiver(c, signal, next, shared);
      if (seen.add(receiver)) {
        receiverNodes.add(new Node(ComponentKind.RECEIVER, id, null, receiver));
      }
    }
    List<Node> exporterList = new ArrayList<>();
    Set<Component> seenExporters = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : exporterNodes.values()) {
      if (seenExporters.add(n.component())) {
        exporterList.add(n);
      }
    }
    return new PipelineGraph(extensions, exporterList, processorNodes, receiverNodes);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Consumer<?> fanOut(List<Consumer<?>> consumers) {
    return new FanOutConsumer(consumers);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Component createExtension(Configured c, Map<Object, Object> shared) {
    return ((ExtensionFactory) c.factory()).create(settings(c, shared), c.config());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Component createExporter(Configured c, Signal signal, Map<Object, Object> shared) {
    ExporterFactory f = (ExporterFactory) c.factory();
    CreateSettings s = settings(c, shared);
    ComponentConfig cfg = c.config();
    return switch (signal) {
      case TRACES -> f.createTraces(s, cfg);
      case METRICS -> f.createMetrics(s, cfg);
      case LOGS -> f.createLogs(s, cfg);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Component createProcessor(Configured c, Signal signal, Consumer next, Map<Object, Object> shared) {
    ProcessorFactory f = (ProcessorFactory) c.factory();
    CreateSettings s = settings(c, shared);
    ComponentConfig cfg = c.config();
    return switch (signal) {
      case TRACES -> f.createTraces(s, cfg, next);
      case METRICS -> f.createMetrics(s, cfg, next);
      case LOGS -> f.createLogs(s, cfg, next);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Component createReceiver(Configured c, Signal signal, Consumer next, Map<Object, Object> shared) {
    ReceiverFactory f = (ReceiverFactory) c.factory();
    CreateSettings s = settings(c, shared);
    ComponentConfig cfg = c.config();
    return switch (signal) {
      case TRACES -> f.createTraces(s, cfg, next);
      case METRICS -> f.createMetrics(s, cfg, next);
      case LOGS -> f.createLogs(s, cfg, next);
    };
  }

  private static CreateSettings settings(Configured c, Map<Object, Object> shared) {
    return new CreateSettings(c.id(), c.kind(), shared);
  }

  /** The nodes in start order: extensions, exporters, processors (last first), receivers. */
  public List<Node> startOrder() {
    List<Node> out = new ArrayList<>(extensions);
    out.addAll(exporters);
    List<Node> reversed = new ArrayList<>(processors);
    Collections.reverse(reversed);
    out.addAll(reversed);
    out.addAll(receivers);
    return out;
  }

  /** Started extensions by id. */
  public Map<ComponentId, Component> extensions() {
    return extensionById;
  }

  /**
   * Starts every component, exporters first. If one fails to start, the ones already started are
   * shut down and the failure is thrown.
   */
  public void start(Host host) throws Exception {
    List<Node> startedNodes = new ArrayList<>();
    for (Node n : startOrder()) {
      ComponentHealth health = host.health(n.kind(), n.id());
      try {
        n.component().start(host);
        health.ok();
        startedNodes.add(n);
      } catch (Exception | Error e) {
        health.permanentError("failed to start: " + e.getMessage());
        LOG.error("component failed to start", e, "kind", n.kind().label(), "id", n.id().toString());
        Collections.reverse(startedNodes);
        for (Node s : startedNodes) {
          shutdownQuietly(s, Duration.ofSeconds(5), host);
        }
        throw e;
      }
    }
    started = true;
  }

  /**
   * Shuts everything down in the reverse of start order: receivers stop taking data, processors
   * flush, exporters drain. Each step gets the time left until the deadline.
   */
  public void shutdown(Duration timeout, Host host) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Node> order = startOrder();
    Collections.reverse(order);
    for (Node n : order) {
      long left = Math.max(0, deadline - System.nanoTime());
      shutdownQuietly(n, Duration.ofNanos(left), host);
    }
    started = false;
  }

  private static void shutdownQuietly(Node n, Duration timeout, Host host) {
    ComponentHealth health = host == null ? null : host.health(n.kind(), n.id());
    if (health != null) {
      health.set(ComponentHealth.Status.STOPPING);
    }
    try {
      n.component().shutdown(timeout);
    } catch (RuntimeException e) {
      LOG.error("component failed to shut down cleanly", e, "kind", n.kind().label(), "id", n.id().toString());
    }
    if (health != null) {
      health.set(ComponentHealth.Status.STOPPED);
    }
  }

  /** Marks the entry of a pipeline whose processors mutate, so fan-outs give it its own copy. */
  private record MutatingEntry<T extends TelemetryData<?>>(Consumer<T> next) implements Consumer<T> {
    @Override
    public java.util.concurrent.CompletableFuture<Void> consume(T data) {
      return next.consume(data);
    }

    @Override
    public boolean mutatesData() {
      return true;
    }
  }
}
