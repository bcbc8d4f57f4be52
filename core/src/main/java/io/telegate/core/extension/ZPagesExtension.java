package io.telegate.core.extension;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import io.telegate.core.component.ServiceView;
import io.telegate.core.telemetry.Json;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The Collector's {@code zpages} extension: {@code /debug/servicez} (version, uptime, health),
 * {@code /debug/pipelinez} (every pipeline and its components), {@code /debug/extensionz} and
 * {@code /debug/metricz} (the live self-metrics), and with {@code expvar.enabled} {@code
 * /debug/expvarz} (the runtime's variables). Plain text and JSON rather than Go's HTML.
 */
final class ZPagesExtension extends HttpExtension {

  private final ZPagesConfig config;

  ZPagesExtension(ComponentId id, ZPagesConfig config) {
    super(id, config.endpoint());
    this.config = config;
  }

  @Override
  void register(ExtensionHttpServer server, Host host) {
    server.handle("/debug/servicez", ex -> ExtensionHttpServer.respond(ex, 200, "application/json",
        host.healthRegistry().toJson()));
    server.handle("/debug/pipelinez", ex -> ExtensionHttpServer.respond(ex, 200, "application/json",
        pipelines(host)));
    server.handle("/debug/extensionz", ex -> ExtensionHttpServer.respond(ex, 200, "application/json",
        extensions(host)));
    server.handle("/debug/metricz", ex -> {
      StringBuilder sb = new StringBuilder();
      host.metrics().writePrometheus(sb);
      ExtensionHttpServer.respond(ex, 200, "text/plain; charset=utf-8", sb.toString());
    });
    if (config.expvar().enabled()) {
      server.handle("/debug/expvarz", ex -> ExtensionHttpServer.respond(ex, 200, "application/json; charset=utf-8",
          expvar()));
    }
  }

  /**
   * What Go's expvar page holds, for a JVM: {@code cmdline} (as Go's: the command and its
   * arguments), and {@code jvm} in place of Go's {@code memstats}: heap and non-heap bytes, threads,
   * uptime, and each collector's count and time.
   */
  static String expvar() {
    StringBuilder sb = new StringBuilder("{\"cmdline\":[");
    ProcessHandle.Info info = ProcessHandle.current().info();
    List<String> cmdline = new ArrayList<>();
    info.command().ifPresent(cmdline::add);
    info.arguments().ifPresent(a -> cmdline.addAll(List.of(a)));
    for (int i = 0; i < cmdline.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      Json.quote(sb, cmdline.get(i));
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    sb.append("],\"jvm\":{\"heap_used_bytes\":").append(heap.getUsed())
        .append(",\"heap_committed_bytes\":").append(heap.getCommitted())
        .append(",\"heap_max_bytes\":").append(heap.getMax())
        .append(",\"non_heap_used_bytes\":").append(nonHeap.getUsed())
        .append(",\"threads\":").append(ManagementFactory.getThreadMXBean().getThreadCount())
        .append(",\"uptime_ms\":").append(ManagementFactory.getRuntimeMXBean().getUptime())
        .append(",\"available_processors\":").append(Runtime.getRuntime().availableProcessors())
        .append(",\"gc\":{");
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    for (int i = 0; i < collectors.size(); i++) {
      GarbageCollectorMXBean gc = collectors.get(i);
      sb.append(i == 0 ? "" : ",");
      Json.quote(sb, gc.getName());
      sb.append(":{\"count\":").append(gc.getCollectionCount()).append(",\"time_ms\":")
          .append(gc.getCollectionTime()).append('}');
    }
    return sb.append("}}}").toString();
  }

  private static String pipelines(Host host) {
    StringBuilder sb = new StringBuilder("{\"pipelines\":[");
    ServiceView service = host.service().orElse(null);
    if (service != null) {
      boolean first = true;
      for (ServiceView.Pipeline p : service.pipelines()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append("{\"id\":").append(Json.quote(p.id()));
        sb.append(",\"receivers\":").append(ids(p.receivers()));
        sb.append(",\"processors\":").append(ids(p.processors()));
        sb.append(",\"exporters\":").append(ids(p.exporters())).append('}');
      }
    }
    return sb.append("]}").toString();
  }

  private static String extensions(Host host) {
    return "{\"extensions\":" + host.service().map(s -> ids(s.extensions())).orElse("[]") + "}";
  }

  private static String ids(List<ComponentId> ids) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ids.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(Json.quote(ids.get(i).toString()));
    }
    return sb.append(']').toString();
  }
}
