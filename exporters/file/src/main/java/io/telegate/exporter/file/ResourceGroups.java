package io.telegate.exporter.file;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A request split by the string value of one resource attribute ({@code group_by}): one request
 * per value, in the order the values first appear, and what had no such value.
 *
 * @param groups the request for each value
 * @param droppedItems items of resources without the attribute, or with a value that is not a string
 */
record ResourceGroups(Map<String, TelemetryData<?>> groups, int droppedItems) {

  static ResourceGroups of(TelemetryData<?> data, String attribute) {
    if (data instanceof Traces t) {
      return split(t.request().getResourceSpansList(), ResourceSpans::getResource, attribute,
          list -> Traces.of(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(list).build(), t.client()));
    }
    if (data instanceof Metrics m) {
      return split(m.request().getResourceMetricsList(), ResourceMetrics::getResource, attribute,
          list -> Metrics.of(ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(list).build(), m.client()));
    }
    Logs l = (Logs) data;
    return split(l.request().getResourceLogsList(), ResourceLogs::getResource, attribute,
        list -> Logs.of(ExportLogsServiceRequest.newBuilder().addAllResourceLogs(list).build(), l.client()));
  }

  private static <R> ResourceGroups split(List<R> resources, Function<R, Resource> resourceOf, String attribute,
      Function<List<R>, TelemetryData<?>> request) {
    Map<String, List<R>> byValue = new LinkedHashMap<>();
    List<R> without = new ArrayList<>();
    for (R r : resources) {
      String value = stringValue(resourceOf.apply(r), attribute);
      if (value == null) {
        without.add(r);
      } else {
        byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(r);
      }
    }
    Map<String, TelemetryData<?>> groups = new LinkedHashMap<>();
    byValue.forEach((value, list) -> groups.put(value, request.apply(list)));
    int dropped = without.isEmpty() ? 0 : request.apply(without).itemCount();
    return new ResourceGroups(groups, dropped);
  }

  private static String stringValue(Resource resource, String attribute) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(attribute)) {
        return kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE ? kv.getValue().getStringValue() : null;
      }
    }
    return null;
  }
}
