package io.telegate.receiver.jmx;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Receiver;
import io.telegate.core.config.Durations;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ScrapedMetricsDelivery;
import io.telegate.core.data.Metrics;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Scrapes one JMX target in-process and feeds what it reads, as OTLP metrics, to the pipelines.
 *
 * <p>One daemon thread per receiver connects, scrapes and schedules the next run, so a slow or dead
 * target holds up only its own receiver; its sockets connect and read with {@code timeout} ({@link
 * RmiTimeouts}). The connection is kept across scrapes. When connecting or a scrape fails the
 * connection is dropped, the failure shows in health and in {@code telegate_receiver_jmx_up}, and
 * connecting is tried again with exponential backoff.
 */
final class JmxReceiver implements Receiver {

  static final String TRANSPORT = "jmx";
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final ComponentId id;
  private final JmxReceiverConfig config;
  private final Consumer<Metrics> next;
  private final String serviceUrl;
  private final Object lifecycle = new Object();

  // Guarded by lifecycle.
  private ScheduledThreadPoolExecutor executor;
  // Set at start when the target speaks TLS; given back at shutdown.
  private JmxTls tls;
  private volatile boolean stopped;

  // Set in start, before the scrape thread runs.
  private GatewayLogger log = GatewayLogger.root();
  private ComponentHealth health;
  private Clock clock = Clock.systemUTC();
  private JmxScraper scraper;
  private ScrapedMetricsDelivery delivery;
  private MetricRegistry.Counter scrapeErrors;
  private volatile int up;
  private volatile int mbeans;

  // Owned by the scrape thread.
  private JMXConnector connector;
  private MBeanServerConnection connection;
  private long connectedAtNanos;
  private int failures;

  JmxReceiver(ComponentId id, JmxReceiverConfig config, Consumer<Metrics> next) {
    this.id = id;
    this.config = config;
    this.next = next;
    this.serviceUrl = config.serviceUrl();
  }

  @Override
  public void start(Host host) {
    synchronized (lifecycle) {
      if (executor != null || stopped) {
        return;
      }
      log = host.logger(ComponentKind.RECEIVER, id);
      health = host.health(ComponentKind.RECEIVER, id);
      clock = host.clock();
      scraper = new JmxScraper(loadRules(config), resourceAttributes(config, serviceUrl), version());
      MetricRegistry m = host.metrics();
      String rid = id.toString();
      delivery = new ScrapedMetricsDelivery(next, m, log, rid, TRANSPORT);
      scrapeErrors = m.counter("telegate_receiver_jmx_scrape_errors",
          "Failed connection attempts and scrapes of the JMX target.", "receiver", rid);
      m.gauge("telegate_receiver_jmx_up", "1 if the last scrape of the JMX target succeeded, else 0.", () -> up,
          "receiver", rid);
      m.gauge("telegate_receiver_jmx_mbeans", "MBeans read by the last successful scrape.", () -> mbeans,
          "receiver", rid);
      if (config.endpointDefaulted()) {
        log.warn("no endpoint configured; scraping " + JmxReceiverConfig.DEFAULT_ENDPOINT
            + " (the customary Kafka JMX port). Set endpoint to the target's host:port.");
      }
      List<String> ignored = config.ignoredKeys();
      if (!ignored.isEmpty()) {
        log.warn("ignoring Collector keys: Telegate scrapes JMX in-process, with no metrics-gatherer jar, child "
            + "process or OTLP hop for them to configure", "keys", String.join(", ", ignored));
      }
      if (config.tls()) {
        tls = JmxTls.install(config);
        log.info("JMX TLS stores in use for the target's host (RMI's SSL sockets take only the JDK's default "
            + "context, which keeps its own material for every other host)", "host", tls.host());
      }
      if (!RmiTimeouts.install()) {
        log.warn("another RMI socket factory is installed in this process; JMX calls after the registry lookup "
            + "are not bounded by timeout");
      }
      ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, host.threads(ComponentKind.RECEIVER, id));
      ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      ex.setRemoveOnCancelPolicy(true);
      executor = ex;
      ex.schedule(this::run, config.initialDelay().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    ScheduledThreadPoolExecutor ex;
    synchronized (lifecycle) {
      stopped = true;
      ex = executor;
      if (ex == null || ex.isShutdown()) {
        return;
      }
      // The connection belongs to the scrape thread: close it there, after any scrape in progress.
      ex.execute(this::closeConnection);
      ex.shutdown();
    }
    try {
      if (!ex.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        ex.shutdownNow();
        log.warn("JMX scrape did not finish before the shutdown deadline", "endpoint", serviceUrl);
      }
    } catch (InterruptedException e) {
      ex.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (tls != null) {
      tls.uninstall();
      tls = null;
    }
    up = 0;
  }

  /** One connect-if-needed and scrape, then schedules the next. Runs on the scrape thread only. */
  private void run() {
    if (stopped) {
      return;
    }
    long began = System.nanoTime();
    long delayNanos;
    try {
      RmiTimeouts.during(config.timeout(), () -> {
        scrapeOnce();
        return null;
      });
      if (failures > 0) {
        log.info("JMX target reachable again", "endpoint", serviceUrl, "failed_attempts", failures);
      }
      failures = 0;
      delayNanos = Math.max(0, config.collectionInterval().toNanos() - (System.nanoTime() - began));
    } catch (Exception e) {
      failures++;
      scrapeErrors.inc();
      up = 0;
      closeConnection();
      Duration backoff = backoff(failures);
      String reason = describe(e);
      health.recoverableError("JMX target " + serviceUrl + ": " + reason);
      log.rateLimited(GatewayLogger.Level.WARN, "jmx-scrape:" + id, LOG_INTERVAL,
          "JMX target unreachable or scrape failed; retrying with backoff", null, "endpoint", serviceUrl, "error",
          reason, "retry_in", Durations.format(backoff));
      delayNanos = backoff.toNanos();
    }
    synchronized (lifecycle) {
      if (!stopped) {
        try {
          executor.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          // Shutting down.
        }
      }
    }
  }

  private void scrapeOnce() throws IOException {
    if (connection == null) {
      connect();
    }
    JmxScraper.Result result = scraper.scrape(connection, nanos(clock.instant()), connectedAtNanos);
    up = 1;
    mbeans = result.mbeans();
    health.ok();
    if (result.points() > 0) {
      deliver(Metrics.of(result.request()));
    }
  }

  private void connect() throws IOException {
    Map<String, Object> env = new HashMap<>();
    if (!config.username().isEmpty()) {
      env.put(JMXConnector.CREDENTIALS, new String[] {config.username(), config.password()});
    }
    // Bounds the registry lookup even if the process-wide factory could not be installed.
    env.put("com.sun.jndi.rmi.factory.socket", RmiTimeouts.registryFactory(config.timeout()));
    // No heartbeat thread per connection: every scrape is a check, and a failed one reconnects.
    env.put("jmx.remote.x.client.connection.check.period", 0L);
    JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(serviceUrl), env);
    try {
      connection = c.getMBeanServerConnection();
    } catch (IOException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    connector = c;
    // Counters read from a (re)connected target may have restarted: their sums start now.
    connectedAtNanos = nanos(clock.instant());
    log.info("connected to JMX target", "endpoint", serviceUrl);
  }

  private void deliver(Metrics data) {
    delivery.deliver(data);
  }

  private void closeConnection() {
    JMXConnector c = connector;
    connector = null;
    connection = null;
    if (c != null) {
      try {
        RmiTimeouts.during(config.timeout(), () -> {
          closeQuietly(c);
          return null;
        });
      } catch (Exception e) {
        // closeQuietly does not throw.
      }
    }
  }

  private static void closeQuietly(JMXConnector c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // The target is gone or the connection broken: nothing to release on its side.
    }
  }

  /** Doubles from collection_interval up to the larger of collection_interval and a minute. */
  Duration backoff(int failures) {
    Duration interval = config.collectionInterval();
    Duration max = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
    Duration d = interval;
    for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  private static String describe(Throwable e) {
    if (e instanceof SecurityException) {
      return "authentication failed: " + e.getMessage();
    }
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      sb.append(": ").append(firstLine(e.getMessage()));
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      sb.append(" (").append(root.getClass().getSimpleName());
      if (root.getMessage() != null) {
        sb.append(": ").append(firstLine(root.getMessage()));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    // RMI nests causes in the message after a ';'; the root cause is reported on its own.
    int semi = line.indexOf("; nested exception is");
    return semi < 0 ? line : line.substring(0, semi);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** The target systems' rules, then the rule files'. */
  static RuleSet loadRules(JmxReceiverConfig config) {
    List<RuleSet> sets = new ArrayList<>();
    for (String s : config.targetSystems()) {
      sets.add(TargetSystems.load(s));
    }
    for (String f : config.ruleFiles()) {
      sets.add(RuleFileParser.load(Path.of(f)));
    }
    return RuleSet.concat(sets);
  }

  /**
   * The resource of every scrape: {@code server.address} and {@code server.port} of the target (when
   * the endpoint names them) and {@code jmx.service.url}, then {@code resource_attributes}, which win.
   */
  static Map<String, String> resourceAttributes(JmxReceiverConfig config, String serviceUrl) {
    Map<String, String> out = new LinkedHashMap<>();
    String hostPort = null;
    int at = serviceUrl.indexOf("rmi://", serviceUrl.indexOf("/jndi/") < 0 ? 0 : serviceUrl.indexOf("/jndi/"));
    if (serviceUrl.contains("/jndi/") && at >= 0) {
      String rest = serviceUrl.substring(at + "rmi://".length());
      int slash = rest.indexOf('/');
      hostPort = slash < 0 ? rest : rest.substring(0, slash);
    } else {
      try {
        JMXServiceURL u = new JMXServiceURL(serviceUrl);
        if (!u.getHost().isEmpty() && u.getPort() > 0) {
          hostPort = u.getHost() + ":" + u.getPort();
        }
      } catch (IOException e) {
        // Validated already.
      }
    }
    if (hostPort != null) {
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0) {
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        out.put("server.address", host);
        out.put("server.port", hostPort.substring(colon + 1));
      }
    }
    out.put("jmx.service.url", serviceUrl);
    out.putAll(config.resourceAttributes());
    return out;
  }

  private static String version() {
    String v = JmxReceiver.class.getPackage().getImplementationVersion();
    return v == null ? "" : v;
  }
}
