package io.telegate.core.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.MetricRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the gateway's own endpoints on {@code service.telemetry.metrics.address}: {@code /metrics}
 * (Prometheus text), {@code /health/live}, {@code /health/ready} and {@code /health}.
 *
 * <p>Scrapes and probes are rare and small, so the JDK's HTTP server on one thread is enough and
 * keeps them off the data path's event loops.
 */
final class AdminServer {

  private final HttpServer server;
  private final ExecutorService executor;

  public AdminServer(String host, int port, MetricRegistry metrics, HealthRegistry health) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "telegate-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> {
      StringBuilder sb = new StringBuilder(4096);
      if (metrics.level() != MetricRegistry.Level.NONE) {
        metrics.writePrometheus(sb);
      }
      respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", sb.toString());
    });
    server.createContext("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"alive\"}"));
    server.createContext("/health/ready", ex -> {
      if (health.isReady()) {
        respond(ex, 200, "application/json", "{\"status\":\"ready\"}");
      } else {
        respond(ex, 503, "application/json", "{\"status\":\"not ready\"}");
      }
    });
    server.createContext("/health", ex -> {
      if (!ex.getRequestURI().getPath().equals("/health")) {
        respond(ex, 404, "text/plain", "not found\n");
        return;
      }
      String status = health.overallStatus();
      respond(ex, status.equals("unhealthy") ? 503 : 200, "application/json", health.toJson());
    });
  }

  public void start() {
    server.start();
  }

  /** The bound port; differs from the configured one when that was 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
