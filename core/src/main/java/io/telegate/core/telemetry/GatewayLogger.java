package io.telegate.core.telemetry;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes JSON lines ({@code time}, {@code level}, {@code msg}, the component and any fields) to
 * stdout. {@code LOG_LEVEL} or {@code service.telemetry.logs.level} sets the level.
 *
 * <p>{@link #rateLimited} lets a line through at most once per interval per key and counts what
 * it held back, so a failing backend cannot flood the log.
 */
public final class GatewayLogger {

  /** The most distinct rate-limit keys kept; the rest share one. */
  static final int MAX_RATE_KEYS = 10_000;

  /** Severity, in order. */
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /** Parses {@code debug|info|warn|warning|error}, case-insensitively; null if unknown. */
    public static Level parse(String s) {
      if (s == null) {
        return null;
      }
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "debug" -> DEBUG;
        case "info" -> INFO;
        case "warn", "warning" -> WARN;
        case "error" -> ERROR;
        default -> null;
      };
    }
  }

  private static final Sink SINK = new Sink();

  private final Map<String, String> context;

  private GatewayLogger(Map<String, String> context) {
    this.context = context;
  }

  /** The root logger, without component fields. */
  public static GatewayLogger root() {
    return new GatewayLogger(Map.of());
  }

  /** A logger that adds {@code key=value} to every line. */
  public GatewayLogger with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(context);
    m.put(key, value);
    return new GatewayLogger(java.util.Collections.unmodifiableMap(m));
  }

  /** Sets the level of every logger. */
  public static void setLevel(Level level) {
    SINK.level = level;
  }

  public static Level level() {
    return SINK.level;
  }

  /** Sends output to another stream; for tests and the CLI. */
  public static void setOutput(PrintStream out) {
    SINK.out = out;
  }

  /** Forgets which rate-limited lines were logged; for tests that start several gateways in one JVM. */
  public static void forgetRateLimits() {
    SINK.rates.clear();
  }

  public static void setClock(Clock clock) {
    SINK.clock = clock;
  }

  public boolean isEnabled(Level level) {
    return level.compareTo(SINK.level) >= 0;
  }

  public void debug(String msg, Object... fields) {
    log(Level.DEBUG, msg, null, fields);
  }

  public void info(String msg, Object... fields) {
    log(Level.INFO, msg, null, fields);
  }

  public void warn(String msg, Object... fields) {
    log(Level.WARN, msg, null, fields);
  }

  public void error(String msg, Throwable error, Object... fields) {
    log(Level.ERROR, msg, error, fields);
  }

  /**
   * Logs at most once per {@code interval} for {@code key}; the next line that passes says how
   * many were suppressed.
   */
  public void rateLimited(Level level, String key, Duration interval, String msg, Throwable error, Object... fields) {
    if (!isEnabled(level)) {
      return;
    }
    RateState state = SINK.rates.get(key);
    if (state == null) {
      if (SINK.rates.size() >= MAX_RATE_KEYS) {
        // Keys come from messages; past this many, they all share one, so the map stays bounded.
        key = "rate-limited/overflow";
      }
      state = SINK.rates.computeIfAbsent(key, k -> new RateState());
    }
    long now = SINK.clock.millis();
    long last = state.lastMillis.get();
    if (last != Long.MIN_VALUE && now - last < interval.toMillis()) {
      state.suppressed.incrementAndGet();
      return;
    }
    if (!state.lastMillis.compareAndSet(last, now)) {
      state.suppressed.incrementAndGet();
      return;
    }
    long suppressed = state.suppressed.getAndSet(0);
    if (suppressed > 0) {
      Object[] more = java.util.Arrays.copyOf(fields, fields.length + 2);
      more[fields.length] = "suppressed";
      more[fields.length + 1] = suppressed;
      fields = more;
    }
    log(level, msg, error, fields);
  }

  private void log(Level level, String msg, Throwable error, Object[] fields) {
    if (!isEnabled(level)) {
      return;
    }
    StringBuilder sb = new StringBuilder(128);
    sb.append("{\"time\":\"").append(Instant.now(SINK.clock)).append("\",\"level\":\"").append(level)
        .append("\",\"msg\":");
    Json.quote(sb, Secrets.redactText(msg));
    for (Map.Entry<String, String> e : context.entrySet()) {
      sb.append(',');
      Json.quote(sb, e.getKey());
      sb.append(':');
      Json.quote(sb, e.getValue());
    }
    for (int i = 0; i + 1 < fields.length; i += 2) {
      sb.append(',');
      Json.quote(sb, String.valueOf(fields[i]));
      sb.append(':');
      Object v = fields[i + 1];
      if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        Json.quote(sb, Secrets.redactText(String.valueOf(v)));
      }
    }
    if (error != null) {
      sb.append(",\"error\":");
      Json.quote(sb, Secrets.redactText(error.toString()));
      if (SINK.level == Level.DEBUG) {
        StringBuilder st = new StringBuilder();
        for (StackTraceElement el : error.getStackTrace()) {
          st.append(el).append('\n');
        }
        sb.append(",\"stacktrace\":");
        Json.quote(sb, st.toString());
      }
    }
    sb.append('}');
    SINK.out.println(sb);
  }

  private static final class RateState {
    final AtomicLong lastMillis = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }

  private static final class Sink {
    volatile Level level = initialLevel();
    volatile PrintStream out = System.out;
    volatile Clock clock = Clock.systemUTC();
    final Map<String, RateState> rates = new ConcurrentHashMap<>();

    private static Level initialLevel() {
      Level l = Level.parse(System.getenv("LOG_LEVEL"));
      return l == null ? Level.INFO : l;
    }
  }
}
