package io.telegate.core.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource of the gateway's own telemetry: {@code service.name}, {@code service.version} and
 * {@code service.instance.id}, with {@code service.telemetry.resource} applied over them as the
 * Collector applies it (a value replaces or adds an attribute, {@code null} removes one).
 */
public final class SelfResource {

  private SelfResource() {}

  /**
   * @param configured {@code service.telemetry.resource}; values are strings or {@code null}
   * @param instanceId the random {@code service.instance.id} used unless configured
   */
  public static Map<String, String> resolve(Map<String, Object> configured, String version, String instanceId) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("service.name", "telegate");
    attributes.put("service.version", version);
    attributes.put("service.instance.id", instanceId);
    for (Map.Entry<String, Object> e : configured.entrySet()) {
      if (e.getValue() == null) {
        attributes.remove(e.getKey());
      } else {
        attributes.put(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    return attributes;
  }

  /** The attributes as Prometheus labels: every character outside {@code [a-zA-Z0-9_]} becomes {@code _}. */
  public static Map<String, String> labels(Map<String, String> attributes) {
    Map<String, String> out = new LinkedHashMap<>();
    attributes.forEach((k, v) -> out.put(labelName(k), v));
    return out;
  }

  /**
   * The labels every self-metric series carries, as older Collectors wrote them and dashboards
   * still group by: {@code service_name}, {@code service_version}, {@code service_instance_id}, those
   * of them the resource has.
   */
  public static Map<String, String> seriesLabels(Map<String, String> attributes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : new String[] {"service.name", "service.version", "service.instance.id"}) {
      if (attributes.containsKey(key)) {
        out.put(labelName(key), attributes.get(key));
      }
    }
    return out;
  }

  static String labelName(String attribute) {
    StringBuilder sb = new StringBuilder(attribute.length() + 1);
    if (!attribute.isEmpty() && Character.isDigit(attribute.charAt(0))) {
      sb.append('_');
    }
    for (int i = 0; i < attribute.length(); i++) {
      char c = attribute.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }
}
