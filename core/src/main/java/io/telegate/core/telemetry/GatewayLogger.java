package io.telegate.core.telemetry;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes JSON lines ({@code time}, {@code level}, {@code msg}, the component and any fields) to
 * stdout, or what {@code service.telemetry.logs} says ({@link Settings}: the console encoding,
 * other outputs, initial fields, sampling, development stack traces). {@code LOG_LEVEL} or
 * {@code service.telemetry.logs.level} sets the level. {@link Listener}s get every line at an
 * enabled level (before sampling, as the Collector's OTLP log processors do).
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

  /** The console encoding's time, as the Collector's (zap's ISO 8601 with milliseconds). */
  private static final DateTimeFormatter CONSOLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX").withZone(ZoneOffset.UTC);

  /** How lines are encoded: Telegate's JSON lines, or the Collector's tab-separated console lines. */
  public enum Encoding {
    JSON,
    CONSOLE
  }

  /** Where lines go: a name for messages ({@code stdout}, a file's path) and its stream. */
  public record Output(String name, PrintStream stream) {}

  /**
   * zap's sampler, as the Collector configures it: per level and message, in each {@code tick}
   * the first {@code initial} lines pass, then every {@code thereafter}-th (none when 0).
   */
  public record Sampling(Duration tick, int initial, int thereafter) {}

  /**
   * The resolved {@code service.telemetry.logs}.
   *
   * @param outputs where lines go ({@code output_paths})
   * @param errorOutputs where failures to write a line are reported ({@code error_output_paths})
   * @param initialFields fields every line starts with ({@code initial_fields}; values are strings,
   *     numbers, booleans, lists or maps)
   * @param sampling null for none
   * @param development stack traces from {@code warn} up (the call site's when there is no error)
   * @param disableStacktrace no stack traces at all
   */
  public record Settings(Encoding encoding, List<Output> outputs, List<Output> errorOutputs,
      Map<String, Object> initialFields, Sampling sampling, boolean development, boolean disableStacktrace) {
    public Settings {
      outputs = List.copyOf(outputs);
      errorOutputs = List.copyOf(errorOutputs);
      initialFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initialFields));
    }
  }

  /** Gets each line at an enabled level, before sampling. Must not log (its lines would come back). */
  public interface Listener {
    /**
     * @param attributes the initial fields, the logger's fields and the line's, in that order;
     *     values are strings, numbers, booleans, lists or maps
     */
    void record(Instant time, Level level, String msg, Map<String, Object> attributes, Throwable error);
  }

  private final Map<String, String> context;
  /** Whether the sampler ({@link Settings#sampling}) may drop this logger's lines. */
  private final boolean sampled;

  private GatewayLogger(Map<String, String> context, boolean sampled) {
    this.context = context;
    this.sampled = sampled;
  }

  /** The root logger, without component fields. */
  public static GatewayLogger root() {
    return new GatewayLogger(Map.of(), true);
  }

  /** A logger that adds {@code key=value} to every line. */
  public GatewayLogger with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(context);
    m.put(key, value);
    return new GatewayLogger(java.util.Collections.unmodifiableMap(m), sampled);
  }

  /**
   * This logger, but the sampler never drops its lines: for output that is sampled otherwise (the
   * {@code debug} exporter's, per batch by its own keys).
   */
  public GatewayLogger unsampled() {
    return new GatewayLogger(context, false);
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
    SINK.outputs = List.of(new Output("test", out));
  }

  /** The settings now in force. */
  public static Settings settings() {
    return new Settings(SINK.encoding, SINK.outputs, SINK.errorOutputs, SINK.initialFields, SINK.sampling,
        SINK.development, SINK.disableStacktrace);
  }

  /** Applies {@code settings} to every logger (the sampler starts afresh); returns those they replace. */
  public static Settings configure(Settings settings) {
    Settings previous = settings();
    SINK.encoding = settings.encoding();
    SINK.outputs = settings.outputs();
    SINK.errorOutputs = settings.errorOutputs();
    SINK.initialFields = settings.initialFields();
    SINK.samples.clear();
    SINK.sampling = settings.sampling();
    SINK.development = settings.development();
    SINK.disableStacktrace = settings.disableStacktrace();
    return previous;
  }

  /** How many lines the sampler dropped since the process started. */
  public static long sampledOut() {
    return SINK.sampledOut.get();
  }

  public static void addListener(Listener listener) {
    SINK.listeners.add(listener);
  }

  public static void removeListener(Listener listener) {
    SINK.listeners.remove(listener);
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
    Instant now = Instant.now(SINK.clock);
    // Redacted once, and only when a listener or the line needs it (sampling drops most of a flood).
    String text = null;
    if (!SINK.listeners.isEmpty()) {
      text = Secrets.redactText(msg);
      Map<String, Object> attributes = new LinkedHashMap<>(SINK.initialFields);
      attributes.putAll(context);
      for (int i = 0; i + 1 < fields.length; i += 2) {
        Object v = fields[i + 1];
        attributes.put(String.valueOf(fields[i]),
            v instanceof Number || v instanceof Boolean ? v : Secrets.redactText(String.valueOf(v)));
      }
      for (Listener l : SINK.listeners) {
        l.record(now, level, text, attributes, error);
      }
    }
    if (sampled && !SINK.sample(level, msg, now)) {
      return;
    }
    if (text == null) {
      text = Secrets.redactText(msg);
    }
    boolean console = SINK.encoding == Encoding.CONSOLE;
    StringBuilder sb = new StringBuilder(128);
    if (console) {
      sb.append(CONSOLE_TIME.format(now)).append('\t').append(level.name().toLowerCase(Locale.ROOT)).append('\t')
          .append(text);
    } else {
      sb.append("{\"time\":\"").append(now).append("\",\"level\":\"").append(level).append("\",\"msg\":");
      Json.quote(sb, text);
    }
    // Console lines carry their fields as one JSON object after a tab, as zap's console encoder.
    String sep = console ? ", " : ",";
    String colon = console ? ": " : ":";
    int fieldsAt = sb.length();
    boolean first = true;
    for (Map.Entry<String, Object> e : SINK.initialFields.entrySet()) {
      first = key(sb, first, sep, colon, e.getKey());
      Json.value(sb, e.getValue());
    }
    for (Map.Entry<String, String> e : context.entrySet()) {
      first = key(sb, first, sep, colon, e.getKey());
      Json.quote(sb, e.getValue());
    }
    for (int i = 0; i + 1 < fields.length; i += 2) {
      first = key(sb, first, sep, colon, String.valueOf(fields[i]));
      Object v = fields[i + 1];
      if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        Json.quote(sb, Secrets.redactText(String.valueOf(v)));
      }
    }
    if (error != null) {
      first = key(sb, first, sep, colon, "error");
      Json.quote(sb, Secrets.redactText(error.toString()));
    }
    String stack = stacktrace(level, error);
    if (stack != null && !console) {
      first = key(sb, first, sep, colon, "stacktrace");
      Json.quote(sb, stack);
    }
    if (console) {
      if (!first) {
        sb.insert(fieldsAt, "\t{").append('}');
      }
      if (stack != null) {
        sb.append('\n').append(stack.stripTrailing());
      }
    } else {
      sb.append('}');
    }
    SINK.write(sb.toString());
  }

  private static boolean key(StringBuilder sb, boolean first, String sep, String colon, String key) {
    if (!first) {
      sb.append(sep);
    } else if (SINK.encoding == Encoding.JSON) {
      sb.append(',');
    }
    Json.quote(sb, key);
    sb.append(colon);
    return false;
  }

  /**
   * The stack trace a line carries: an error's at level debug (Telegate's rule); in development
   * mode, as zap's, every line from {@code warn} up (the error's, or where it was logged).
   */
  private static String stacktrace(Level level, Throwable error) {
    if (SINK.disableStacktrace) {
      return null;
    }
    StackTraceElement[] frames;
    if (SINK.development && level.compareTo(Level.WARN) >= 0) {
      frames = error != null ? error.getStackTrace() : callSite();
    } else if (error != null && SINK.level == Level.DEBUG) {
      frames = error.getStackTrace();
    } else {
      return null;
    }
    StringBuilder st = new StringBuilder();
    for (StackTraceElement el : frames) {
      st.append(el).append('\n');
    }
    return st.toString();
  }

  private static StackTraceElement[] callSite() {
    StackTraceElement[] all = new Throwable().getStackTrace();
    int i = 0;
    while (i < all.length && all[i].getClassName().equals(GatewayLogger.class.getName())) {
      i++;
    }
    return java.util.Arrays.copyOfRange(all, i, all.length);
  }

  private static final class RateState {
    final AtomicLong lastMillis = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }

  private static final class SampleCount {
    final AtomicLong count = new AtomicLong();
    final AtomicLong resetAt = new AtomicLong(Long.MIN_VALUE);
  }

  private static final class Sink {
    volatile Level level = initialLevel();
    volatile List<Output> outputs = List.of(new Output("stdout", System.out));
    volatile List<Output> errorOutputs = List.of(new Output("stderr", System.err));
    volatile Encoding encoding = Encoding.JSON;
    volatile Map<String, Object> initialFields = Map.of();
    volatile Sampling sampling;
    volatile boolean development;
    volatile boolean disableStacktrace;
    volatile Clock clock = Clock.systemUTC();
    final Map<String, RateState> rates = new ConcurrentHashMap<>();
    final Map<String, SampleCount> samples = new ConcurrentHashMap<>();
    final AtomicLong sampledOut = new AtomicLong();
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Outputs that failed, so each failure is reported once to the error outputs. */
    final Map<PrintStream, Boolean> failed = new ConcurrentHashMap<>();

    private static Level initialLevel() {
      Level l = Level.parse(System.getenv("LOG_LEVEL"));
      return l == null ? Level.INFO : l;
    }

    /** zap's sampler: true if the line passes; a line dropped is counted. */
    boolean sample(Level level, String msg, Instant now) {
      Sampling s = sampling;
      if (s == null) {
        return true;
      }
      String key = level + "\u0000" + msg;
      SampleCount c = samples.get(key);
      if (c == null) {
        if (samples.size() >= MAX_RATE_KEYS) {
          key = "sampled/overflow";
        }
        c = samples.computeIfAbsent(key, k -> new SampleCount());
      }
      long t = now.toEpochMilli() * 1_000_000L + now.getNano() % 1_000_000;
      long n;
      long resetAt = c.resetAt.get();
      if (resetAt > t) {
        n = c.count.incrementAndGet();
      } else {
        c.count.set(1);
        n = c.resetAt.compareAndSet(resetAt, t + s.tick().toNanos()) ? 1 : c.count.incrementAndGet();
      }
      if (n > s.initial() && (s.thereafter() == 0 || (n - s.initial()) % s.thereafter() != 0)) {
        sampledOut.incrementAndGet();
        return false;
      }
      return true;
    }

    void write(String line) {
      for (Output o : outputs) {
        o.stream().println(line);
        if (o.stream().checkError() && failed.putIfAbsent(o.stream(), Boolean.TRUE) == null) {
          for (Output e : errorOutputs) {
            e.stream().println(Instant.now(clock) + " write error: writing a log line to " + o.name() + " failed");
          }
        }
      }
    }
  }
}
