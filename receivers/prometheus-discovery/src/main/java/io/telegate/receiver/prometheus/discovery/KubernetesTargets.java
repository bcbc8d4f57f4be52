package io.telegate.receiver.prometheus.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes objects as Prometheus's Kubernetes discovery turns them into target groups: the
 * sources ({@code pod/ns/name}, {@code svc/ns/name}, {@code endpoints/ns/name}, {@code
 * endpointslice/ns/name}, {@code node/name}), addresses and every {@code __meta_kubernetes_*} label
 * of each role. Pure functions of the objects and of the caches it is given.
 */
final class KubernetesTargets {

  static final String META = "__meta_kubernetes_";
  static final String NAMESPACE = META + "namespace";
  static final String POD = META + "pod_";
  static final String SERVICE = META + "service_";
  static final String NODE = META + "node_";
  static final String ENDPOINTS = META + "endpoints_";
  static final String ENDPOINT = META + "endpoint_";
  static final String SLICE = META + "endpointslice_";
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  /** The node address types in the order Prometheus picks the target's address from. */
  private static final List<String> ADDRESS_ORDER =
      List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname");

  private final Map<String, Node> nodes;
  private final Map<String, Namespace> namespaces;
  private final Map<String, Service> services;
  private final Map<String, Pod> pods;

  /**
   * @param nodes by name, for {@code attach_metadata.node} (empty when off)
   * @param namespaces by name, for {@code attach_metadata.namespace} (empty when off)
   * @param services by {@code ns/name}, for the endpoints roles
   * @param pods by {@code ns/name}, for the endpoints roles
   */
  KubernetesTargets(Map<String, Node> nodes, Map<String, Namespace> namespaces, Map<String, Service> services,
      Map<String, Pod> pods) {
    this.nodes = nodes;
    this.namespaces = namespaces;
    this.services = services;
    this.pods = pods;
  }

  static String key(ObjectMeta m) {
    return m.getNamespace() + "/" + m.getName();
  }

  // ---- pod

  static String podSource(ObjectMeta m) {
    return "pod/" + key(m);
  }

  /** One target per container port, or one per container without ports; empty while the pod has no IP. */
  TargetGroup pod(Pod pod) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return TargetGroup.empty(podSource(pod.getMetadata()));
    }
    Map<String, String> labels = podLabels(pod);
    labels.put(NAMESPACE, pod.getMetadata().getNamespace());
    addNode(labels, pod.getSpec() == null ? null : pod.getSpec().getNodeName());
    addNamespace(labels, pod.getMetadata().getNamespace());
    List<Map<String, String>> targets = new ArrayList<>();
    forEachContainer(pod, (c, init) -> {
      String id = containerId(pod, c.getName(), init);
      if (c.getPorts() == null || c.getPorts().isEmpty()) {
        Map<String, String> t = new HashMap<>();
        t.put(TargetGroup.ADDRESS, ip);
        containerLabels(t, c, init);
        t.put(POD + "container_id", id);
        targets.add(t);
        return;
      }
      for (ContainerPort port : c.getPorts()) {
        Map<String, String> t = new HashMap<>();
        t.put(TargetGroup.ADDRESS, hostPort(ip, port.getContainerPort()));
        containerLabels(t, c, init);
        t.put(POD + "container_id", id);
        portLabels(t, port, port.getProtocol());
        targets.add(t);
      }
    });
    return new TargetGroup(podSource(pod.getMetadata()), targets, labels);
  }

  private interface ContainerVisitor {
    void visit(Container c, boolean init);
  }

  private static void forEachContainer(Pod pod, ContainerVisitor v) {
    if (pod.getSpec() == null) {
      return;
    }
    for (Container c : nullToEmpty(pod.getSpec().getContainers())) {
      v.visit(c, false);
    }
    for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
      v.visit(c, true);
    }
  }

  private static void containerLabels(Map<String, String> t, Container c, boolean init) {
    t.put(POD + "container_name", orEmpty(c.getName()));
    t.put(POD + "container_image", orEmpty(c.getImage()));
    t.put(POD + "container_init", Boolean.toString(init));
  }

  private static void portLabels(Map<String, String> t, ContainerPort port, String protocol) {
    t.put(POD + "container_port_name", orEmpty(port.getName()));
    t.put(POD + "container_port_number", Integer.toString(port.getContainerPort()));
    t.put(POD + "container_port_protocol", orEmpty(protocol == null ? "TCP" : protocol));
  }

  private static String containerId(Pod pod, String name, boolean init) {
    if (pod.getStatus() == null) {
      return "";
    }
    for (ContainerStatus s : nullToEmpty(init ? pod.getStatus().getInitContainerStatuses()
        : pod.getStatus().getContainerStatuses())) {
      if (name != null && name.equals(s.getName())) {
        return orEmpty(s.getContainerID());
      }
    }
    return "";
  }

  /** What every target of a pod shares, without the namespace. */
  static Map<String, String> podLabels(Pod pod) {
    Map<String, String> ls = new HashMap<>();
    ObjectMeta m = pod.getMetadata();
    var status = pod.getStatus();
    var spec = pod.getSpec();
    ls.put(POD + "name", orEmpty(m.getName()));
    ls.put(POD + "ip", status == null ? "" : orEmpty(status.getPodIP()));
    ls.put(POD + "ready", podReady(pod));
    ls.put(POD + "phase", status == null ? "" : orEmpty(status.getPhase()));
    ls.put(POD + "node_name", spec == null ? "" : orEmpty(spec.getNodeName()));
    ls.put(POD + "host_ip", status == null ? "" : orEmpty(status.getHostIP()));
    ls.put(POD + "uid", orEmpty(m.getUid()));
    for (OwnerReference o : nullToEmpty(m.getOwnerReferences())) {
      if (Boolean.TRUE.equals(o.getController())) {
        if (o.getKind() != null && !o.getKind().isEmpty()) {
          ls.put(POD + "controller_kind", o.getKind());
        }
        if (o.getName() != null && !o.getName().isEmpty()) {
          ls.put(POD + "controller_name", o.getName());
        }
        break;
      }
    }
    objectLabels(ls, POD, m);
    return ls;
  }

  private static String podReady(Pod pod) {
    if (pod.getStatus() != null) {
      for (PodCondition c : nullToEmpty(pod.getStatus().getConditions())) {
        if ("Ready".equals(c.getType())) {
          return orEmpty(c.getStatus()).toLowerCase(Locale.ROOT);
        }
      }
    }
    return "unknown";
  }

  // ---- service

  static String serviceSource(ObjectMeta m) {
    return "svc/" + key(m);
  }

  /** One target per port, addressed {@code name.namespace.svc:port}. */
  TargetGroup service(Service svc) {
    ObjectMeta m = svc.getMetadata();
    Map<String, String> labels = serviceLabels(svc);
    addNamespace(labels, m.getNamespace());
    List<Map<String, String>> targets = new ArrayList<>();
    var spec = svc.getSpec();
    String type = spec == null ? "" : orEmpty(spec.getType());
    for (ServicePort port : spec == null ? List.<ServicePort>of() : nullToEmpty(spec.getPorts())) {
      Map<String, String> t = new HashMap<>();
      t.put(TargetGroup.ADDRESS, hostPort(m.getName() + "." + m.getNamespace() + ".svc", port.getPort()));
      t.put(SERVICE + "port_name", orEmpty(port.getName()));
      t.put(SERVICE + "port_number", Integer.toString(port.getPort()));
      t.put(SERVICE + "port_protocol", orEmpty(port.getProtocol() == null ? "TCP" : port.getProtocol()));
      t.put(SERVICE + "type", type);
      if (type.equals("ExternalName")) {
        t.put(SERVICE + "external_name", orEmpty(spec.getExternalName()));
      } else {
        t.put(SERVICE + "cluster_ip", orEmpty(spec.getClusterIP()));
      }
      if (type.equals("LoadBalancer") && spec.getLoadBalancerIP() != null) {
        t.put(SERVICE + "loadbalancer_ip", spec.getLoadBalancerIP());
      }
      targets.add(t);
    }
    return new TargetGroup(serviceSource(m), targets, labels);
  }

  /** The service's name, namespace, labels and annotations, as both service and endpoints roles set them. */
  static Map<String, String> serviceLabels(Service svc) {
    Map<String, String> ls = new HashMap<>();
    ls.put(NAMESPACE, svc.getMetadata().getNamespace());
    ls.put(SERVICE + "name", svc.getMetadata().getName());
    objectLabels(ls, SERVICE, svc.getMetadata());
    return ls;
  }

  // ---- node

  static String nodeSource(ObjectMeta m) {
    return "node/" + m.getName();
  }

  /** One target at the node's first address (InternalIP first) and the kubelet's port; {@code instance} is the node name. */
  TargetGroup node(Node node) {
    ObjectMeta m = node.getMetadata();
    Map<String, String> addresses = new LinkedHashMap<>();
    var status = node.getStatus();
    for (NodeAddress a : status == null ? List.<NodeAddress>of() : nullToEmpty(status.getAddresses())) {
      addresses.putIfAbsent(a.getType(), a.getAddress());
    }
    String address = null;
    for (String type : ADDRESS_ORDER) {
      if (addresses.containsKey(type)) {
        address = addresses.get(type);
        break;
      }
    }
    if (address == null) {
      return TargetGroup.empty(nodeSource(m));
    }
    Map<String, String> labels = new HashMap<>();
    labels.put(NODE + "name", m.getName());
    labels.put(NODE + "provider_id", node.getSpec() == null ? "" : orEmpty(node.getSpec().getProviderID()));
    objectLabels(labels, NODE, m);
    int port = 10250;
    if (status.getDaemonEndpoints() != null && status.getDaemonEndpoints().getKubeletEndpoint() != null
        && status.getDaemonEndpoints().getKubeletEndpoint().getPort() != null) {
      port = status.getDaemonEndpoints().getKubeletEndpoint().getPort();
    }
    Map<String, String> t = new HashMap<>();
    t.put(TargetGroup.ADDRESS, hostPort(address, port));
    t.put("instance", m.getName());
    addresses.forEach((type, a) -> t.put(LabelNames.sanitize(NODE + "address_" + type), a));
    return new TargetGroup(nodeSource(m), List.of(t), labels);
  }

  // ---- endpoints

  static String endpointsSource(ObjectMeta m) {
    return "endpoints/" + key(m);
  }

  /**
   * One target per subset address and port (ready or not), with its pod's and service's labels,
   * and one per container port of those pods that no endpoint names.
   */
  TargetGroup endpoints(Endpoints eps) {
    ObjectMeta m = eps.getMetadata();
    Map<String, String> labels = new HashMap<>();
    labels.put(NAMESPACE, m.getNamespace());
    labels.put(ENDPOINTS + "name", m.getName());
    objectLabels(labels, ENDPOINTS, m);
    Service svc = services.get(key(m));
    if (svc != null) {
      labels.putAll(serviceLabels(svc));
    }
    addNamespace(labels, m.getNamespace());
    List<Map<String, String>> targets = new ArrayList<>();
    SeenPods seen = new SeenPods();
    for (EndpointSubset subset : nullToEmpty(eps.getSubsets())) {
      for (EndpointPort port : nullToEmpty(subset.getPorts())) {
        for (EndpointAddress a : nullToEmpty(subset.getAddresses())) {
          targets.add(endpointTarget(a, port, true, seen));
        }
        for (EndpointAddress a : nullToEmpty(subset.getNotReadyAddresses())) {
          targets.add(endpointTarget(a, port, false, seen));
        }
      }
    }
    seen.addUnseenPorts(targets);
    return new TargetGroup(endpointsSource(m), targets, labels);
  }

  private Map<String, String> endpointTarget(EndpointAddress a, EndpointPort port, boolean ready, SeenPods seen) {
    Map<String, String> t = new HashMap<>();
    t.put(TargetGroup.ADDRESS, hostPort(a.getIp(), port.getPort()));
    t.put(ENDPOINT + "port_name", orEmpty(port.getName()));
    t.put(ENDPOINT + "port_protocol", orEmpty(port.getProtocol() == null ? "TCP" : port.getProtocol()));
    t.put(ENDPOINT + "ready", Boolean.toString(ready));
    if (a.getHostname() != null && !a.getHostname().isEmpty()) {
      t.put(ENDPOINT + "hostname", a.getHostname());
    }
    if (a.getNodeName() != null && !a.getNodeName().isEmpty()) {
      t.put(ENDPOINT + "node_name", a.getNodeName());
      addNode(t, a.getNodeName());
    }
    ObjectReference ref = a.getTargetRef();
    if (ref != null) {
      t.put(ENDPOINT + "address_target_kind", orEmpty(ref.getKind()));
      t.put(ENDPOINT + "address_target_name", orEmpty(ref.getName()));
      addPod(t, ref, port.getPort(), port.getProtocol(), seen);
    }
    return t;
  }

  // ---- endpointslice

  static String sliceSource(ObjectMeta m) {
    return "endpointslice/" + key(m);
  }

  /** One target per endpoint (its first address) and port, with pod and service labels, as the endpoints role. */
  TargetGroup endpointSlice(EndpointSlice slice) {
    ObjectMeta m = slice.getMetadata();
    Map<String, String> labels = new HashMap<>();
    labels.put(NAMESPACE, m.getNamespace());
    labels.put(SLICE + "name", m.getName());
    labels.put(SLICE + "address_type", orEmpty(slice.getAddressType()));
    objectLabels(labels, SLICE, m);
    String serviceName = m.getLabels() == null ? null : m.getLabels().get(SERVICE_NAME_LABEL);
    Service svc = serviceName == null ? null : services.get(m.getNamespace() + "/" + serviceName);
    if (svc != null) {
      labels.putAll(serviceLabels(svc));
    }
    addNamespace(labels, m.getNamespace());
    List<Map<String, String>> targets = new ArrayList<>();
    SeenPods seen = new SeenPods();
    var ports = nullToEmpty(slice.getPorts());
    for (Endpoint ep : nullToEmpty(slice.getEndpoints())) {
      if (ep.getAddresses() == null || ep.getAddresses().isEmpty()) {
        continue;
      }
      if (ports.isEmpty()) {
        Map<String, String> t = sliceEndpointLabels(ep);
        t.put(TargetGroup.ADDRESS, ep.getAddresses().get(0));
        targets.add(t);
        continue;
      }
      for (var port : ports) {
        Map<String, String> t = sliceEndpointLabels(ep);
        Integer number = port.getPort();
        t.put(TargetGroup.ADDRESS, number == null ? ep.getAddresses().get(0) : hostPort(ep.getAddresses().get(0), number));
        t.put(SLICE + "port", number == null ? "" : Integer.toString(number));
        t.put(SLICE + "port_name", orEmpty(port.getName()));
        t.put(SLICE + "port_protocol", orEmpty(port.getProtocol() == null ? "TCP" : port.getProtocol()));
        if (port.getAppProtocol() != null) {
          t.put(SLICE + "port_app_protocol", port.getAppProtocol());
        }
        if (ep.getTargetRef() != null && number != null) {
          addPod(t, ep.getTargetRef(), number, port.getProtocol(), seen);
        }
        targets.add(t);
      }
    }
    seen.addUnseenPorts(targets);
    return new TargetGroup(sliceSource(m), targets, labels);
  }

  private Map<String, String> sliceEndpointLabels(Endpoint ep) {
    Map<String, String> t = new HashMap<>();
    EndpointConditions c = ep.getConditions();
    if (c != null) {
      if (c.getReady() != null) {
        t.put(SLICE + "endpoint_conditions_ready", c.getReady().toString());
      }
      if (c.getServing() != null) {
        t.put(SLICE + "endpoint_conditions_serving", c.getServing().toString());
      }
      if (c.getTerminating() != null) {
        t.put(SLICE + "endpoint_conditions_terminating", c.getTerminating().toString());
      }
    }
    if (ep.getHostname() != null) {
      t.put(SLICE + "endpoint_hostname", ep.getHostname());
    }
    if (ep.getNodeName() != null) {
      t.put(SLICE + "endpoint_node_name", ep.getNodeName());
      addNode(t, ep.getNodeName());
    }
    if (ep.getZone() != null) {
      t.put(SLICE + "endpoint_zone", ep.getZone());
    }
    if (ep.getDeprecatedTopology() != null) {
      ep.getDeprecatedTopology().forEach((k, v) -> {
        String ln = LabelNames.sanitize(k);
        t.put(SLICE + "endpoint_topology_" + ln, v);
        t.put(SLICE + "endpoint_topology_present_" + ln, "true");
      });
    }
    if (ep.getTargetRef() != null) {
      t.put(SLICE + "address_target_kind", orEmpty(ep.getTargetRef().getKind()));
      t.put(SLICE + "address_target_name", orEmpty(ep.getTargetRef().getName()));
    }
    return t;
  }

  // ---- shared

  /** The pods the endpoints of one object named, and which of their ports were targets. */
  private final class SeenPods {
    final Map<String, Pod> byKey = new LinkedHashMap<>();
    final Set<String> addresses = new HashSet<>();

    /** Every container port of a seen pod that no endpoint covered becomes a target of its own. */
    void addUnseenPorts(List<Map<String, String>> targets) {
      targets.forEach(t -> addresses.add(t.get(TargetGroup.ADDRESS)));
      for (Pod pod : byKey.values()) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isEmpty()) {
          continue;
        }
        forEachContainer(pod, (c, init) -> {
          for (ContainerPort port : nullToEmpty(c.getPorts())) {
            String address = hostPort(ip, port.getContainerPort());
            if (addresses.contains(address)) {
              continue;
            }
            Map<String, String> t = podTargetLabels(pod);
            t.put(TargetGroup.ADDRESS, address);
            containerLabels(t, c, init);
            portLabels(t, port, port.getProtocol());
            targets.add(t);
          }
        });
      }
    }
  }

  /** A pod's labels on an endpoint's target, with its namespace and node. */
  private Map<String, String> podTargetLabels(Pod pod) {
    Map<String, String> t = podLabels(pod);
    t.put(NAMESPACE, pod.getMetadata().getNamespace());
    if (pod.getSpec() != null) {
      addNode(t, pod.getSpec().getNodeName());
    }
    return t;
  }

  private void addPod(Map<String, String> t, ObjectReference ref, Integer port, String protocol, SeenPods seen) {
    if (!"Pod".equals(ref.getKind()) || port == null) {
      return;
    }
    Pod pod = pods.get(ref.getNamespace() + "/" + ref.getName());
    if (pod == null) {
      return;
    }
    seen.byKey.put(key(pod.getMetadata()), pod);
    Map<String, String> podLabels = podTargetLabels(pod);
    podLabels.forEach(t::putIfAbsent);
    forEachContainer(pod, new ContainerVisitor() {
      boolean found;

      @Override
      public void visit(Container c, boolean init) {
        for (ContainerPort cp : nullToEmpty(c.getPorts())) {
          if (!found && cp.getContainerPort() != null && cp.getContainerPort().intValue() == port) {
            found = true;
            containerLabels(t, c, init);
            portLabels(t, cp, protocol == null ? cp.getProtocol() : protocol);
          }
        }
      }
    });
  }

  /** {@code __meta_kubernetes_node_*} of {@code attach_metadata.node}. */
  private void addNode(Map<String, String> ls, String nodeName) {
    if (nodeName == null || nodeName.isEmpty()) {
      return;
    }
    Node node = nodes.get(nodeName);
    if (node == null) {
      return;
    }
    ls.put(NODE + "name", nodeName);
    objectLabels(ls, NODE, node.getMetadata());
  }

  /** {@code __meta_kubernetes_namespace_*} of {@code attach_metadata.namespace}. */
  private void addNamespace(Map<String, String> ls, String namespace) {
    Namespace ns = namespace == null ? null : namespaces.get(namespace);
    if (ns != null) {
      objectLabels(ls, NAMESPACE + "_", ns.getMetadata());
    }
  }

  /** {@code <prefix>label_<name>}, {@code labelpresent_}, {@code annotation_}, {@code annotationpresent_}. */
  static void objectLabels(Map<String, String> ls, String prefix, ObjectMeta m) {
    if (m.getLabels() != null) {
      m.getLabels().forEach((k, v) -> {
        String ln = LabelNames.sanitize(k);
        ls.put(prefix + "label_" + ln, orEmpty(v));
        ls.put(prefix + "labelpresent_" + ln, "true");
      });
    }
    if (m.getAnnotations() != null) {
      m.getAnnotations().forEach((k, v) -> {
        String ln = LabelNames.sanitize(k);
        ls.put(prefix + "annotation_" + ln, orEmpty(v));
        ls.put(prefix + "annotationpresent_" + ln, "true");
      });
    }
  }

  static String hostPort(String host, Integer port) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == null ? h : h + ":" + port;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
