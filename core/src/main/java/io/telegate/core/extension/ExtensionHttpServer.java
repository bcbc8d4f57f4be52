package io.telegate.core.extension;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.telegate.core.component.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** The small HTTP server an extension serves its pages from, on one daemon thread of the host's. */
final class ExtensionHttpServer {

  private final HttpServer server;
  private final ExecutorService executor;

  /** A server on {@code endpoint} whose one thread comes from {@code threads} (the host's, for the extension). */
  ExtensionHttpServer(String endpoint, ThreadFactory threads) throws IOException {
    HostPort hp = HostPort.parse(endpoint);
    server = HttpServer.create(new InetSocketAddress(hp.host(), hp.port()), 16);
    executor = Executors.newSingleThreadExecutor(threads);
    server.setExecutor(executor);
  }

  void handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
    respond(ex, status, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
