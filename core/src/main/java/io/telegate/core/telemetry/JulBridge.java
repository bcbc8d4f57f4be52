package io.telegate.core.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes java.util.logging (used by gRPC and, without SLF4J, by Netty) into the gateway's JSON
 * log, so every line on stdout is JSON.
 *
 * <p>Library lines are rate-limited per logger, level and message pattern (one per {@link
 * #INTERVAL}, with a count of what was held back), so that a flood of broken connections cannot
 * flood the log. Loggers that print header values or URLs with credentials at debug level (gRPC's
 * frame logger, the JDK HTTP client's) stay at INFO under {@code LOG_LEVEL=debug} unless named in
 * {@code TELEGATE_DEBUG_LOGGERS} (comma-separated logger names).
 */
public final class JulBridge extends Handler {

  static final Duration INTERVAL = Duration.ofSeconds(10);

  /** Loggers whose debug output carries header values or credentials. */
  static final List<String> SECRET_BEARING_LOGGERS = List.of("io.grpc.netty", "io.grpc.netty.shaded.io.grpc.netty",
      "io.grpc.okhttp", "jdk.internal.httpclient", "jdk.httpclient", "io.netty.handler.logging");

  // Strong references: JUL holds loggers weakly, and a collected logger loses its level.
  private static final java.util.Set<Logger> PINNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private JulBridge() {}

  /**
   * Replaces the root JUL handlers with this bridge, and sets the levels for the gateway's log
   * level. Idempotent; call again after the level changed.
   */
  public static void install() {
    Logger root = LogManager.getLogManager().getLogger("");
    boolean installed = false;
    for (Handler h : root.getHandlers()) {
      if (h instanceof JulBridge) {
        installed = true;
      } else {
        root.removeHandler(h);
      }
    }
    if (!installed) {
      root.addHandler(new JulBridge());
    }
    boolean debug = GatewayLogger.level() == GatewayLogger.Level.DEBUG;
    root.setLevel(debug ? Level.FINE : Level.INFO);
    List<String> asked = List.of(String.valueOf(System.getenv("TELEGATE_DEBUG_LOGGERS")).split(","));
    for (String name : SECRET_BEARING_LOGGERS) {
      Logger l = Logger.getLogger(name);
      l.setLevel(debug && asked.contains(name) ? Level.FINE : Level.INFO);
      PINNED.add(l);
    }
  }

  @Override
  public void publish(LogRecord record) {
    int v = record.getLevel().intValue();
    String loggerName = String.valueOf(record.getLoggerName());
    GatewayLogger log = GatewayLogger.root().with("logger", loggerName);
    String msg = record.getMessage();
    String key = "jul/" + loggerName + "/" + record.getLevel() + "/" + msg;
    if (msg != null && record.getParameters() != null && record.getParameters().length > 0) {
      try {
        msg = java.text.MessageFormat.format(msg, record.getParameters());
      } catch (IllegalArgumentException e) {
        // keep the raw pattern
      }
    }
    String text = String.valueOf(msg);
    Throwable thrown = record.getThrown();
    if (v >= Level.SEVERE.intValue()) {
      log.rateLimited(GatewayLogger.Level.ERROR, key, INTERVAL, text, thrown);
    } else if (v >= Level.WARNING.intValue()) {
      if (thrown != null) {
        log.rateLimited(GatewayLogger.Level.WARN, key, INTERVAL, text, null, "error", thrown.toString());
      } else {
        log.rateLimited(GatewayLogger.Level.WARN, key, INTERVAL, text, null);
      }
    } else if (v >= Level.INFO.intValue()) {
      if (thrown != null) {
        log.rateLimited(GatewayLogger.Level.INFO, key, INTERVAL, text, null, "error", thrown.toString());
      } else {
        log.rateLimited(GatewayLogger.Level.INFO, key, INTERVAL, text, null);
      }
    } else {
      log.rateLimited(GatewayLogger.Level.DEBUG, key, INTERVAL, text, null);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
