package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.telegate.core.component.HostPort;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.extension.HealthCheckConfig;
import io.telegate.receiver.filelog.fileconsumer.Globs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every file under deploy/ parses, and its ports, probes and config names match the code. */
class DeployFilesTest {

  static final Path ROOT = Path.of("..");
  static final Path DEPLOY = ROOT.resolve("deploy");
  private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int METRICS_PORT = ConfigResolver.DEFAULT_METRICS_PORT;
  private static final int HEALTH_CHECK_PORT = HostPort.parse(HealthCheckConfig.DEFAULT.endpoint()).port();
  private static final int OTLP_GRPC = 4317;
  private static final int OTLP_HTTP = 4318;

  private static List<Path> files(String... suffixes) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(DEPLOY)) {
      s.filter(Files::isRegularFile).filter(p -> {
        for (String suffix : suffixes) {
          if (p.toString().endsWith(suffix)) {
            return true;
          }
        }
        return false;
      }).sorted().forEach(out::add);
    }
    return out;
  }

  private static List<JsonNode> yamlDocs(Path p) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(p.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        docs.add(it.next());
      }
    }
    return docs;
  }

  @Test
  void everyYamlAndJsonFileUnderDeployParses() throws IOException {
    List<Path> all = files(".yaml", ".yml", ".json");
    assertTrue(all.size() >= 15, "expected the compose, kubernetes and grafana files, got " + all);
    for (Path p : all) {
      if (p.toString().endsWith(".json")) {
        JSON.readTree(p.toFile());
      } else {
        assertFalse(yamlDocs(p).isEmpty(), p + " is empty");
      }
    }
  }

  @Test
  void dockerfileExposesTheDefaultPortsAndChecksLiveness() throws IOException {
    String docker = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(docker.contains("EXPOSE " + OTLP_GRPC + " " + OTLP_HTTP + " " + METRICS_PORT + " " + HEALTH_CHECK_PORT),
        docker);
    assertTrue(docker.contains("http://127.0.0.1:" + METRICS_PORT + "/health/live"), docker);
    assertTrue(docker.contains("USER 10001"), "runs as non-root");
    assertTrue(docker.contains("/opt/telegate/config/gateway.yaml"), docker);
    assertTrue(Files.exists(ROOT.resolve("config/gateway.yaml")));
  }

  @Test
  void composeRunsTelegateOnTheSeedConfigWithItsPorts() throws IOException {
    JsonNode compose = yamlDocs(DEPLOY.resolve("compose/docker-compose.yaml")).get(0);
    JsonNode telegate = compose.at("/services/telegate");
    Set<String> ports = new LinkedHashSet<>();
    telegate.get("ports").forEach(p -> ports.add(p.asText()));
    for (int port : new int[] {OTLP_GRPC, OTLP_HTTP, METRICS_PORT, HEALTH_CHECK_PORT}) {
      assertTrue(ports.contains(port + ":" + port), "port " + port + " in " + ports);
    }
    assertTrue(telegate.get("volumes").get(0).asText().startsWith("../../config/gateway.yaml:"));
    for (String svc : new String[] {"victoriametrics", "vmalert", "loki", "jaeger", "grafana"}) {
      assertTrue(compose.at("/services/" + svc).isObject(), svc);
    }
    assertEquals("http://victoriametrics:8428/api/v1/write", telegate.at("/environment/PRW_ENDPOINT").asText());
  }

  @Test
  void vmalertLoadsEverySeedAlertRule() throws IOException {
    JsonNode rules = yamlDocs(DEPLOY.resolve("compose/vmalert/platform-kernel.yaml")).get(0);
    Set<String> names = new LinkedHashSet<>();
    rules.get("groups").forEach(g -> g.get("rules").forEach(r -> names.add(r.get("alert").asText())));
    assertEquals(Set.of("CDCLagCritical", "WALBloatCritical", "ErrorRateCritical", "PodNotReady",
        "VaultUnreachable", "KafkaConsumerLagHigh", "P99LatencyWarning", "CircuitBreakerOpen",
        "HoldWorkerHeartbeatMissed"), names);
  }

  @Test
  void kubernetesProbesAndPortsMatchTheGatewayDefaults() throws IOException {
    JsonNode deployment = yamlDocs(DEPLOY.resolve("kubernetes/gateway/deployment.yaml")).get(0);
    JsonNode c = deployment.at("/spec/template/spec/containers/0");
    assertEquals("/health/live", c.at("/livenessProbe/httpGet/path").asText());
    assertEquals("/health/ready", c.at("/readinessProbe/httpGet/path").asText());
    assertEquals(METRICS_PORT, c.at("/livenessProbe/httpGet/port").asInt());
    Set<Integer> ports = new LinkedHashSet<>();
    c.get("ports").forEach(p -> ports.add(p.get("containerPort").asInt()));
    assertEquals(Set.of(OTLP_GRPC, OTLP_HTTP, METRICS_PORT, HEALTH_CHECK_PORT), ports);
    JsonNode sidecar = yamlDocs(DEPLOY.resolve("kubernetes/sidecar/telegate-sidecar.yaml")).get(0);
    JsonNode s = sidecar.at("/spec/template/spec/containers/0");
    assertEquals("/health/ready", s.at("/readinessProbe/httpGet/path").asText());
    assertEquals(METRICS_PORT, s.at("/readinessProbe/httpGet/port").asInt());
  }

  @Test
  void kubernetesGatewayConfigIsTheShippedGatewayConfig() throws IOException {
    assertEquals(Files.readString(ROOT.resolve("config/gateway.yaml")),
        Files.readString(DEPLOY.resolve("kubernetes/gateway/gateway.yaml")));
  }

  @Test
  void daemonsetConfigIsTheKubernetesLogsExample() throws IOException {
    assertEquals(Files.readString(ROOT.resolve("config/examples/kubernetes-logs.yaml")),
        Files.readString(DEPLOY.resolve("kubernetes/daemonset/kubernetes-logs.yaml")));
    JsonNode generator = yamlDocs(DEPLOY.resolve("kubernetes/daemonset/kustomization.yaml")).get(0)
        .at("/configMapGenerator/0");
    assertEquals("kubernetes-logs.yaml=kubernetes-logs.yaml", generator.at("/files/0").asText());
    JsonNode pod = daemonSet().at("/spec/template/spec");
    JsonNode c = pod.at("/containers/0");
    assertEquals("/etc/telegate/kubernetes-logs.yaml", c.at("/args/1").asText(), "runs the ConfigMap's file");
    assertEquals("/etc/telegate", mount(c, "config").get("mountPath").asText());
    assertEquals(generator.get("name").asText(), volume(pod, "config").at("/configMap/name").asText());
  }

  @Test
  void daemonsetMountsTheHostPathsItsConfigReadsAndWrites() throws IOException {
    JsonNode pod = daemonSet().at("/spec/template/spec");
    JsonNode c = pod.at("/containers/0");
    Map<String, Object> filelog = daemonSetConfig(c, "receivers", "filelog");
    List<String> globs = new ArrayList<>();
    ((List<?>) filelog.get("include")).forEach(g -> globs.add(g.toString()));
    ((List<?>) filelog.get("exclude")).forEach(g -> globs.add(g.toString()));
    for (String glob : globs) {
      JsonNode m = mountHolding(c, glob);
      assertTrue(m != null, () -> glob + " is in no volume mount");
      assertTrue(m.path("readOnly").asBoolean(), () -> "the logs are mounted read-only: " + m);
      assertEquals(m.get("mountPath").asText(), volume(pod, m.get("name").asText()).at("/hostPath/path").asText(),
          "the node's directory at the same path: the container operator reads pods from it");
    }
    String storage = filelog.get("storage").toString();
    String directory = daemonSetConfig(c, "extensions", storage).get("directory").toString();
    JsonNode m = mountHolding(c, directory + "/receiver_filelog_filelog");
    assertTrue(m != null, () -> directory + " is in no volume mount");
    assertFalse(m.path("readOnly").asBoolean(), "checkpoints are written");
    JsonNode hostPath = volume(pod, m.get("name").asText()).get("hostPath");
    assertTrue(hostPath != null, "checkpoints are kept on the node, for the next pod: " + volume(pod, m.get("name").asText()));
    assertEquals(directory, hostPath.get("path").asText());
    assertEquals("DirectoryOrCreate", hostPath.get("type").asText());
  }

  @Test
  void daemonsetDoesNotReadItsOwnLogButEveryOtherContainers() throws IOException {
    JsonNode ds = daemonSet();
    JsonNode c = ds.at("/spec/template/spec/containers/0");
    Map<String, Object> filelog = daemonSetConfig(c, "receivers", "filelog");
    Globs include = Globs.compile(strings(filelog.get("include")));
    Globs exclude = Globs.compile(strings(filelog.get("exclude")));
    String namespace = yamlDocs(DEPLOY.resolve("kubernetes/daemonset/kustomization.yaml")).get(0).get("namespace").asText();
    // The kubelet's path of a container's log: /var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log,
    // a DaemonSet's pod being named <daemonset>-<5 characters>.
    Path own = Path.of("/var/log/pods", namespace + "_" + ds.at("/metadata/name").asText() + "-x7k2p_"
        + "2b3c4d5e-6f70-4192-a3b4-c5d6e7f8091a", c.get("name").asText(), "0.log");
    assertTrue(include.matches(own) && exclude.matches(own), own + " is left out");
    Path app = Path.of("/var/log/pods/platform-services_iam-6d8f7b9c4-x2x7q_0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b/iam/3.log");
    assertTrue(include.matches(app) && !exclude.matches(app), app + " is read");
    Path sibling = Path.of("/var/log/pods", namespace + "_telegate-6f7d8c9b5-abcde_"
        + "3c4d5e6f-7081-4293-b4c5-d6e7f8091a2b", "telegate", "0.log");
    assertFalse(exclude.matches(sibling), "the gateway tier's pods are other pods: " + sibling);
  }

  @Test
  void daemonsetRunsOnEveryNodeWithItsOwnServiceAccountAndProbes() throws IOException {
    JsonNode pod = daemonSet().at("/spec/template/spec");
    List<JsonNode> tolerations = new ArrayList<>();
    pod.get("tolerations").forEach(tolerations::add);
    assertTrue(tolerations.stream().anyMatch(t -> "Exists".equals(t.path("operator").asText()) && !t.has("key")
        && !t.has("effect")), "tolerates every taint: " + tolerations);
    JsonNode account = yamlDocs(DEPLOY.resolve("kubernetes/daemonset/serviceaccount.yaml")).get(0);
    assertEquals(account.at("/metadata/name").asText(), pod.get("serviceAccountName").asText());
    JsonNode c = pod.at("/containers/0");
    assertEquals("/health/live", c.at("/livenessProbe/httpGet/path").asText());
    assertEquals("/health/ready", c.at("/readinessProbe/httpGet/path").asText());
    assertEquals(METRICS_PORT, c.at("/readinessProbe/httpGet/port").asInt());
    assertEquals(METRICS_PORT, c.at("/ports/0/containerPort").asInt(), "self-metrics");
    assertTrue(c.at("/resources/limits/memory").isTextual(), "a memory limit sizes the heap");
    assertTrue(c.at("/resources/requests/cpu").isTextual());
  }

  private static JsonNode daemonSet() throws IOException {
    return yamlDocs(DEPLOY.resolve("kubernetes/daemonset/daemonset.yaml")).get(0);
  }

  /** A section of the DaemonSet's config, its {@code ${env:...}} from the container's env. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> daemonSetConfig(JsonNode container, String section, String id) {
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText()));
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(env::get).load(
        List.of(DEPLOY.resolve("kubernetes/daemonset/kubernetes-logs.yaml")), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    return (Map<String, Object>) ((Map<String, Object>) tree.get(section)).get(id);
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    ((List<?>) list).forEach(o -> out.add(o.toString()));
    return out;
  }

  private static JsonNode mount(JsonNode container, String name) {
    return named(container.get("volumeMounts"), name);
  }

  /** The mount under which a path (or a glob's directories before its first wildcard) lies, or null. */
  private static JsonNode mountHolding(JsonNode container, String path) {
    String fixed = path.replaceFirst("[*?\\[{].*$", "");
    for (JsonNode m : container.get("volumeMounts")) {
      String at = m.get("mountPath").asText();
      if (fixed.startsWith(at.endsWith("/") ? at : at + "/")) {
        return m;
      }
    }
    return null;
  }

  private static JsonNode volume(JsonNode podSpec, String name) {
    return named(podSpec.get("volumes"), name);
  }

  /** The item of a list of named Kubernetes objects (volumes, mounts) with this name. */
  private static JsonNode named(JsonNode items, String name) {
    for (JsonNode item : items) {
      if (name.equals(item.get("name").asText())) {
        return item;
      }
    }
    throw new AssertionError("nothing named " + name + " in " + items);
  }


  @Test
  void sidecarConfigValidates() {
    var out = new java.io.ByteArrayOutputStream();
    int code = new Main(new java.io.PrintStream(out), new java.io.PrintStream(out), k -> null,
        BuiltinComponents.all()).execute(new String[] {"validate", "--config",
            DEPLOY.resolve("kubernetes/sidecar/sidecar-gateway.yaml").toString()});
    assertEquals(0, code, out.toString());
  }

  @Test
  void victoriaMetricsScrapesTelegatesOwnMetrics() throws IOException {
    // Without it the provisioned dashboard, which reads only Telegate's /metrics, stays empty.
    JsonNode compose = yamlDocs(DEPLOY.resolve("compose/docker-compose.yaml")).get(0);
    List<String> command = new ArrayList<>();
    compose.at("/services/victoriametrics/command").forEach(c -> command.add(c.asText()));
    assertTrue(command.contains("-promscrape.config=/etc/victoriametrics/scrape.yaml"), command.toString());
    List<String> volumes = new ArrayList<>();
    compose.at("/services/victoriametrics/volumes").forEach(v -> volumes.add(v.asText()));
    assertTrue(volumes.contains("./victoriametrics/scrape.yaml:/etc/victoriametrics/scrape.yaml:ro"), volumes.toString());
    JsonNode scrape = yamlDocs(DEPLOY.resolve("compose/victoriametrics/scrape.yaml")).get(0);
    JsonNode job = scrape.at("/scrape_configs/0");
    assertEquals("telegate", job.get("job_name").asText());
    assertEquals("telegate:" + METRICS_PORT, job.at("/static_configs/0/targets/0").asText());
  }

  @Test
  void kubernetesPodsCarryTheScrapeAnnotations() throws IOException {
    for (String file : new String[] {"kubernetes/gateway/deployment.yaml", "kubernetes/sidecar/telegate-sidecar.yaml",
        "kubernetes/daemonset/daemonset.yaml"}) {
      JsonNode annotations = yamlDocs(DEPLOY.resolve(file)).get(0).at("/spec/template/metadata/annotations");
      assertEquals("true", annotations.path("prometheus.io/scrape").asText(), file);
      assertEquals(String.valueOf(METRICS_PORT), annotations.path("prometheus.io/port").asText(), file);
      assertEquals("/metrics", annotations.path("prometheus.io/path").asText(), file);
    }
  }

  /**
   * The objects ({@code group/resource}) a {@code kubernetes_sd_configs} role lists and watches, as
   * KubernetesDiscoverer opens its informers: endpoints and endpoint slices join services and pods.
   */
  private static final Map<String, List<String>> WATCHED_BY_ROLE = Map.of(
      "pod", List.of("/pods"),
      "service", List.of("/services"),
      "endpoints", List.of("/endpoints", "/services", "/pods"),
      "endpointslice", List.of("discovery.k8s.io/endpointslices", "/services", "/pods"),
      "node", List.of("/nodes"));

  @Test
  void gatewayServiceAccountMayWatchWhatTheKubernetesPodsExampleDiscovers() throws IOException {
    Path base = DEPLOY.resolve("kubernetes/gateway");
    List<JsonNode> rbac = yamlDocs(base.resolve("rbac.yaml"));
    JsonNode role = only(rbac, "ClusterRole");
    Set<String> granted = new LinkedHashSet<>();
    for (JsonNode rule : role.path("rules")) {
      Set<String> verbs = new LinkedHashSet<>();
      rule.path("verbs").forEach(v -> verbs.add(v.asText()));
      if (verbs.containsAll(List.of("get", "list", "watch"))) {
        for (JsonNode group : rule.path("apiGroups")) {
          rule.path("resources").forEach(r -> granted.add(group.asText() + "/" + r.asText()));
        }
      }
    }
    // The binding gives that role to the account the Deployment runs as, in the base's namespace.
    JsonNode binding = only(rbac, "ClusterRoleBinding");
    assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
    String account = yamlDocs(base.resolve("deployment.yaml")).get(0).at("/spec/template/spec/serviceAccountName")
        .asText();
    assertEquals(only(rbac, "ServiceAccount").at("/metadata/name").asText(), account);
    JsonNode subject = binding.path("subjects").get(0);
    assertEquals("ServiceAccount", subject.path("kind").asText());
    assertEquals(account, subject.path("name").asText());
    assertEquals(yamlDocs(base.resolve("kustomization.yaml")).get(0).path("namespace").asText(),
        subject.path("namespace").asText());

    Set<String> needed = new LinkedHashSet<>();
    JsonNode example = yamlDocs(ROOT.resolve("config/examples/prometheus-kubernetes-pods.yaml")).get(0);
    for (JsonNode job : example.at("/receivers/prometheus/config/scrape_configs")) {
      for (JsonNode sd : job.path("kubernetes_sd_configs")) {
        needed.addAll(WATCHED_BY_ROLE.get(sd.path("role").asText()));
        if (sd.at("/attach_metadata/node").asBoolean(false)) {
          needed.add("/nodes");
        }
        if (sd.at("/attach_metadata/namespace").asBoolean(false)) {
          needed.add("/namespaces");
        }
      }
    }
    assertTrue(needed.contains("/pods"), "the example discovers pods: " + needed);
    assertTrue(granted.containsAll(needed), "granted " + granted + ", the example needs " + needed);
    // And every role the receiver supports, so that a user adding another job needs no other rule.
    WATCHED_BY_ROLE.values().forEach(objects -> assertTrue(granted.containsAll(objects), objects.toString()));
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> of = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertEquals(1, of.size(), "one " + kind);
    return of.get(0);
  }

  // What the Grafana dashboard queries is checked against a running gateway's /metrics by
  // DashboardQueriesTest.

  @Test
  void kustomizeRendersEveryBase() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed");
    for (String base : new String[] {"gateway", "sidecar", "daemonset"}) {
      Process p = new ProcessBuilder("/usr/bin/kubectl", "kustomize", DEPLOY.resolve("kubernetes/" + base).toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains(base.equals("daemonset") ? "kind: DaemonSet" : "kind: Deployment"), out);
      if (base.equals("daemonset")) {
        for (String kind : new String[] {"ServiceAccount", "ConfigMap"}) {
          assertTrue(out.contains("kind: " + kind), kind);
        }
        assertTrue(out.contains("name: telegate-logs-config-"), "the generated ConfigMap's hashed name: " + out);
      } else if (base.equals("gateway")) {
        for (String kind : new String[] {"Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap",
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding"}) {
          assertTrue(out.contains("kind: " + kind), kind);
        }
      } else {
        assertTrue(out.contains("name: telegate") && out.contains("name: app"), out);
      }
    }
  }
}
