package io.telegate.benchmarks.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Prometheus targets for the scrape scenarios: one HTTP server on 127.0.0.1 serving {@code targets}
 * expositions at {@code /targets/<i>/metrics} (i from 0), each a fresh {@link Expositions#render} of
 * that target's scrape number, so values change on every scrape. Keeps, per target, how many scrapes
 * it served and the longest gap between two of them since {@link #mark}.
 */
public final class ScrapeTargets implements AutoCloseable {

  private final Expositions exposition;
  private final int targets;
  private final HttpServer http;
  private final ExecutorService workers;
  private final AtomicLongArray served;
  private final AtomicLongArray lastNanos;
  private final AtomicLongArray maxGapNanos;
  private final AtomicLongArray servedAtMark;

  /** Starts serving on a free port of 127.0.0.1. */
  public ScrapeTargets(Expositions exposition, int targets) throws IOException {
    if (targets < 1) {
      throw new IllegalArgumentException("targets: " + targets + " (expected: >= 1)");
    }
    this.exposition = exposition;
    this.targets = targets;
    this.served = new AtomicLongArray(targets);
    this.lastNanos = new AtomicLongArray(targets);
    this.maxGapNanos = new AtomicLongArray(targets);
    this.servedAtMark = new AtomicLongArray(targets);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    workers = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "scrape-target");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(workers);
    http.createContext("/targets/", this::handle);
    http.start();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public int targets() {
    return targets;
  }

  /** Samples one scrape of a target exposes. */
  public int samplesPerScrape() {
    return exposition.samples();
  }

  /** The path of target {@code i}. */
  public static String path(int i) {
    return "/targets/" + i + "/metrics";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String p = ex.getRequestURI().getPath();
      int i = index(p);
      if (i < 0 || i >= targets || !p.endsWith("/metrics")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      long n = served.get(i);
      byte[] body = exposition.render(n);
      ex.getResponseHeaders().set("Content-Type", exposition.contentType());
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      long now = System.nanoTime();
      long last = lastNanos.getAndSet(i, now);
      if (last != 0) {
        long gap = now - last;
        maxGapNanos.accumulateAndGet(i, gap, Math::max);
      }
      served.incrementAndGet(i);
    }
  }

  private static int index(String path) {
    int start = "/targets/".length();
    int slash = path.indexOf('/', start);
    try {
      return Integer.parseInt(path.substring(start, slash < 0 ? path.length() : slash));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return -1;
    }
  }

  /** Starts a measured phase: scrapes are counted, and gaps measured, from here. */
  public void mark() {
    for (int i = 0; i < targets; i++) {
      servedAtMark.set(i, served.get(i));
      maxGapNanos.set(i, 0);
    }
  }

  /** Scrapes served since {@link #mark}, all targets together. */
  public long servedSinceMark() {
    long n = 0;
    for (int i = 0; i < targets; i++) {
      n += served.get(i) - servedAtMark.get(i);
    }
    return n;
  }

  /** Scrapes served since the start. */
  public long servedTotal() {
    long n = 0;
    for (int i = 0; i < targets; i++) {
      n += served.get(i);
    }
    return n;
  }

  /** The longest gap between two scrapes of one target since {@link #mark}, in seconds. */
  public double maxGapSeconds() {
    long max = 0;
    for (int i = 0; i < targets; i++) {
      max = Math.max(max, maxGapNanos.get(i));
    }
    return max / 1e9;
  }

  /** Targets with a gap longer than {@code limitSeconds} since {@link #mark}: a missed interval. */
  public int targetsWithGapOver(double limitSeconds) {
    int n = 0;
    for (int i = 0; i < targets; i++) {
      if (maxGapNanos.get(i) / 1e9 > limitSeconds) {
        n++;
      }
    }
    return n;
  }

  /** Targets not scraped at all since {@link #mark}. */
  public int targetsNotScrapedSinceMark() {
    int n = 0;
    for (int i = 0; i < targets; i++) {
      if (served.get(i) == servedAtMark.get(i)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
  }
}
