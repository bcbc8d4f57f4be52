package io.telegate.core.extension;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import io.telegate.core.component.ServiceView;
import io.telegate.core.telemetry.Json;

/**
 * The Collector's {@code zpages} extension: {@code /debug/servicez} (version, uptime, health),
 * {@code /debug/pipelinez} (every pipeline and its components), {@code /debug/extensionz} and
 * {@code /debug/metricz} (the live self-metrics). Plain text and JSON rather than Go's HTML.
 */
public final class ZPagesExtension extends HttpExtension {

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

  private static String ids(java.util.List<ComponentId> ids) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ids.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(Json.quote(ids.get(i).toString()));
    }
    return sb.append(']').toString();
  }
}
