package io.telegate.receiver.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Receiver;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.consumer.ScrapedMetricsDelivery;
import io.telegate.core.data.Metrics;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.receiver.prometheus.discovery.DiscoveryContext;
import io.telegate.receiver.prometheus.discovery.DiscoveryManager;
import io.telegate.receiver.prometheus.discovery.ServiceDiscovery;
import io.telegate.receiver.prometheus.discovery.TargetGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scrapes Prometheus targets and feeds what they expose, as OTLP metrics, to the pipelines.
 *
 * <p>Every target of every job shares one timer thread and a small worker pool (two threads): a
 * target's scrape is a timer entry, an asynchronous HTTP request on its job's client, and a parse
 * and translation on a worker when the answer is in, so thousands of targets need no thread each.
 * Each target is scraped at its own offset in the interval (Prometheus's, from the target's hash).
 *
 * <p>Targets come from service discovery: per job, a {@link DiscoveryManager} over the discoverers of
 * its {@code static_configs} and {@code *_sd_configs} hands every change of the job's full set of
 * groups to {@link #updateTargets}. Refreshing discoverers are timed by the host's scheduler and read
 * on two discovery workers the receiver owns (shared by every job), so many jobs need no thread each.
 */
final class PrometheusReceiver implements Receiver {

  static final String TRANSPORT = "http";
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  private final ComponentId id;
  private final PrometheusReceiverConfig config;
  private final Consumer<Metrics> next;
  private final Object lifecycle = new Object();

  // Guarded by lifecycle.
  private ScheduledThreadPoolExecutor timer;
  private ExecutorService workers;
  private ExecutorService discoveryWorkers;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final List<DiscoveryManager> discovery = new ArrayList<>();
  private volatile boolean stopped;

  private GatewayLogger log = GatewayLogger.root();
  private ComponentHealth health;
  private Clock clock = Clock.systemUTC();
  private ScrapedMetricsDelivery delivery;
  private MetricRegistry.Counter scrapeFailures;
  private final AtomicInteger targetCount = new AtomicInteger();

  PrometheusReceiver(ComponentId id, PrometheusReceiverConfig config, Consumer<Metrics> next) {
    this.id = id;
    this.config = config;
    this.next = next;
  }

  @Override
  public void start(Host host) {
    synchronized (lifecycle) {
      if (timer != null || stopped) {
        return;
      }
      log = host.logger(ComponentKind.RECEIVER, id);
      health = host.health(ComponentKind.RECEIVER, id);
      clock = host.clock();
      MetricRegistry m = host.metrics();
      String rid = id.toString();
      delivery = new ScrapedMetricsDelivery(next, m, log, rid, TRANSPORT);
      scrapeFailures = m.counter("telegate_receiver_prometheus_scrape_failures",
          "Scrapes that failed (unreachable target, bad answer, broken limit).", "receiver", rid);
      m.gauge("telegate_receiver_prometheus_targets", "Targets being scraped.", targetCount::get, "receiver", rid);
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, host.threads(ComponentKind.RECEIVER, id));
      t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      t.setRemoveOnCancelPolicy(true);
      timer = t;
      workers = Executors.newFixedThreadPool(2, host.threads(ComponentKind.RECEIVER, id));
      discoveryWorkers = Executors.newFixedThreadPool(2, host.threads(ComponentKind.RECEIVER, id));
      DiscoveryContext sd = new DiscoveryContext(host.scheduler(), discoveryWorkers,
          host.threads(ComponentKind.RECEIVER, id), log, clock);
      for (ScrapeConfig.Resolved r : config.config().resolved()) {
        HttpClient client;
        try {
          client = client(r);
        } catch (IOException e) {
          throw new UncheckedIOException("scrape config " + r.config().jobName() + ": " + e.getMessage(), e);
        }
        String name = r.config().jobName();
        jobs.put(name, new Job(r, Relabeling.of(r.config().relabelConfigs()), client));
        discovery.add(new DiscoveryManager(ServiceDiscovery.create(r.config().discoveryTree(), sd),
            groups -> updateTargets(name, groups)));
      }
      // static_configs report within start; other discoverers report from their workers once started.
      discovery.forEach(DiscoveryManager::start);
      health.ok();
    }
  }

  private HttpClient client(ScrapeConfig.Resolved r) throws IOException {
    boolean https = r.config().scheme().equals("https");
    return r.http().clientBuilder(https, r.timeout(), log)
        // As Prometheus: HTTP/2 only where TLS negotiates it; no h2c upgrade for plain http.
        .version(r.http().enableHttp2() && https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .executor(workers)
        .build();
  }

  /**
   * Replaces the targets of a job with those of {@code groups}, its full set (after relabeling): new
   * targets start scraping at their offset, targets that are gone stop and their series are marked
   * stale. A target is known by its labels after relabeling and its URL (Prometheus's target hash),
   * so one that every discovery round lists again keeps its loop, its place in the interval and the
   * series it has seen.
   */
  void updateTargets(String jobName, List<TargetGroup> groups) {
    synchronized (lifecycle) {
      Job job = jobs.get(jobName);
      if (job != null && !stopped) {
        job.update(groups);
      }
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    ScheduledThreadPoolExecutor t;
    ExecutorService w;
    List<DiscoveryManager> managers;
    synchronized (lifecycle) {
      stopped = true;
      managers = List.copyOf(discovery);
      discovery.clear();
    }
    // Outside the lock: a discoverer may be waiting for it to hand over targets (ignored once stopped).
    managers.forEach(DiscoveryManager::close);
    synchronized (lifecycle) {
      t = timer;
      w = workers;
      if (t == null || t.isShutdown()) {
        return;
      }
      discoveryWorkers.shutdownNow();
      for (Job j : jobs.values()) {
        j.loops.values().forEach(TargetLoop::stop);
        j.loops.clear();
      }
      targetCount.set(0);
      t.shutdownNow();
      w.shutdown();
    }
    try {
      if (!w.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        w.shutdownNow();
      }
    } catch (InterruptedException e) {
      w.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The targets of one job, with its relabeling and HTTP client. */
  private final class Job {
    final ScrapeConfig.Resolved config;
    final Relabeling relabeling;
    final HttpClient client;
    final Map<String, TargetLoop> loops = new HashMap<>();

    Job(ScrapeConfig.Resolved config, Relabeling relabeling, HttpClient client) {
      this.config = config;
      this.relabeling = relabeling;
      this.client = client;
    }

    void update(List<TargetGroup> groups) {
      Map<String, ScrapeTarget> wanted = new LinkedHashMap<>();
      for (TargetGroup g : groups) {
        for (ScrapeTarget t : ScrapeTarget.fromGroup(config, relabeling, g.targets(), g.labels())) {
          wanted.putIfAbsent(t.identity(), t);
        }
      }
      for (var it = loops.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!wanted.containsKey(e.getKey())) {
          e.getValue().remove();
          it.remove();
          targetCount.decrementAndGet();
        }
      }
      for (Map.Entry<String, ScrapeTarget> e : wanted.entrySet()) {
        if (!loops.containsKey(e.getKey())) {
          TargetLoop loop = new TargetLoop(this, e.getValue());
          loops.put(e.getKey(), loop);
          targetCount.incrementAndGet();
          loop.schedule(e.getValue().offsetNanos(config.interval(), clockNanos(), 0));
        }
      }
    }
  }

  private long clockNanos() {
    java.time.Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** One target's scrapes: at most one in flight, the next at the next tick of its interval. */
  private final class TargetLoop {
    final Job job;
    final ScrapeTarget target;
    final TargetScrape scrape;
    final ScrapeTranslator translator;
    private final Object lock = new Object();
    // Guarded by lock.
    private java.util.concurrent.ScheduledFuture<?> pending;
    private boolean done;
    private long nextTickNanos;

    TargetLoop(Job job, ScrapeTarget target) {
      this.job = job;
      this.target = target;
      this.scrape = new TargetScrape(job.client, job.config, target);
      this.translator = new ScrapeTranslator(target, job.config, config.reportExtraScrapeMetrics(), version());
    }

    void schedule(long delayNanos) {
      synchronized (lock) {
        if (done) {
          return;
        }
        nextTickNanos = System.nanoTime() + delayNanos;
        try {
          pending = timer.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          done = true;
        }
      }
    }

    private void run() {
      long startMs = clock.millis();
      long began = System.nanoTime();
      scrape.fetch().whenCompleteAsync((body, error) -> {
        double seconds = (System.nanoTime() - began) / 1e9;
        ExportMetricsServiceRequest request;
        synchronized (lock) {
          if (done) {
            return;
          }
          if (error == null) {
            try {
              List<MetricFamily> families = body.parse(job.config);
              request = translator.translate(families, startMs, seconds, body.bytes().length).request();
            } catch (RuntimeException e) {
              request = failed(e, startMs, seconds);
            }
          } else {
            request = failed(error, startMs, seconds);
          }
        }
        deliver(request);
        long interval = job.config.interval().toNanos();
        long now = System.nanoTime();
        long nextTick = nextTickNanos + interval;
        while (nextTick <= now) {
          nextTick += interval;
        }
        schedule(nextTick - now);
      }, workers);
    }

    private ExportMetricsServiceRequest failed(Throwable error, long startMs, double seconds) {
      scrapeFailures.inc();
      Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
      log.rateLimited(GatewayLogger.Level.WARN, "prometheus-scrape:" + id, LOG_INTERVAL, "scrape failed", null,
          "job", job.config.config().jobName(), "target", target.url().toString(), "error",
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return translator.failed(startMs, seconds);
    }

    /** Stops scraping without marking anything stale (the receiver is shutting down). */
    void stop() {
      synchronized (lock) {
        done = true;
        if (pending != null) {
          pending.cancel(false);
        }
      }
    }

    /** The target went away: stop, and mark its series stale. */
    void remove() {
      ExportMetricsServiceRequest stale;
      synchronized (lock) {
        if (done) {
          return;
        }
        stop();
        stale = translator.gone(clock.millis());
      }
      deliver(stale);
    }
  }

  private void deliver(ExportMetricsServiceRequest request) {
    Metrics data = Metrics.of(request);
    if (data.itemCount() > 0) {
      delivery.deliver(data);
    }
  }

  static String version() {
    String v = PrometheusReceiver.class.getPackage().getImplementationVersion();
    return v == null ? "" : v;
  }
}
