package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentKind;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigException;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.service.Gateway;
import io.telegate.testing.FreePorts;
import io.telegate.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped config (config/ and config/examples/) is started once, as written, with its
 * {@code ${env:...}} endpoints pointed at free loopback ports, temp directories and test
 * certificates: it must become ready and shut down cleanly.
 */
class ShippedConfigsStartTest {

  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern HOST_PORT = Pattern.compile("[\\w.-]*:\\d+");

  @TempDir static Path dir;

  @TestFactory
  Stream<DynamicTest> everyShippedConfigStartsAndStops() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(ValidateCommandTest.CONFIG_DIR)) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(
        ValidateCommandTest.CONFIG_DIR.relativize(f).toString(), () -> startOnce(f)));
  }

  private void startOnce(Path file) throws Exception {
    Map<String, String> env = environmentFor(Files.readString(file));
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(env::get).load(List.of(file), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    // Listeners written as literal host:port (the seed's 0.0.0.0:4317) move to free loopback ports,
    // through a second config merged over the file, as an operator would override them.
    Map<String, Object> overlay = new HashMap<>();
    overlay.put("receivers", moveListeners(tree.get("receivers")));
    overlay.put("extensions", moveListeners(tree.get("extensions")));
    overlay.put("service", Map.of("telemetry", Map.of("metrics", Map.of("address", "127.0.0.1:0", "readers", List.of()))));
    ConfigSource.merge(tree, overlay);
    GatewayConfig config;
    try {
      config = new ConfigResolver(BuiltinComponents.all()).resolve(tree);
    } catch (ConfigException e) {
      // Only a config waiting for a component type we do not have yet may fail here.
      boolean missingTypesOnly = e.errors().stream().allMatch(x -> x.contains(": unknown ") && x.contains(" type '"));
      assertTrue(missingTypesOnly, () -> file + ": " + e.errors());
      return;
    }
    Gateway gateway = new Gateway(config, "test", Clock.systemUTC());
    try {
      gateway.start();
      HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gateway.adminPort() + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(ready.statusCode() == 200, () -> file + ": not ready: " + ready.body());
      assertTrue(gateway.graph().startOrder().size() >= config.components().get(ComponentKind.EXTENSION).size());
    } finally {
      gateway.shutdown(Duration.ofSeconds(10));
    }
  }

  /** A copy of a config section with every listening host:port moved to a free loopback port. */
  private static Object moveListeners(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new HashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), moveListeners(e.getValue()));
      }
      return out;
    }
    if (node instanceof String str && LISTENER.matcher(str).matches()) {
      return "127.0.0.1:" + FreePorts.next();
    }
    return node instanceof List<?> ? node : node;
  }

  private static final Pattern LISTENER = Pattern.compile("(0\\.0\\.0\\.0|localhost|127\\.0\\.0\\.1)?:\\d+");

  /** Free ports for host:port defaults, loopback URLs for URL defaults, temp dirs and test certs. */
  private static TestCertificates certs;

  private static synchronized TestCertificates certs() throws IOException {
    if (certs == null) {
      certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
    }
    return certs;
  }

  private static Map<String, String> environmentFor(String yaml) throws IOException {
    Map<String, String> env = new HashMap<>();
    Matcher m = ENV.matcher(yaml);
    while (m.find()) {
      String name = m.group(1);
      String dflt = m.group(2) == null ? "" : m.group(2);
      if (env.containsKey(name)) {
        continue;
      }
      if (name.equals("TLS_CERT_FILE")) {
        env.put(name, certs().serverCertPem().toString());
      } else if (name.equals("TLS_KEY_FILE")) {
        env.put(name, certs().serverKeyPem().toString());
      } else if (name.equals("TLS_CA_FILE")) {
        env.put(name, certs().caPem().toString());
      } else if (name.endsWith("_DIR")) {
        env.put(name, Files.createDirectories(dir.resolve(name.toLowerCase())).toString());
      } else if (name.endsWith("_PORT")) {
        env.put(name, Integer.toString(FreePorts.next()));
      } else if (name.endsWith("_HOST")) {
        env.put(name, "127.0.0.1");
      } else if (dflt.startsWith("http://") || dflt.startsWith("https://")) {
        URI u = URI.create(dflt);
        env.put(name, "http://127.0.0.1:" + FreePorts.next() + (u.getPath() == null ? "" : u.getPath()));
      } else if (HOST_PORT.matcher(dflt).matches()) {
        env.put(name, "127.0.0.1:" + FreePorts.next());
      }
    }
    return env;
  }
}
