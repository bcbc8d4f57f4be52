package io.telegate.testing.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.telegate.core.component.Signal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/** OTLP/HTTP on the JDK's HTTP server: a POST to {@code .../v1/traces}, {@code /v1/metrics} or {@code /v1/logs}. */
final class HttpSide {

  private final OtlpTestServer owner;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "otlp-test-server-http");
    t.setDaemon(true);
    return t;
  });

  HttpSide(OtlpTestServer owner, int port, PemServerTls tls) throws IOException {
    this.owner = owner;
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    if (tls == null) {
      server = HttpServer.create(address, 50);
    } else {
      SSLContext context = tls.jdkContext();
      HttpsServer https = HttpsServer.create(address, 50);
      https.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = context.getDefaultSSLParameters();
          p.setNeedClientAuth(tls.clientCaPem != null);
          params.setSSLParameters(p);
        }
      });
      server = https;
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      ex.sendResponseHeaders(405, -1);
      ex.close();
      return;
    }
    Map<String, List<String>> headers = new HashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    boolean json = contentType != null && contentType.startsWith("application/json");
    byte[] body;
    try {
      body = decode(ex.getRequestHeaders().getFirst("Content-Encoding"), ex.getRequestBody().readAllBytes());
    } catch (IOException | RuntimeException e) {
      send(ex, Reply.invalid("cannot decompress the body: " + e.getMessage()), json);
      return;
    }
    String path = ex.getRequestURI().getPath();
    owner.handle(OtlpTestServer.Protocol.HTTP, signal(path), path, headers, body, json, clientCertificate(ex))
        .whenComplete((reply, failure) -> {
          try {
            send(ex, failure == null ? reply : Reply.http(500, Map.of(), String.valueOf(failure)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), json);
          } catch (IOException e) {
            // the client went away
          }
        });
  }

  private static void send(HttpExchange ex, Reply reply, boolean json) throws IOException {
    try (ex) {
      byte[] body = reply.httpBody(json);
      reply.httpHeaders(json).forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(reply.httpStatus(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static Signal signal(String path) {
    for (Signal s : Signal.values()) {
      if (path.endsWith("/v1/" + s.id())) {
        return s;
      }
    }
    return null;
  }

  private static String clientCertificate(HttpExchange ex) {
    if (ex instanceof HttpsExchange https) {
      try {
        return https.getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException none) {
        return null;
      }
    }
    return null;
  }

  private static byte[] decode(String encoding, byte[] body) throws IOException {
    if (encoding == null || encoding.equals("identity")) {
      return body;
    }
    return switch (encoding) {
      case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
      case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body)).readAllBytes();
      case "zstd" -> Codecs.zstd(body);
      case "snappy" -> Codecs.snappy(body);
      default -> throw new IOException("unknown Content-Encoding " + encoding);
    };
  }

  void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** zstd and snappy, from transport's dependencies: loaded only when such a body comes. */
  private static final class Codecs {
    static byte[] zstd(byte[] body) throws IOException {
      try (var in = new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }

    static byte[] snappy(byte[] body) throws IOException {
      return org.xerial.snappy.Snappy.uncompress(body);
    }
  }
}
