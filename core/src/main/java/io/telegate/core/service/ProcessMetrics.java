package io.telegate.core.service;

import io.telegate.core.telemetry.MetricRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The Collector's {@code otelcol_process_*} metrics, read from the JVM at scrape time, plus GC
 * figures a JVM operator needs.
 */
final class ProcessMetrics {

  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE_SIZE = 4096;

  private ProcessMetrics() {}

  static void register(MetricRegistry metrics, Clock clock) {
    Instant start = clock.instant();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    metrics.counterFunction("otelcol_process_uptime", "Uptime of the process in seconds.",
        () -> (clock.millis() - start.toEpochMilli()) / 1000.0);
    metrics.gauge("otelcol_process_runtime_heap_alloc_bytes", "Bytes of allocated heap objects (JVM heap used).",
        () -> memory.getHeapMemoryUsage().getUsed());
    metrics.gauge("otelcol_process_runtime_total_sys_memory_bytes",
        "Total bytes of memory obtained from the OS (JVM heap and non-heap committed).",
        () -> memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted());
    metrics.gauge("otelcol_process_memory_rss", "Total physical memory (resident set size) in bytes.",
        ProcessMetrics::rss);
    metrics.counterFunction("otelcol_process_cpu_seconds", "Total CPU user and system time in seconds.",
        ProcessMetrics::cpuSeconds);
    metrics.gauge("telegate_jvm_heap_max_bytes", "Maximum JVM heap in bytes.",
        () -> memory.getHeapMemoryUsage().getMax());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      metrics.counterFunction("telegate_jvm_gc_collections", "GC runs since start.", gc::getCollectionCount,
          "gc", gc.getName());
      metrics.counterFunction("telegate_jvm_gc_time_seconds", "Time spent in GC since start, in seconds.",
          () -> gc.getCollectionTime() / 1000.0, "gc", gc.getName());
    }
  }

  private static double rss() {
    try {
      String[] parts = Files.readString(STATM).trim().split("\\s+");
      return Long.parseLong(parts[1]) * PAGE_SIZE;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  private static double cpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }
}
