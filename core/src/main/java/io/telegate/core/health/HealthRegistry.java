package io.telegate.core.health;

import io.telegate.core.telemetry.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The health of every component, and the overall answers for {@code /health*}. */
public final class HealthRegistry {

  private final Clock clock;
  private final Instant startTime;
  private final String version;
  private final Map<String, ComponentHealth> components = new ConcurrentHashMap<>();
  private volatile boolean ready;

  public HealthRegistry(Clock clock, String version) {
    this.clock = clock;
    this.startTime = clock.instant();
    this.version = version;
  }

  /** The health entry of a component, created on first use. */
  public ComponentHealth component(String kind, String id) {
    return components.computeIfAbsent(kind + ":" + id, k -> new ComponentHealth(kind, id, clock));
  }

  /** Set once every pipeline started; cleared when shutdown begins. */
  public void setReady(boolean ready) {
    this.ready = ready;
  }

  public boolean isReady() {
    return ready;
  }

  public Duration uptime() {
    return Duration.between(startTime, clock.instant());
  }

  /** {@code healthy}, {@code degraded} (a recoverable error somewhere) or {@code unhealthy}. */
  public String overallStatus() {
    boolean degraded = false;
    for (ComponentHealth h : components.values()) {
      if (h.status() == ComponentHealth.Status.PERMANENT_ERROR) {
        return "unhealthy";
      }
      degraded |= h.status() == ComponentHealth.Status.RECOVERABLE_ERROR;
    }
    if (!ready) {
      return "unhealthy";
    }
    return degraded ? "degraded" : "healthy";
  }

  /** The {@code /health} document. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"status\":");
    Json.quote(sb, overallStatus());
    sb.append(",\"service\":\"telegate\",\"version\":");
    Json.quote(sb, version);
    sb.append(",\"uptime_seconds\":").append(uptime().toSeconds());
    sb.append(",\"ready\":").append(ready);
    sb.append(",\"components\":{");
    List<ComponentHealth> sorted = new ArrayList<>(components.values());
    sorted.sort((a, b) -> (a.kind() + a.id()).compareTo(b.kind() + b.id()));
    boolean first = true;
    for (ComponentHealth h : sorted) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      Json.quote(sb, h.kind() + ":" + h.id());
      sb.append(":{\"status\":");
      Json.quote(sb, h.status().name().toLowerCase(java.util.Locale.ROOT));
      sb.append(",\"since\":");
      Json.quote(sb, h.since().toString());
      if (h.lastError() != null) {
        sb.append(",\"last_error\":");
        Json.quote(sb, h.lastError());
        sb.append(",\"last_error_time\":");
        Json.quote(sb, h.lastErrorTime().toString());
      }
      sb.append('}');
    }
    sb.append("}}");
    return sb.toString();
  }
}
