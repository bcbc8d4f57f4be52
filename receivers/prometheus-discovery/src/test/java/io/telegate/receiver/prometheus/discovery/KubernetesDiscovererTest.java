package io.telegate.receiver.prometheus.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against fabric8's mock API server in CRUD mode: real list and watch responses over HTTP on 127.0.0.1. */
class KubernetesDiscovererTest {

  private KubernetesMockServer server;
  private KubernetesClient kube;

  @BeforeEach
  void startServer() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    kube = server.createClient(new JdkHttpClientFactory());
  }

  @AfterEach
  void stopServer() {
    kube.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // The mock server waits 10 s for its connections to go; on JDK 17 the JDK HTTP client cannot
      // be closed, so an idle keep-alive connection of the discoverer's client may outlive it. The
      // server's port is still released; what the test asserted is unaffected.
    }
  }

  private FullSet discover(String role, String extra) {
    return new FullSet(ServiceDiscoveryTest.yaml("""
        kubernetes_sd_configs:
          - role: %s
            api_server: http://127.0.0.1:%d
        %s""".formatted(role, server.getPort(), extra.indent(4))), "k8s");
  }

  private static Pod pod(String ns, String name, String ip, Map<String, String> labels) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .withLabels(labels).addToAnnotations("prometheus.io/scrape", "true")
        .addNewOwnerReference().withKind("ReplicaSet").withName("rs-" + name).withController(true)
        .withApiVersion("apps/v1").withUid("rs").endOwnerReference().endMetadata()
        .withNewSpec().withNodeName("node-1")
        .addToContainers(new ContainerBuilder().withName("app").withImage("app:1")
            .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
            .addNewPort().withName("metrics").withContainerPort(9090).withProtocol("TCP").endPort().build())
        .addToContainers(new ContainerBuilder().withName("sidecar").withImage("side:2").build())
        .endSpec()
        .withNewStatus().withPodIP(ip).withHostIP("10.0.0.1").withPhase("Running")
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewContainerStatus().withName("app").withContainerID("containerd://abc").endContainerStatus()
        .endStatus().build();
  }

  @Test
  void podsAppearingAndDisappearingChangeTheTargets() {
    Pod created =
        kube.pods().inNamespace("shop").resource(pod("shop", "web-1", "10.1.0.1", Map.of("app", "web"))).create();
    try (FullSet set = discover("pod", "")) {
      List<TargetGroup> groups = set.awaitAddresses("10.1.0.1:8080", "10.1.0.1:9090", "10.1.0.1");
      assertEquals("pod/shop/web-1", groups.get(0).source());
      Map<String, String> shared = groups.get(0).labels();
      assertEquals("web-1", shared.get("__meta_kubernetes_pod_name"));
      assertEquals("shop", shared.get("__meta_kubernetes_namespace"));
      assertEquals("10.1.0.1", shared.get("__meta_kubernetes_pod_ip"));
      assertEquals("true", shared.get("__meta_kubernetes_pod_ready"));
      assertEquals("Running", shared.get("__meta_kubernetes_pod_phase"));
      assertEquals("node-1", shared.get("__meta_kubernetes_pod_node_name"));
      assertEquals("10.0.0.1", shared.get("__meta_kubernetes_pod_host_ip"));
      // The API server gives the UID.
      assertEquals(created.getMetadata().getUid(), shared.get("__meta_kubernetes_pod_uid"));
      assertEquals("ReplicaSet", shared.get("__meta_kubernetes_pod_controller_kind"));
      assertEquals("rs-web-1", shared.get("__meta_kubernetes_pod_controller_name"));
      assertEquals("web", shared.get("__meta_kubernetes_pod_label_app"));
      assertEquals("true", shared.get("__meta_kubernetes_pod_labelpresent_app"));
      assertEquals("true", shared.get("__meta_kubernetes_pod_annotation_prometheus_io_scrape"));
      assertEquals("true", shared.get("__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape"));
      Map<String, Map<String, String>> targets = FullSet.merged(groups);
      assertEquals(Map.of("__address__", "10.1.0.1:9090",
              "__meta_kubernetes_pod_container_name", "app",
              "__meta_kubernetes_pod_container_image", "app:1",
              "__meta_kubernetes_pod_container_init", "false",
              "__meta_kubernetes_pod_container_id", "containerd://abc",
              "__meta_kubernetes_pod_container_port_name", "metrics",
              "__meta_kubernetes_pod_container_port_number", "9090",
              "__meta_kubernetes_pod_container_port_protocol", "TCP"),
          onlyTarget(groups, "10.1.0.1:9090"));
      assertEquals("sidecar", targets.get("10.1.0.1").get("__meta_kubernetes_pod_container_name"));

      kube.pods().inNamespace("other").resource(pod("other", "api-1", "10.2.0.1", Map.of("app", "api"))).create();
      set.awaitAddresses("10.1.0.1:8080", "10.1.0.1:9090", "10.1.0.1", "10.2.0.1:8080", "10.2.0.1:9090",
          "10.2.0.1");
      kube.pods().inNamespace("shop").withName("web-1").delete();
      set.awaitAddresses("10.2.0.1:8080", "10.2.0.1:9090", "10.2.0.1");
    }
  }

  @Test
  void shutdownAfterTheInformersSyncedLogsNoError() {
    kube.pods().inNamespace("shop").resource(pod("shop", "web-1", "10.1.0.1", Map.of())).create();
    FullSet set = discover("pod", "");
    set.awaitAddresses("10.1.0.1:8080", "10.1.0.1:9090", "10.1.0.1");
    assertEquals(List.of(), problemsLoggedWhile(set::close));
  }

  @Test
  void shutdownBeforeTheFirstListAnsweredLogsNoError() throws Exception {
    // An API server that takes connections and never answers: the informers are still starting.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (IOException closed) {
          // The test is over.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      FullSet set = new FullSet(ServiceDiscoveryTest.yaml("""
          kubernetes_sd_configs:
            - role: endpoints
              api_server: http://127.0.0.1:%d
          """.formatted(silent.getLocalPort())), "k8s");
      Await.until("the discoverer's list requests", FullSet.WAIT, () -> !held.isEmpty(), held::toString);
      assertEquals(List.of(), problemsLoggedWhile(set::close));
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** The warnings and errors the gateway's logger records while {@code action} runs. */
  private static List<String> problemsLoggedWhile(Runnable action) {
    List<String> logged = new CopyOnWriteArrayList<>();
    GatewayLogger.Listener listener = (time, level, msg, attributes, error) -> {
      if (level.compareTo(GatewayLogger.Level.WARN) >= 0) {
        logged.add(level + " " + msg + " " + attributes);
      }
    };
    GatewayLogger.forgetRateLimits();
    GatewayLogger.addListener(listener);
    try {
      action.run();
    } finally {
      GatewayLogger.removeListener(listener);
    }
    return logged;
  }

  @Test
  void aPodWithoutAnIpHasNoTargetsUntilItGetsOne() {
    kube.pods().inNamespace("shop").resource(pod("shop", "web-1", null, Map.of())).create();
    kube.pods().inNamespace("shop").resource(pod("shop", "web-2", "10.1.0.2", Map.of())).create();
    try (FullSet set = discover("pod", "")) {
      set.awaitAddresses("10.1.0.2:8080", "10.1.0.2:9090", "10.1.0.2");
      kube.pods().inNamespace("shop").resource(pod("shop", "web-1", "10.1.0.1", Map.of())).update();
      set.awaitAddresses("10.1.0.2:8080", "10.1.0.2:9090", "10.1.0.2", "10.1.0.1:8080", "10.1.0.1:9090",
          "10.1.0.1");
    }
  }

  @Test
  void namespacesAndLabelSelectorsLimitWhatIsWatched() {
    kube.pods().inNamespace("shop").resource(pod("shop", "web-1", "10.1.0.1", Map.of("app", "web"))).create();
    kube.pods().inNamespace("shop").resource(pod("shop", "db-1", "10.1.0.2", Map.of("app", "db"))).create();
    kube.pods().inNamespace("other").resource(pod("other", "web-2", "10.2.0.1", Map.of("app", "web"))).create();
    try (FullSet set = discover("pod", """
        namespaces: {names: [shop]}
        selectors:
          - role: pod
            label: app=web
        """)) {
      set.awaitAddresses("10.1.0.1:8080", "10.1.0.1:9090", "10.1.0.1");
      kube.pods().inNamespace("shop").resource(pod("shop", "web-3", "10.1.0.3", Map.of("app", "web"))).create();
      kube.pods().inNamespace("other").resource(pod("other", "web-4", "10.2.0.4", Map.of("app", "web"))).create();
      set.awaitAddresses("10.1.0.1:8080", "10.1.0.1:9090", "10.1.0.1", "10.1.0.3:8080", "10.1.0.3:9090",
          "10.1.0.3");
    }
  }

  @Test
  void servicesAreOneTargetPerPortAtTheirDnsName() {
    kube.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").addToLabels("tier", "front").endMetadata().withNewSpec().withType("ClusterIP")
        .withClusterIP("10.96.0.10").addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
        .endSpec().build()).create();
    try (FullSet set = discover("service", "")) {
      List<TargetGroup> groups = set.awaitAddresses("web.shop.svc:80");
      assertEquals("svc/shop/web", groups.get(0).source());
      Map<String, String> t = FullSet.merged(groups).get("web.shop.svc:80");
      assertEquals("web", t.get("__meta_kubernetes_service_name"));
      assertEquals("shop", t.get("__meta_kubernetes_namespace"));
      assertEquals("front", t.get("__meta_kubernetes_service_label_tier"));
      assertEquals("http", t.get("__meta_kubernetes_service_port_name"));
      assertEquals("80", t.get("__meta_kubernetes_service_port_number"));
      assertEquals("TCP", t.get("__meta_kubernetes_service_port_protocol"));
      assertEquals("ClusterIP", t.get("__meta_kubernetes_service_type"));
      assertEquals("10.96.0.10", t.get("__meta_kubernetes_service_cluster_ip"));
      kube.services().inNamespace("shop").withName("web").delete();
      set.await("no targets", List::isEmpty);
    }
  }

  @Test
  void nodesAreTheKubeletAtTheirInternalIp() {
    kube.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").addToLabels("zone", "a")
        .endMetadata().withNewSpec().withProviderID("aws:///i-1").endSpec().withNewStatus()
        .addNewAddress().withType("Hostname").withAddress("node-1.local").endAddress()
        .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
        .endStatus().build()).create();
    try (FullSet set = discover("node", "")) {
      List<TargetGroup> groups = set.awaitAddresses("10.0.0.1:10250");
      Map<String, String> t = FullSet.merged(groups).get("10.0.0.1:10250");
      assertEquals("node/node-1", groups.get(0).source());
      assertEquals("node-1", t.get("instance"));
      assertEquals("node-1", t.get("__meta_kubernetes_node_name"));
      assertEquals("aws:///i-1", t.get("__meta_kubernetes_node_provider_id"));
      assertEquals("a", t.get("__meta_kubernetes_node_label_zone"));
      assertEquals("10.0.0.1", t.get("__meta_kubernetes_node_address_InternalIP"));
      assertEquals("node-1.local", t.get("__meta_kubernetes_node_address_Hostname"));
    }
  }

  @Test
  void endpointsCarryTheirPodAndServiceAndThePodsOtherPorts() {
    kube.pods().inNamespace("shop").resource(pod("shop", "web-1", "10.1.0.1", Map.of("app", "web"))).create();
    kube.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").addToLabels("tier", "front").endMetadata().withNewSpec().addNewPort().withPort(8080)
        .endPort().endSpec().build()).create();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").addToLabels("team", "a")
        .endMetadata().build()).create();
    kube.endpoints().inNamespace("shop").resource(new EndpointsBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").endMetadata().addNewSubset()
        .addNewAddress().withIp("10.1.0.1").withNodeName("node-1").withNewTargetRef().withKind("Pod")
        .withNamespace("shop").withName("web-1").endTargetRef().endAddress()
        .addNewNotReadyAddress().withIp("10.1.0.9").endNotReadyAddress()
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset().build()).create();
    try (FullSet set = discover("endpoints", "attach_metadata: {namespace: true}")) {
      List<TargetGroup> groups = set.awaitAddresses("10.1.0.1:8080", "10.1.0.9:8080", "10.1.0.1:9090");
      assertEquals("endpoints/shop/web", groups.get(0).source());
      Map<String, Map<String, String>> t = FullSet.merged(groups);
      Map<String, String> ready = t.get("10.1.0.1:8080");
      assertEquals("web", ready.get("__meta_kubernetes_endpoints_name"));
      assertEquals("true", ready.get("__meta_kubernetes_endpoint_ready"));
      assertEquals("http", ready.get("__meta_kubernetes_endpoint_port_name"));
      assertEquals("TCP", ready.get("__meta_kubernetes_endpoint_port_protocol"));
      assertEquals("node-1", ready.get("__meta_kubernetes_endpoint_node_name"));
      assertEquals("Pod", ready.get("__meta_kubernetes_endpoint_address_target_kind"));
      assertEquals("web-1", ready.get("__meta_kubernetes_endpoint_address_target_name"));
      assertEquals("web-1", ready.get("__meta_kubernetes_pod_name"));
      assertEquals("app", ready.get("__meta_kubernetes_pod_container_name"));
      assertEquals("http", ready.get("__meta_kubernetes_pod_container_port_name"));
      assertEquals("web", ready.get("__meta_kubernetes_service_name"));
      assertEquals("front", ready.get("__meta_kubernetes_service_label_tier"));
      assertEquals("a", ready.get("__meta_kubernetes_namespace_label_team"));
      assertEquals("false", t.get("10.1.0.9:8080").get("__meta_kubernetes_endpoint_ready"));
      Map<String, String> other = t.get("10.1.0.1:9090");
      assertEquals("metrics", other.get("__meta_kubernetes_pod_container_port_name"));
      assertEquals(null, other.get("__meta_kubernetes_endpoint_ready"));
      kube.pods().inNamespace("shop").withName("web-1").delete();
      set.await("the pod's labels gone", g -> FullSet.addresses(g).equals(Set.of("10.1.0.1:8080", "10.1.0.9:8080"))
          && FullSet.merged(g).get("10.1.0.1:8080").get("__meta_kubernetes_pod_name") == null);
    }
  }

  @Test
  void endpointSlicesAreOneTargetPerEndpointAndPort() {
    kube.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build())
        .create();
    kube.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder().withNewMetadata()
        .withNamespace("shop").withName("web-abc").addToLabels("kubernetes.io/service-name", "web").endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses("10.1.0.1").withNodeName("node-1").withZone("z1").withNewConditions()
        .withReady(true).withServing(true).withTerminating(false).endConditions().endEndpoint()
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").withAppProtocol("http").endPort()
        .build()).create();
    try (FullSet set = discover("endpointslice", "")) {
      List<TargetGroup> groups = set.awaitAddresses("10.1.0.1:8080");
      assertEquals("endpointslice/shop/web-abc", groups.get(0).source());
      Map<String, String> t = FullSet.merged(groups).get("10.1.0.1:8080");
      assertEquals("web-abc", t.get("__meta_kubernetes_endpointslice_name"));
      assertEquals("IPv4", t.get("__meta_kubernetes_endpointslice_address_type"));
      assertEquals("8080", t.get("__meta_kubernetes_endpointslice_port"));
      assertEquals("http", t.get("__meta_kubernetes_endpointslice_port_name"));
      assertEquals("TCP", t.get("__meta_kubernetes_endpointslice_port_protocol"));
      assertEquals("http", t.get("__meta_kubernetes_endpointslice_port_app_protocol"));
      assertEquals("true", t.get("__meta_kubernetes_endpointslice_endpoint_conditions_ready"));
      assertEquals("true", t.get("__meta_kubernetes_endpointslice_endpoint_conditions_serving"));
      assertEquals("false", t.get("__meta_kubernetes_endpointslice_endpoint_conditions_terminating"));
      assertEquals("node-1", t.get("__meta_kubernetes_endpointslice_endpoint_node_name"));
      assertEquals("z1", t.get("__meta_kubernetes_endpointslice_endpoint_zone"));
      assertEquals("web", t.get("__meta_kubernetes_service_name"));
      assertEquals("web", t.get("__meta_kubernetes_endpointslice_label_kubernetes_io_service_name"));
    }
  }

  @Test
  void validatesRoleConnectionAndSelectors() {
    List<String> errors = ServiceDiscovery.validate(ServiceDiscoveryTest.yaml("""
        kubernetes_sd_configs:
          - {}
          - role: pods
          - role: pod
            api_server: https://k8s
            kubeconfig_file: /kube/config
          - role: pod
            basic_auth: {username: a, password: b}
          - role: service
            selectors:
              - {role: pod, label: a=b}
              - {role: service, field: metadata.name}
              - {role: service}
          - role: ingress
        """), "scrape_configs[0]");
    assertEquals(List.of(
        "scrape_configs[0]::kubernetes_sd_configs[0]::role: role missing (one of: pod, service, endpoints,"
            + " endpointslice, node)",
        "scrape_configs[0]::kubernetes_sd_configs[1]::role: unknown Kubernetes SD role 'pods' (expected: pod,"
            + " service, endpoints, endpointslice or node)",
        "scrape_configs[0]::kubernetes_sd_configs[2]: cannot use 'kubeconfig_file' and 'api_server' simultaneously",
        "scrape_configs[0]::kubernetes_sd_configs[3]: to use custom HTTP client configuration please provide the"
            + " 'api_server' URL explicitly",
        "scrape_configs[0]::kubernetes_sd_configs[4]::selectors[0]::role: service role supports only service"
            + " selectors",
        "scrape_configs[0]::kubernetes_sd_configs[4]::selectors[1]::field: invalid field selector term"
            + " 'metadata.name' (expected: key=value or key!=value, separated by commas)",
        "scrape_configs[0]::kubernetes_sd_configs[4]::selectors[2]::role: duplicated selector role: service",
        "scrape_configs[0]::kubernetes_sd_configs[5]::role: role 'ingress' is not supported by Telegate yet"),
        errors);
  }

  private static Map<String, String> onlyTarget(List<TargetGroup> groups, String address) {
    for (TargetGroup g : groups) {
      for (Map<String, String> t : g.targets()) {
        if (address.equals(t.get("__address__"))) {
          return t;
        }
      }
    }
    throw new AssertionError("no target " + address);
  }
}
