package io.telegate.receiver.prometheus.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpDiscovererTest {

  private HttpServer server;
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile String body = "[]";
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> refreshHeaders = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/sd", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      refreshHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Prometheus-Refresh-Interval-Seconds")));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sd";
  }

  private FullSet start(String extra) {
    return new FullSet(ServiceDiscoveryTest.yaml("""
        http_sd_configs:
          - url: %s
            refresh_interval: 100ms
        %s""".formatted(url(), extra.indent(4))), "http");
  }

  @Test
  void readsTheHttpSdFormatWithMetaUrl() {
    body = """
        [{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"]}]""";
    try (FullSet set = start("")) {
      List<TargetGroup> groups = set.awaitAddresses("a:1", "b:2", "c:3");
      assertEquals(List.of(
          new TargetGroup(url() + ":0", List.of(Map.of("__address__", "a:1"), Map.of("__address__", "b:2")),
              Map.of("env", "prod", "__meta_url", url())),
          new TargetGroup(url() + ":1", List.of(Map.of("__address__", "c:3")), Map.of("__meta_url", url()))),
          groups);
      assertTrue(refreshHeaders.contains("0"), refreshHeaders.toString());
    }
  }

  @Test
  void eachRefreshReplacesTheTargetsAndGroupsNoLongerServedGo() {
    body = "[{\"targets\": [\"a:1\"]}, {\"targets\": [\"b:1\"]}]";
    try (FullSet set = start("")) {
      set.awaitAddresses("a:1", "b:1");
      body = "[{\"targets\": [\"a:2\"]}]";
      List<TargetGroup> groups = set.awaitAddresses("a:2");
      assertEquals(1, groups.size());
    }
  }

  @Test
  void errorsKeepTheLastGoodTargets() {
    body = "[{\"targets\": [\"a:1\"]}]";
    try (FullSet set = start("")) {
      set.awaitAddresses("a:1");
      int seen = authorizations.size();
      status = 500;
      body = "[{\"targets\": [\"x:1\"]}]";
      awaitRequests(seen + 3);
      status = 200;
      contentType = "text/plain";
      seen = authorizations.size();
      awaitRequests(seen + 3);
      contentType = "application/json; charset=utf-8";
      body = "{\"targets\": [\"y:1\"]}";
      seen = authorizations.size();
      awaitRequests(seen + 3);
      assertEquals(java.util.Set.of("a:1"), FullSet.addresses(set.await("still", g -> true)));
      body = "[{\"targets\": [\"z:1\"]}]";
      set.awaitAddresses("z:1");
    }
  }

  @Test
  void sendsBasicAuthAndReadsCredentialFilesForEachRequest() throws IOException {
    Path password = dir.resolve("password");
    Files.writeString(password, "s3cret\n");
    body = "[{\"targets\": [\"a:1\"]}]";
    try (FullSet set = start("basic_auth: {username: prom, password_file: '" + password + "'}")) {
      set.awaitAddresses("a:1");
      assertEquals("Basic " + b64("prom:s3cret"), authorizations.get(0));
      Files.writeString(password, "rotated");
      int seen = authorizations.size();
      awaitRequests(seen + 2);
      assertEquals("Basic " + b64("prom:rotated"), authorizations.get(authorizations.size() - 1));
    }
  }

  @Test
  void sendsTheAuthorizationHeader() {
    body = "[{\"targets\": [\"a:1\"]}]";
    try (FullSet set = start("authorization: {credentials: tok}")) {
      set.awaitAddresses("a:1");
      assertEquals("Bearer tok", authorizations.get(0));
    }
  }

  @Test
  void validatesTheUrlAndTheClientKeys() {
    List<String> errors = ServiceDiscovery.validate(ServiceDiscoveryTest.yaml("""
        http_sd_configs:
          - url: ftp://x/sd
          - refresh_interval: 1m
          - url: http://x/sd
            basic_auth: {username: a, password: b, password_file: c}
            authorization: {type: Basic, credentials: x}
            tls_config: {min_version: TLS9, cert_file: c.pem}
            oauth2: {client_id: x}
        """), "scrape_configs[0]");
    assertEquals(new ArrayList<>(List.of(
        "scrape_configs[0]::http_sd_configs[0]::url: URL scheme must be 'http' or 'https'",
        "scrape_configs[0]::http_sd_configs[1]::url: URL is missing",
        "scrape_configs[0]::http_sd_configs[2]::oauth2: not supported by Telegate yet",
        "scrape_configs[0]::http_sd_configs[2]::basic_auth: at most one of password and password_file must be"
            + " configured",
        "scrape_configs[0]::http_sd_configs[2]::authorization::type: authorization type cannot be set to \"basic\","
            + " use \"basic_auth\" instead",
        "scrape_configs[0]::http_sd_configs[2]: at most one of basic_auth, bearer_token, bearer_token_file and"
            + " authorization must be configured",
        "scrape_configs[0]::http_sd_configs[2]::tls_config::min_version: 'TLS9' (expected: TLS10, TLS11, TLS12 or"
            + " TLS13)",
        "scrape_configs[0]::http_sd_configs[2]::tls_config: a client certificate needs both cert_file and key_file"
            + " (or their _pem forms)")), errors);
  }

  private void awaitRequests(int n) {
    io.telegate.testing.Await.until(n + " requests", FullSet.WAIT, () -> authorizations.size() >= n);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
