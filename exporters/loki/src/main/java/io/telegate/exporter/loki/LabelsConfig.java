package io.telegate.exporter.loki;

import io.telegate.core.component.ConfigKey;
import io.telegate.core.component.ConfigValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code labels}: which attributes become Loki labels, by config rather than by hint.
 *
 * @param resource resource attribute name → label name, for example {@code service.name: service_name}
 * @param attributes log record attribute name → label name
 * @param staticLabels label name → value, on every stream
 * @param record the older Collector key: a log record field ({@code traceID}, {@code spanID},
 *     {@code severity}, {@code severityN}) → label name
 */
public record LabelsConfig(
    Map<String, String> resource,
    Map<String, String> attributes,
    @ConfigKey("static") Map<String, String> staticLabels,
    Map<String, String> record) implements ConfigValidator {

  public static final LabelsConfig DEFAULT = new LabelsConfig(Map.of(), Map.of(), Map.of(), Map.of());

  /** The record fields {@code labels.record} may name, as the Collector's Loki exporter had them. */
  static final List<String> RECORD_FIELDS = List.of("traceID", "spanID", "severity", "severityN");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    check(resource, "resource::", errors, true);
    check(attributes, "attributes::", errors, true);
    check(staticLabels, "static::", errors, false);
    check(record, "record::", errors, true);
    for (String field : record.keySet()) {
      if (!RECORD_FIELDS.contains(field)) {
        errors.add("record::" + field + ": unknown log record field (expected one of: "
            + String.join(", ", RECORD_FIELDS) + ")");
      }
    }
    return errors;
  }

  private static void check(Map<String, String> map, String prefix, List<String> errors, boolean valueIsLabelName) {
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().isBlank()) {
        errors.add(prefix + e.getKey() + ": must not be empty");
      } else if (e.getValue() == null || e.getValue().isBlank()) {
        errors.add(prefix + e.getKey() + ": must not be empty"
            + (valueIsLabelName ? " (expected: the Loki label name)" : " (expected: the label value)"));
      }
    }
  }
}
