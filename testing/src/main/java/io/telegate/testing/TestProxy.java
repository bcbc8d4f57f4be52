package io.telegate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A forward HTTP proxy for tests, on 127.0.0.1 and a free port: it takes absolute-form requests
 * (RFC 9112 section 3.2.2, what a client sends to a proxy), records their targets and answers them
 * 200 itself, so a test can tell that an exporter went through it to a host that does not exist.
 * With credentials it first answers {@code 407} with a Basic challenge, as a proxy asking for
 * them does.
 */
public final class TestProxy implements AutoCloseable {

  private final HttpServer server;
  private final List<URI> targets = new CopyOnWriteArrayList<>();
  private final String expectedAuthorization;

  /** @param basicCredentials {@code user:password} the proxy asks for, or null for none */
  public TestProxy(String basicCredentials) throws IOException {
    this.expectedAuthorization = basicCredentials == null ? null : "Basic " + java.util.Base64.getEncoder()
        .encodeToString(basicCredentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      if (expectedAuthorization != null
          && !expectedAuthorization.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
        ex.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"test\"");
        ex.sendResponseHeaders(407, -1);
        ex.close();
        return;
      }
      targets.add(ex.getRequestURI());
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}, for {@code proxy_url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The absolute targets of the requests it answered, in order. */
  public List<URI> targets() {
    return List.copyOf(targets);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
