package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.service.Gateway;
import io.telegate.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zpages, pprof and file_storage in a running gateway. */
class ExtensionsTest {

  @TempDir Path dir;
  private Gateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.shutdown(Duration.ofSeconds(5));
    }
  }

  private HttpResponse<byte[]> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void zpagesListPipelinesAndPprofServesThreadsHeapAndJfr() throws Exception {
    int zpages = FreePorts.next();
    int pprof = FreePorts.next();
    String yaml = """
        receivers:
          otlp:
            protocols: {http: {endpoint: 127.0.0.1:%d}}
        exporters:
          debug: {}
        extensions:
          zpages: {endpoint: 127.0.0.1:%d}
          pprof: {endpoint: 127.0.0.1:%d}
          file_storage/queue: {directory: %s, create_directory: true}
        service:
          extensions: [zpages, pprof, file_storage/queue]
          telemetry: {metrics: {address: 127.0.0.1:0}}
          pipelines:
            traces/in: {receivers: [otlp], exporters: [debug]}
            logs: {receivers: [otlp], exporters: [debug]}
        """.formatted(FreePorts.next(), zpages, pprof, dir.resolve("q"));
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    GatewayConfig config = new ConfigResolver(BuiltinComponents.all()).resolve(tree);
    gateway = new Gateway(config, "test", Clock.systemUTC());
    gateway.start();

    String pipelines = new String(get(zpages, "/debug/pipelinez").body());
    assertTrue(pipelines.contains("{\"id\":\"traces/in\",\"receivers\":[\"otlp\"],\"processors\":[],"
        + "\"exporters\":[\"debug\"]}"), pipelines);
    assertTrue(new String(get(zpages, "/debug/extensionz").body()).contains("\"file_storage/queue\""));
    assertTrue(new String(get(zpages, "/debug/metricz").body()).contains("otelcol_receiver_accepted_spans"));
    assertEquals(404, get(zpages, "/debug/expvarz").statusCode(), "expvar is off unless enabled");

    assertTrue(new String(get(pprof, "/debug/pprof/goroutine").body()).contains("\"main\""));
    assertTrue(new String(get(pprof, "/debug/pprof/heap").body()).contains("java.lang.String"));
    HttpResponse<byte[]> jfr = get(pprof, "/debug/pprof/profile?seconds=1");
    assertEquals(200, jfr.statusCode());
    assertArrayEquals(new byte[] {'F', 'L', 'R', 0}, Arrays.copyOf(jfr.body(), 4), "a JFR file");
    assertEquals(400, get(pprof, "/debug/pprof/profile?seconds=9999").statusCode());
    assertTrue(dir.resolve("q").toFile().isDirectory(), "file_storage created its directory");
  }

  @Test
  void zpagesWithExpvarEnabledServesTheRuntimesVariablesAsJson() throws Exception {
    int zpages = FreePorts.next();
    String yaml = """
        receivers:
          otlp:
            protocols: {http: {endpoint: 127.0.0.1:%d}}
        exporters:
          debug: {}
        extensions:
          zpages: {endpoint: 127.0.0.1:%d, expvar: {enabled: true}}
        service:
          extensions: [zpages]
          telemetry: {metrics: {address: 127.0.0.1:0}}
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
        """.formatted(FreePorts.next(), zpages);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    gateway = new Gateway(new ConfigResolver(BuiltinComponents.all()).resolve(tree), "test", Clock.systemUTC());
    gateway.start();

    HttpResponse<byte[]> page = get(zpages, "/debug/expvarz");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonNode vars = new ObjectMapper().readTree(page.body());
    assertTrue(vars.get("cmdline").isArray() && vars.get("cmdline").size() > 0, vars.toString());
    assertTrue(vars.at("/jvm/heap_used_bytes").asLong() > 0, vars.toString());
    assertTrue(vars.at("/jvm/threads").asInt() > 0, vars.toString());
    assertTrue(vars.at("/jvm/gc").isObject(), vars.toString());
  }
}
