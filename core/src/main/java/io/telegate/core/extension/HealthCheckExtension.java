package io.telegate.core.extension;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.Json;
import java.time.Duration;
import java.time.Instant;

/**
 * The Collector's {@code health_check} extension: 200 with {@code "Server available"} once every
 * pipeline started, 503 otherwise, on its own endpoint (default {@code localhost:13133}).
 */
final class HealthCheckExtension extends HttpExtension {

  private final HealthCheckConfig config;

  HealthCheckExtension(ComponentId id, HealthCheckConfig config) {
    super(id, config.endpoint());
    this.config = config;
  }

  @Override
  void register(ExtensionHttpServer server, Host host) {
    if (config.checkCollectorPipeline() != null) {
      host.logger(ComponentKind.EXTENSION, id()).warn(
          "check_collector_pipeline is ignored: it is broken in the Collector and readiness already covers it");
    }
    HealthRegistry health = host.healthRegistry();
    Instant upSince = host.clock().instant();
    server.handle(config.path(), ex -> {
      boolean ready = health.isReady();
      String body = "{\"status\":" + Json.quote(ready ? "Server available" : "Server not available")
          + ",\"upSince\":" + Json.quote(upSince.toString())
          + ",\"uptime\":" + Json.quote(Duration.between(upSince, host.clock().instant()).toString()) + "}";
      ExtensionHttpServer.respond(ex, ready ? 200 : 503, "application/json", body);
    });
  }
}
