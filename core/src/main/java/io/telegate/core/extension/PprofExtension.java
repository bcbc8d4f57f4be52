package io.telegate.core.extension;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The Collector's {@code pprof} extension, with the JVM's equivalents of Go's profiles: {@code
 * /debug/pprof/goroutine} is a thread dump, {@code /debug/pprof/heap} a class histogram of the
 * heap, {@code /debug/pprof/profile?seconds=N} a Java Flight Recorder recording (open it with JDK
 * Mission Control or {@code jfr print}).
 */
final class PprofExtension extends HttpExtension {

  private static final int MAX_PROFILE_SECONDS = 300;

  private final PprofConfig config;

  PprofExtension(ComponentId id, PprofConfig config) {
    super(id, config.endpoint());
    this.config = config;
  }

  @Override
  void register(ExtensionHttpServer server, Host host) {
    server.handle("/debug/pprof/goroutine", ex -> ExtensionHttpServer.respond(ex, 200, "text/plain; charset=utf-8",
        threadDump()));
    server.handle("/debug/pprof/heap", ex -> ExtensionHttpServer.respond(ex, 200, "text/plain; charset=utf-8",
        heapHistogram()));
    server.handle("/debug/pprof/profile", ex -> {
      int seconds = 30;
      String q = ex.getRequestURI().getQuery();
      if (q != null && q.startsWith("seconds=")) {
        try {
          seconds = Integer.parseInt(q.substring(8));
        } catch (NumberFormatException e) {
          ExtensionHttpServer.respond(ex, 400, "text/plain", "seconds: expected 1-300\n");
          return;
        }
      }
      if (seconds < 1 || seconds > MAX_PROFILE_SECONDS) {
        ExtensionHttpServer.respond(ex, 400, "text/plain", "seconds: expected 1-300\n");
        return;
      }
      byte[] jfr = record(seconds);
      ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"telegate.jfr\"");
      ExtensionHttpServer.respond(ex, 200, "application/octet-stream", jfr);
    });
    server.handle("/debug/pprof", ex -> ExtensionHttpServer.respond(ex, 200, "text/plain; charset=utf-8",
        ("/debug/pprof/goroutine  thread dump\n/debug/pprof/heap       heap class histogram\n"
            + "/debug/pprof/profile?seconds=30  JFR recording\n")));
  }

  static String threadDump() {
    StringBuilder sb = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      sb.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState()).append('\n');
      for (StackTraceElement e : t.getStackTrace()) {
        sb.append("    at ").append(e).append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String heapHistogram() {
    try {
      ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
      return (String) ManagementFactory.getPlatformMBeanServer().invoke(dcmd, "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (Exception e) {
      return "heap histogram unavailable: " + e + "\n";
    }
  }

  private static byte[] record(int seconds) throws IOException {
    Path file = Files.createTempFile("telegate-", ".jfr");
    try (jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
      r.start();
      // The request asked for N seconds of profile: this pprof thread (not a data path) waits them out.
      Thread.sleep(seconds * 1000L);
      r.stop();
      r.dump(file);
      return Files.readAllBytes(file);
    } catch (java.text.ParseException e) {
      throw new IOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
