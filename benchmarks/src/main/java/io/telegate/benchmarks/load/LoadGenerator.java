package io.telegate.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replays one pre-encoded request over {@code connections} connections with {@code inFlight}
 * requests outstanding on each, flat out or at a fixed item rate, first for a warm-up (not
 * reported) and then for the measured duration.
 *
 * <p>Latency is from the moment a request is handed to the transport to its answer. At a fixed
 * rate a request waits for its slot in the schedule, not counted in its latency; when the target
 * cannot keep up, the achieved rate falls below the one asked for, which the report shows.
 */
public final class LoadGenerator {

  /**
   * What to send, where and how fast. {@code itemsPerSecond} 0 is flat out. {@code backoff}: after
   * a throttled answer a slot waits as long as the server asked (RetryInfo, Retry-After; 1 s when
   * it did not say), as the OpenTelemetry SDKs' exporters do; without it, 1 ms.
   */
  public record Options(String host, int port, String protocol, Shapes.Shape shape, int connections,
      int inFlight, double itemsPerSecond, Duration warmup, Duration duration, boolean gzip, Duration timeout,
      boolean backoff) {

    public Options(String host, int port, String protocol, Shapes.Shape shape, int connections,
        int inFlight, double itemsPerSecond, Duration warmup, Duration duration, boolean gzip, Duration timeout) {
      this(host, port, protocol, shape, connections, inFlight, itemsPerSecond, warmup, duration, gzip, timeout, false);
    }

    public double requestsPerSecond() {
      return itemsPerSecond / shape.items();
    }
  }

  /**
   * True for the answers that mean "too much, come back later": gRPC {@code RESOURCE_EXHAUSTED} and
   * HTTP 429, what the gateway answers past its buffers' bound. They are counted apart from errors.
   */
  public static boolean throttled(String code) {
    return "RESOURCE_EXHAUSTED".equals(code) || "http_429".equals(code);
  }

  /** Counts of one phase. */
  public static final class Stats {
    final LatencyHistogram latency = new LatencyHistogram();
    final LongAdder okRequests = new LongAdder();
    final LongAdder okItems = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    volatile long startNanos;
    volatile long endNanos;

    void record(String code, long micros, int items) {
      if ("OK".equals(code)) {
        okRequests.increment();
        okItems.add(items);
        latency.record(micros);
      } else if (throttled(code)) {
        throttled.increment();
      } else {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
      }
    }
  }

  /**
   * The outcome of a run: the measured phase ({@code throttled}: answers that were RESOURCE_EXHAUSTED
   * or 429; {@code errors}: every other answer that was not OK, by code), the whole run, and per
   * second of the run OK items and answers that were not OK (throttled or errors).
   */
  public record Result(Options options, double seconds, long okRequests, long okItems, long p50, long p99,
      long max, double meanMicros, long throttled, Map<String, Long> errors, long totalOkItems, long totalRequests,
      long[] okItemsPerSecond, long[] errorsPerSecond, long totalThrottled) {

    public double itemsPerSecond() {
      return okItems / seconds;
    }

    public double requestsPerSecond() {
      return okRequests / seconds;
    }

    public double megabytesPerSecond() {
      return okRequests * (double) options.shape().bytes().length / seconds / 1e6;
    }

    /** One line: what ran and what it achieved. */
    public String summary() {
      return String.format(java.util.Locale.ROOT,
          "load %s %s c=%d f=%d rate=%s%s: %.0f items/s, %.0f req/s, %.1f MB/s, latency p50=%s p99=%s max=%s, "
              + "ok=%d items in %.1f s, throttled=%d, errors=%s",
          options.shape().name(), options.protocol(), options.connections(), options.inFlight(),
          options.itemsPerSecond() == 0 ? "max" : String.format("%.0f/s", options.itemsPerSecond()),
          options.backoff() ? " backoff" : "", itemsPerSecond(), requestsPerSecond(), megabytesPerSecond(), ms(p50),
          ms(p99), ms(max), okItems, seconds, throttled, errors);
    }

    public String json() {
      StringBuilder e = new StringBuilder("{");
      errors.forEach((k, v) -> e.append(e.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      e.append('}');
      return String.format(java.util.Locale.ROOT,
          "{\"shape\":\"%s\",\"protocol\":\"%s\",\"connections\":%d,\"in_flight\":%d,\"target_items_per_s\":%.0f,"
              + "\"seconds\":%.3f,\"items_per_s\":%.1f,\"requests_per_s\":%.1f,\"mb_per_s\":%.2f,"
              + "\"p50_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"mean_us\":%.1f,\"ok_items\":%d,\"throttled\":%d,"
              + "\"errors\":%s,\"total_ok_items\":%d}",
          options.shape().name(), options.protocol(), options.connections(), options.inFlight(),
          options.itemsPerSecond(), seconds, itemsPerSecond(), requestsPerSecond(), megabytesPerSecond(), p50, p99,
          max, meanMicros, okItems, throttled, e, totalOkItems);
    }

    static String ms(long micros) {
      return micros < 10_000 ? String.format(java.util.Locale.ROOT, "%.2fms", micros / 1000.0)
          : String.format(java.util.Locale.ROOT, "%.0fms", micros / 1000.0);
    }
  }

  private final Options options;
  private final byte[] body;
  private volatile Stats current = new Stats();
  private final LongAdder totalOkItems = new LongAdder();
  private final LongAdder totalRequests = new LongAdder();
  private final LongAdder totalThrottled = new LongAdder();
  private volatile boolean stopping;
  private final AtomicLongArray okPerSecond;
  private final AtomicLongArray errorsPerSecond;
  private final AtomicLong runStart = new AtomicLong();

  public LoadGenerator(Options options) {
    this.options = options;
    this.body = "http".equals(options.protocol()) && options.gzip()
        ? Transport.gzip(options.shape().bytes()) : options.shape().bytes();
    int seconds = (int) (options.warmup().toSeconds() + options.duration().toSeconds() + 60);
    this.okPerSecond = new AtomicLongArray(seconds);
    this.errorsPerSecond = new AtomicLongArray(seconds);
  }

  /** Runs warm-up and measurement; returns when every request sent has been answered (or timed out). */
  public Result run() throws InterruptedException {
    List<Transport> transports = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      transports.add(switch (options.protocol()) {
        case "grpc" -> new Transport.Grpc(options.host(), options.port(), options.shape().signal(), options.gzip(),
            options.timeout());
        case "http" -> new Transport.Http(options.host(), options.port(), options.shape().signal(), options.gzip(),
            options.timeout());
        default -> throw new IllegalArgumentException("protocol: " + options.protocol() + " (grpc, http)");
      });
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "load-pacer");
      t.setDaemon(true);
      return t;
    });
    try {
      long start = System.nanoTime();
      runStart.set(start);
      Pacer pacer = new Pacer(options.requestsPerSecond(), start);
      Stats warm = current;
      warm.startNanos = start;
      int slots = options.connections() * options.inFlight();
      CountDownLatch finished = new CountDownLatch(slots);
      for (Transport t : transports) {
        for (int f = 0; f < options.inFlight(); f++) {
          new Slot(t, pacer, timer, finished).next();
        }
      }
      long measureStart = start + options.warmup().toNanos();
      sleepUntil(measureStart);
      Stats measured = new Stats();
      measured.startNanos = System.nanoTime();
      current = measured;
      sleepUntil(measured.startNanos + options.duration().toNanos());
      measured.endNanos = System.nanoTime();
      current = new Stats(); // answers after the end are not measured
      stopping = true;
      if (!finished.await(options.timeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        System.err.println("load: some requests were not answered in time");
      }
      double seconds = (measured.endNanos - measured.startNanos) / 1e9;
      Map<String, Long> errors = new TreeMap<>();
      measured.errors.forEach((k, v) -> errors.put(k, v.sum()));
      int n = (int) Math.min(okPerSecond.length(), Math.ceil((System.nanoTime() - start) / 1e9));
      long[] ok = new long[n];
      long[] err = new long[n];
      for (int i = 0; i < n; i++) {
        ok[i] = okPerSecond.get(i);
        err[i] = errorsPerSecond.get(i);
      }
      return new Result(options, seconds, measured.okRequests.sum(), measured.okItems.sum(),
          measured.latency.percentile(0.50), measured.latency.percentile(0.99), measured.latency.max(),
          measured.latency.mean(), measured.throttled.sum(), errors, totalOkItems.sum(), totalRequests.sum(), ok, err,
          totalThrottled.sum());
    } finally {
      timer.shutdownNow();
      for (Transport t : transports) {
        t.close();
      }
    }
  }

  /** Sets {@code stopping}: slots finish what is in flight and send no more. */
  public void stop() {
    stopping = true;
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
    }
  }

  /** One request outstanding at a time; the next is sent when the answer arrives (and it is due). */
  private final class Slot {
    private final Transport transport;
    private final Pacer pacer;
    private final ScheduledExecutorService timer;
    private final CountDownLatch finished;

    Slot(Transport transport, Pacer pacer, ScheduledExecutorService timer, CountDownLatch finished) {
      this.transport = transport;
      this.pacer = pacer;
      this.timer = timer;
      this.finished = finished;
    }

    void next() {
      if (stopping) {
        finished.countDown();
        return;
      }
      if (pacer.unlimited()) {
        send();
        return;
      }
      long delay = pacer.take() - System.nanoTime();
      if (delay > 0) {
        timer.schedule(this::send, delay, TimeUnit.NANOSECONDS);
      } else {
        send();
      }
    }

    void send() {
      if (stopping) {
        finished.countDown();
        return;
      }
      long t0 = System.nanoTime();
      totalRequests.increment();
      transport.sendForReply(body).whenComplete((reply, error) -> {
        long t1 = System.nanoTime();
        String c = error != null ? error.getClass().getSimpleName() : reply.code();
        current.record(c, (t1 - t0) / 1000, options.shape().items());
        int second = (int) ((t1 - runStart.get()) / 1_000_000_000L);
        if ("OK".equals(c)) {
          totalOkItems.add(options.shape().items());
          if (second < okPerSecond.length()) {
            okPerSecond.addAndGet(second, options.shape().items());
          }
          next();
        } else {
          if (second < errorsPerSecond.length()) {
            errorsPerSecond.incrementAndGet(second);
          }
          // A refused request is not retried; wait a little so that a refusing target is not spun on,
          // and so that an error answered on this thread cannot recurse. With backoff, a throttled
          // answer makes the slot wait as long as the server asked.
          long wait = 1;
          if (throttled(c)) {
            totalThrottled.increment();
          }
          if (options.backoff() && throttled(c)) {
            wait = reply != null && reply.retryAfterMillis() > 0 ? reply.retryAfterMillis() : 1000;
          }
          timer.schedule(this::next, wait, TimeUnit.MILLISECONDS);
        }
      });
    }
  }
}
