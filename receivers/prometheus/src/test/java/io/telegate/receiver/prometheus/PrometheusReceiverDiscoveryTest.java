package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service discovery through the receiver: targets that a discoverer adds are scraped, targets it
 * drops stop being scraped and their series get stale markers. Each target is a local HTTP server
 * exposing a metric named after it.
 */
class PrometheusReceiverDiscoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TARGETS = "telegate_receiver_prometheus_targets{receiver=\"prometheus\"}";

  @TempDir
  Path dir;

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<PrometheusReceiver> receivers = new ArrayList<>();
  private final RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
  private final TestHost host = new TestHost();

  @AfterEach
  void stop() {
    receivers.forEach(r -> r.shutdown(Duration.ofSeconds(5)));
    servers.forEach(s -> s.stop(0));
  }

  /** A target on 127.0.0.1 exposing {@code <name> 1}; its port. */
  private int target(String name) throws IOException {
    return serve("/metrics", "text/plain; version=0.0.4", () -> "# TYPE " + name + " gauge\n" + name + " 1\n");
  }

  private int serve(String path, String contentType, java.util.function.Supplier<String> body) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
    s.createContext(path, ex -> {
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", contentType);
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    });
    s.start();
    servers.add(s);
    return s.getAddress().getPort();
  }

  private void start(Map<String, Object> discovery) {
    Map<String, Object> job = new LinkedHashMap<>(discovery);
    job.put("job_name", "sd");
    job.put("scrape_interval", "1s");
    job.put("scrape_timeout", "1s");
    PrometheusReceiver r = Jobs.receiver("prometheus", Map.of("config", Map.of("scrape_configs", List.of(job))), sink);
    receivers.add(r);
    r.start(host);
  }

  private List<NumberDataPoint> points(String metric) {
    List<NumberDataPoint> out = new ArrayList<>();
    for (Metrics m : sink.received()) {
      for (Metric x : Jobs.allMetrics(m.request())) {
        if (x.getName().equals(metric)) {
          out.addAll(x.getGauge().getDataPointsList());
        }
      }
    }
    return out;
  }

  private void awaitScraped(String metric) {
    Await.until(metric + " scraped", WAIT, () -> points(metric).stream().anyMatch(p -> p.getFlags() == 0));
  }

  /** The stale marker: the OTLP "no recorded value" flag, which remote write sends as StaleNaN. */
  private void awaitStale(String metric) {
    Await.until(metric + " marked stale", WAIT, () -> points(metric).stream().anyMatch(p -> p.getFlags() == 1));
  }

  private static String groups(int... ports) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ports.length; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"targets\":[\"127.0.0.1:").append(ports[i])
          .append("\"],\"labels\":{\"team\":\"t").append(ports[i]).append("\"}}");
    }
    return sb.append("]").toString();
  }

  private void writeAtomically(Path file, String text) throws IOException {
    Path tmp = dir.resolve("tmp").resolve(file.getFileName());
    Files.createDirectories(tmp.getParent());
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void fileSdTargetsFollowTheFile() throws Exception {
    int a = target("from_a");
    int b = target("from_b");
    Path sd = Files.createDirectories(dir.resolve("sd"));
    Path file = sd.resolve("targets.json");
    writeAtomically(file, groups(a));
    start(Map.of("file_sd_configs", List.of(Map.of("files", List.of(sd + "/*.json"), "refresh_interval", "1s"))));
    awaitScraped("from_a");

    writeAtomically(file, groups(b));
    awaitScraped("from_b");
    awaitStale("from_a");
    Await.until("one target left", WAIT, () -> host.value(TARGETS) == 1);
  }

  @Test
  void httpSdTargetsFollowTheEndpoint() throws Exception {
    int a = target("from_a");
    int b = target("from_b");
    int c = target("from_c");
    String[] list = {groups(a, b)};
    int sd = serve("/sd", "application/json", () -> list[0]);
    start(Map.of("http_sd_configs", List.of(Map.of("url", "http://127.0.0.1:" + sd + "/sd",
        "refresh_interval", "1s"))));
    awaitScraped("from_a");
    awaitScraped("from_b");
    Await.until("two targets", WAIT, () -> host.value(TARGETS) == 2);

    list[0] = groups(b, c);
    awaitScraped("from_c");
    awaitStale("from_a");
    Await.until("two targets again", WAIT, () -> host.value(TARGETS) == 2);
    // b was listed both times: the same target, so its loop (and its series) went on unmarked.
    assertEquals(0, points("from_b").stream().filter(p -> p.getFlags() == 1).count());
  }

  @Test
  void kubernetesPodsAppearingAndDisappearingChangeTheTargets() throws Exception {
    KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    api.init(InetAddress.getByName("127.0.0.1"), 0);
    KubernetesClient kube = api.createClient(new JdkHttpClientFactory());
    try {
      int a = target("from_a");
      int b = target("from_b");
      kube.pods().inNamespace("shop").resource(pod("web-a", a, true)).create();
      kube.pods().inNamespace("shop").resource(pod("web-off", b, false)).create();
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("kubernetes_sd_configs", List.of(Map.of("role", "pod",
          "api_server", "http://127.0.0.1:" + api.getPort(), "namespaces", Map.of("names", List.of("shop")))));
      // The pod-annotation job of config/examples/prometheus-kubernetes-pods.yaml, in short.
      job.put("relabel_configs", List.of(
          Map.of("source_labels", List.of("__meta_kubernetes_pod_annotation_prometheus_io_scrape"),
              "action", "keep", "regex", "true"),
          Map.of("source_labels", List.of("__meta_kubernetes_pod_name"), "target_label", "pod")));
      start(job);
      awaitScraped("from_a");
      assertEquals(List.of(), points("from_b"), "a pod without prometheus.io/scrape is not scraped");

      kube.pods().inNamespace("shop").resource(pod("web-b", b, true)).create();
      awaitScraped("from_b");
      kube.pods().inNamespace("shop").withName("web-a").delete();
      awaitStale("from_a");
      Await.until("one target left", WAIT, () -> host.value(TARGETS) == 1);
    } finally {
      receivers.forEach(r -> r.shutdown(Duration.ofSeconds(5)));
      kube.close();
      try {
        api.destroy();
      } catch (IllegalStateException e) {
        // As in KubernetesDiscovererTest: on JDK 17 an idle keep-alive connection may outlive the
        // mock server's 10 s wait; its port is released all the same.
      }
    }
  }

  /** A running pod at 127.0.0.1 whose one container port is a local target. */
  private static Pod pod(String name, int port, boolean scrape) {
    return new PodBuilder().withNewMetadata().withNamespace("shop").withName(name)
        .addToAnnotations("prometheus.io/scrape", Boolean.toString(scrape)).endMetadata()
        .withNewSpec().addToContainers(new ContainerBuilder().withName("app").withImage("app:1")
            .addNewPort().withName("metrics").withContainerPort(port).withProtocol("TCP").endPort().build())
        .endSpec()
        .withNewStatus().withPodIP("127.0.0.1").withPhase("Running").endStatus().build();
  }
}
