package io.telegate.dist;

import io.telegate.testing.FreePorts;
import io.telegate.testing.LifecycleContract;
import io.telegate.testing.TestIssuer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The shared lifecycle contract, run against every built-in component factory. */
class LifecycleTest {

  /** oidc fetches its issuer's key set at start: an in-test issuer for the whole class. */
  private static TestIssuer issuer;

  @BeforeAll
  static void startIssuer() throws java.io.IOException {
    issuer = new TestIssuer("lifecycle", "secret", "telegate");
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  @TempDir
  static Path dir;

  @TestFactory
  Stream<DynamicTest> everyBuiltInComponentHonoursTheLifecycle() {
    Map<String, Object> configs = new HashMap<>();
    configs.put("file", Map.of("path", dir.resolve("lifecycle.json").toString()));
    configs.put("receiver:otlp", Map.of("protocols", Map.of(
        "grpc", Map.of("endpoint", "127.0.0.1:" + FreePorts.next()),
        "http", Map.of("endpoint", "127.0.0.1:" + FreePorts.next()))));
    configs.put("health_check", Map.of("endpoint", "127.0.0.1:" + FreePorts.next()));
    configs.put("zpages", Map.of("endpoint", "127.0.0.1:" + FreePorts.next()));
    configs.put("pprof", Map.of("endpoint", "127.0.0.1:" + FreePorts.next()));
    configs.put("file_storage", Map.of("directory", System.getProperty("java.io.tmpdir")));
    configs.put("bearertokenauth", Map.of("token", "lifecycle"));
    configs.put("basicauth", Map.of("htpasswd", Map.of("inline", "user:password")));
    configs.put("headers_setter", Map.of("headers", List.of(Map.of("key", "X-Tenant", "value", "acme"))));
    // Tokens are fetched with the first request, not at start.
    configs.put("oauth2client", Map.of("client_id", "lifecycle", "client_secret", "secret", "token_url",
        issuer.tokenUrl()));
    configs.put("oidc", Map.of("issuer_url", issuer.url(), "audience", "telegate"));
    // Nobody listens there: start must still return at once; the receiver retries in the background.
    // No file matches: polls find nothing and the receiver starts and stops at once.
    configs.put("filelog", Map.of("include", List.of(System.getProperty("java.io.tmpdir") + "/telegate-none-*/*.log")));
    configs.put("jmx", Map.of("endpoint", "127.0.0.1:" + FreePorts.next(), "target_system", "jvm"));
    // Their defaults are invalid on purpose, as in the Collector: they need actions or limits.
    configs.put("attributes", Map.of("actions", List.of(Map.of("key", "k", "value", "v", "action", "insert"))));
    configs.put("resource", Map.of("attributes", List.of(Map.of("key", "k", "value", "v", "action", "upsert"))));
    configs.put("memory_limiter", Map.of("check_interval", "1s", "limit_mib", 100000));
    // Exporters connect lazily: a port nobody listens on is enough to start and stop them.
    String backend = "127.0.0.1:" + FreePorts.next();
    configs.put("exporter:otlp", Map.of("endpoint", backend, "tls", Map.of("insecure", true)));
    configs.put("otlphttp", Map.of("endpoint", "http://" + backend));
    configs.put("prometheusremotewrite", Map.of("endpoint", "http://" + backend + "/api/v1/write"));
    configs.put("loki", Map.of("endpoint", "http://" + backend + "/loki/api/v1/push"));
    configs.put("prometheus", Map.of("endpoint", "127.0.0.1:" + FreePorts.next()));
    return LifecycleContract.testsFor(BuiltinComponents.all().all(), configs);
  }
}
