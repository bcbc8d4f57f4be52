package io.telegate.receiver.prometheus.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.receiver.prometheus.discovery.KubernetesSdConfig.Role;
import io.telegate.receiver.prometheus.discovery.KubernetesSdConfig.Selector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code kubernetes_sd_configs}: list/watch informers (fabric8) on the role's objects and on what
 * their labels come from (services and pods for the endpoints roles, nodes and namespaces for
 * {@code attach_metadata}), in the configured namespaces and with the configured selectors. Every
 * change rebuilds the groups from the informers' caches on this discoverer's thread (changes that
 * arrive during a rebuild are folded into the next) and sends what differs, so a pod that appears
 * or goes changes the targets at once, without a refresh interval.
 */
final class KubernetesDiscoverer implements Discoverer {

  static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private final String name;
  private final DiscoveryContext ctx;
  private final GatewayLogger log;
  private final KubernetesSdConfig config;
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private volatile boolean synced;
  private volatile boolean closed;
  private GroupPublisher publisher;
  private ExecutorService executor;
  private volatile KubernetesClient client;
  private List<SharedIndexInformer<? extends HasMetadata>> primary = List.of();
  private List<SharedIndexInformer<Service>> services = List.of();
  private List<SharedIndexInformer<Pod>> pods = List.of();
  private List<SharedIndexInformer<Node>> nodes = List.of();
  private List<SharedIndexInformer<Namespace>> namespaces = List.of();

  KubernetesDiscoverer(String name, DiscoveryContext ctx, KubernetesSdConfig config) {
    this.name = name;
    this.ctx = ctx;
    this.log = ctx.log().with("discovery", name);
    this.config = config;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start(Consumer<List<TargetGroup>> updates) {
    if (closed || publisher != null) {
      return;
    }
    publisher = new GroupPublisher(updates);
    executor = Executors.newSingleThreadExecutor(ctx.threads());
    executor.execute(this::open);
  }

  /** Connects and starts the informers; the first groups are sent once every informer has listed. */
  private void open() {
    try {
      client = new KubernetesClientBuilder().withConfig(clientConfig())
          .withHttpClientFactory(new JdkHttpClientFactory()).build();
      List<String> nsList = namespaces();
      Role role = config.role();
      primary = switch (role) {
        case POD -> new ArrayList<>(inform(client.pods(), nsList, Role.POD));
        case SERVICE -> new ArrayList<>(inform(client.services(), nsList, Role.SERVICE));
        case ENDPOINTS -> new ArrayList<>(inform(client.endpoints(), nsList, Role.ENDPOINTS));
        case ENDPOINTSLICE -> new ArrayList<>(inform(client.discovery().v1().endpointSlices(), nsList,
            Role.ENDPOINTSLICE));
        case NODE -> new ArrayList<>(informCluster(client.nodes(), Role.NODE));
      };
      if (role == Role.ENDPOINTS || role == Role.ENDPOINTSLICE) {
        services = inform(client.services(), nsList, Role.SERVICE);
        pods = inform(client.pods(), nsList, Role.POD);
      }
      if (config.attachNode() && role != Role.NODE && role != Role.SERVICE) {
        nodes = informCluster(client.nodes(), null);
      }
      if (config.attachNamespace() && role != Role.NODE) {
        namespaces = informCluster(client.namespaces(), null);
      }
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      for (SharedIndexInformer<?> i : all) {
        starts.add(i.start().toCompletableFuture());
      }
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
        if (e != null) {
          failed(e);
        } else {
          synced = true;
          scheduleRebuild();
        }
      });
    } catch (RuntimeException | IOException e) {
      failed(e);
    }
  }

  private void failed(Throwable e) {
    if (closed) {
      // Stopping informers fails the starts and watches still under way ("informer manually stopped
      // before starting"): that is the shutdown, not a problem to report.
      return;
    }
    log.rateLimited(GatewayLogger.Level.ERROR, "k8s-sd/" + name + "/" + System.identityHashCode(this),
        Duration.ofSeconds(30), "Kubernetes service discovery cannot list, keeping the last targets", null,
        "error", String.valueOf(e));
    publisher.publishFirstIfNone();
  }

  private Config clientConfig() throws IOException {
    if (config.kubeconfigFile() != null) {
      Path file = Path.of(config.kubeconfigFile());
      return Config.fromKubeconfig(null, Files.readString(file), file.toString());
    }
    if (config.apiServer() == null) {
      return new ConfigBuilder().build(); // in-cluster: the service account, as Prometheus's default
    }
    PrometheusHttpClientConfig http = config.http();
    var tls = http.tls();
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(config.apiServer().toString())
        .withTrustCerts(tls.insecureSkipVerify())
        .withDisableHostnameVerification(tls.insecureSkipVerify())
        .withHttp2Disable(!http.enableHttp2());
    if (tls.caFile() != null) {
      b.withCaCertFile(tls.caFile());
    }
    if (tls.caPem() != null) {
      b.withCaCertData(base64(tls.caPem()));
    }
    if (tls.certFile() != null) {
      b.withClientCertFile(tls.certFile());
    }
    if (tls.certPem() != null) {
      b.withClientCertData(base64(tls.certPem()));
    }
    if (tls.keyFile() != null) {
      b.withClientKeyFile(tls.keyFile());
    }
    if (tls.keyPem() != null) {
      b.withClientKeyData(base64(tls.keyPem()));
    }
    List<TlsVersion> versions = new ArrayList<>();
    for (String p : tls.protocols()) {
      versions.add(TlsVersion.forJavaName(p));
    }
    b.withTlsVersions(versions.toArray(TlsVersion[]::new));
    if (http.proxyUrl() != null) {
      b.withHttpProxy(http.proxyUrl()).withHttpsProxy(http.proxyUrl());
    }
    if (http.basicAuth() != null) {
      var basic = http.basicAuth();
      b.withUsername(basic.usernameFile() != null ? Files.readString(Path.of(basic.usernameFile())).strip()
          : basic.username());
      b.withPassword(basic.passwordFile() != null ? Files.readString(Path.of(basic.passwordFile())).strip()
          : basic.password());
    } else if (http.authorization() != null) {
      // Read again for each request, so that a rotated credentials file is picked up.
      b.withOauthTokenProvider(() -> {
        try {
          String header = http.authorizationHeader();
          return header.substring(header.indexOf(' ') + 1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return b.build();
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  /** The configured namespaces, with this process's own when asked; empty means every namespace. */
  private List<String> namespaces() throws IOException {
    Set<String> out = new LinkedHashSet<>(config.namespaces());
    if (config.ownNamespace()) {
      String own = client.getConfiguration().getNamespace();
      if (config.kubeconfigFile() == null && Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
        own = Files.readString(SERVICE_ACCOUNT_NAMESPACE).strip();
      }
      if (own == null || own.isEmpty()) {
        throw new IOException("namespaces.own_namespace: the namespace this process runs in is unknown");
      }
      out.add(own);
    }
    return new ArrayList<>(out);
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      List<SharedIndexInformer<T>> inform(MixedOperation<T, L, R> op, List<String> nsList, Role selectorRole) {
    List<SharedIndexInformer<T>> out = new ArrayList<>();
    if (nsList.isEmpty()) {
      out.add(informer(op.inAnyNamespace(), selectorRole));
    } else {
      for (String ns : nsList) {
        out.add(informer(op.inNamespace(ns), selectorRole));
      }
    }
    return out;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      List<SharedIndexInformer<T>> informCluster(NonNamespaceOperation<T, L, R> op, Role selectorRole) {
    return List.of(informer(op, selectorRole));
  }

  private <T extends HasMetadata, L, R> SharedIndexInformer<T> informer(FilterWatchListDeletable<T, L, R> op,
      Role selectorRole) {
    FilterWatchListDeletable<T, L, R> f = op;
    Selector s = selectorRole == null ? null : config.selectors().get(selectorRole);
    if (s != null && s.label() != null) {
      f = f.withLabelSelector(s.label());
    }
    if (s != null && s.field() != null) {
      for (FieldSelector.Term t : FieldSelector.parse(s.field()).terms()) {
        f = t.negated() ? f.withoutField(t.key(), t.value()) : f.withField(t.key(), t.value());
      }
    }
    SharedIndexInformer<T> informer = f.runnableInformer(0);
    informer.exceptionHandler((started, error) -> {
      failed(error);
      return !closed;
    });
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        scheduleRebuild();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        scheduleRebuild();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        scheduleRebuild();
      }
    });
    synchronized (all) {
      all.add(informer);
    }
    return informer;
  }

  private void scheduleRebuild() {
    if (!synced || closed || !rebuildPending.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::rebuild);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void rebuild() {
    rebuildPending.set(false);
    if (closed) {
      return;
    }
    try {
      KubernetesTargets targets = new KubernetesTargets(byName(nodes), byName(namespaces),
          byKey(services), byKey(pods));
      List<TargetGroup> groups = new ArrayList<>();
      for (SharedIndexInformer<? extends HasMetadata> informer : primary) {
        for (HasMetadata obj : informer.getStore().list()) {
          groups.add(build(targets, obj));
        }
      }
      publisher.publish(groups);
    } catch (RuntimeException e) {
      log.rateLimited(GatewayLogger.Level.ERROR, "k8s-sd-build/" + name, Duration.ofSeconds(30),
          "Kubernetes service discovery cannot build targets, keeping the last ones", e, "error", e.toString());
    }
  }

  private TargetGroup build(KubernetesTargets targets, HasMetadata obj) {
    return switch (config.role()) {
      case POD -> targets.pod((Pod) obj);
      case SERVICE -> targets.service((Service) obj);
      case ENDPOINTS -> targets.endpoints((io.fabric8.kubernetes.api.model.Endpoints) obj);
      case ENDPOINTSLICE -> targets.endpointSlice((io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice) obj);
      case NODE -> targets.node((Node) obj);
    };
  }

  private static <T extends HasMetadata> Map<String, T> byKey(List<SharedIndexInformer<T>> informers) {
    return index(informers, o -> KubernetesTargets.key(o.getMetadata()));
  }

  private static <T extends HasMetadata> Map<String, T> byName(List<SharedIndexInformer<T>> informers) {
    return index(informers, o -> o.getMetadata().getName());
  }

  private static <T extends HasMetadata> Map<String, T> index(List<SharedIndexInformer<T>> informers,
      Function<T, String> key) {
    Map<String, T> out = new HashMap<>();
    for (SharedIndexInformer<T> i : informers) {
      for (T o : i.getStore().list()) {
        out.put(key.apply(o), o);
      }
    }
    return out;
  }

  @Override
  public void close() {
    GroupPublisher p;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      p = publisher;
    }
    if (p != null) {
      p.close();
    }
    ExecutorService e = executor;
    if (e != null) {
      e.shutdownNow();
      try {
        e.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (all) {
      all.forEach(SharedIndexInformer::stop);
    }
    if (client != null) {
      client.close();
    }
  }
}
