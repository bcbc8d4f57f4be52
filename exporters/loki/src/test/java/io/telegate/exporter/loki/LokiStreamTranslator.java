package io.telegate.exporter.loki;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.exporter.loki.LokiExporterConfig.LineFormat;
import io.telegate.exporter.loki.LokiLabels.Label;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The test oracle: the object path that the exporter used before {@link LokiWireTranslator}, kept
 * as it was so that {@code LokiWireTranslatorOracleTest} can require the same push requests from
 * the wire path.
 *
 * <p>Turns OTLP logs into Loki streams: labels, tenant, line and structured metadata per record, as
 * the config and the Collector's hints ask.
 *
 * <p>Labels come from, in this order (the first source to set a label name wins): {@code
 * labels.resource}, {@code labels.attributes}, {@code labels.static}; the hints {@code
 * loki.resource.labels} and {@code loki.attribute.labels}; the default labels exporter, job,
 * instance and level. Attributes promoted to labels or structured metadata, and the hint
 * attributes, are left out of the line. A record without any label is dropped and counted, as the
 * Collector did.
 */
final class LokiStreamTranslator {

  static final String HINT_RESOURCE_LABELS = "loki.resource.labels";
  static final String HINT_ATTRIBUTE_LABELS = "loki.attribute.labels";
  static final String HINT_TENANT = "loki.tenant";
  static final String HINT_FORMAT = "loki.format";
  private static final Set<String> HINTS =
      Set.of(HINT_RESOURCE_LABELS, HINT_ATTRIBUTE_LABELS, HINT_TENANT, HINT_FORMAT);
  private static final String[] SEVERITY_NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
  private static final HexFormat HEX = HexFormat.of();

  /** The streams of one batch, and what the guards did to it. */
  record Result(List<LokiStream> streams, int records, int droppedWithoutLabels, int truncatedLabelValues) {}

  private final LokiExporterConfig config;
  private final Clock clock;

  LokiStreamTranslator(LokiExporterConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  Result translate(Logs logs) {
    // Streams by tenant, then by labels text; and in the order they were first seen.
    Map<String, Map<String, LokiStream>> byTenant = new HashMap<>();
    List<LokiStream> out = new ArrayList<>();
    // Records in a row mostly share their labels: the previous record's stream is tried first.
    LokiStream last = null;
    TreeMap<String, String> lastLabels = null;
    StringBuilder scratch = new StringBuilder(512);
    int[] truncated = {0};
    int dropped = 0;
    int records = 0;
    ClientContext client = logs.client();
    for (ResourceLogs rl : logs.request().getResourceLogsList()) {
      List<KeyValue> resourceList = rl.getResource().getAttributesList();
      Attributes resource = new Attributes(resourceList);
      String job = job(resource);
      // The json "resources" value of the last skip set seen in this ResourceLogs (null: none yet).
      Set<String> resourcesSkip = null;
      String resourcesJson = null;
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        boolean scopeDone = false;
        String scopeJson = null;
        for (LogRecord lr : sl.getLogRecordsList()) {
          Attributes attrs = new Attributes(lr.getAttributesList());
          SkipSet skipResource = new SkipSet();
          SkipSet skipAttrs = new SkipSet();
          TreeMap<String, String> labels = labels(resource, job, attrs, lr, skipResource, skipAttrs, truncated);
          if (labels.isEmpty()) {
            dropped++;
            continue;
          }
          List<Label> metadata = new ArrayList<>(config.structuredMetadata().size());
          boolean[] idsInLine = {true, true};
          structuredMetadata(resource, attrs, lr, metadata, skipResource, skipAttrs, idsInLine);
          LineFormat format = format(resource, attrs);
          if (format == LineFormat.JSON) {
            // Equal skip sets leave the same resource attributes: the cached value is the same text.
            if (!skipResource.names().equals(resourcesSkip)) {
              resourcesJson = LogLineFormatter.resourcesJson(resourceList, skipResource.names());
              resourcesSkip = skipResource.names();
            }
            if (!scopeDone) {
              scopeJson = LogLineFormatter.scopeJson(sl.getScope());
              scopeDone = true;
            }
          }
          String line = LogLineFormatter.format(format, new LogLineFormatter.Line(lr, resourceList, sl.getScope(),
              skipAttrs.names(), skipResource.names(), idsInLine[0], idsInLine[1],
              format == LineFormat.JSON ? resourcesJson : null, format == LineFormat.JSON ? scopeJson : null),
              scratch);
          String tenant = tenant(resource, attrs, client);
          LokiStream stream;
          if (last != null && last.tenant().equals(tenant) && labels.equals(lastLabels)) {
            stream = last;
          } else {
            List<Label> sorted = new ArrayList<>(labels.size());
            labels.forEach((k, v) -> sorted.add(new Label(k, v)));
            String text = LokiLabels.text(sorted);
            Map<String, LokiStream> byText = byTenant.computeIfAbsent(tenant, t -> new HashMap<>());
            stream = byText.get(text);
            if (stream == null) {
              stream = new LokiStream(tenant, List.copyOf(sorted), text);
              byText.put(text, stream);
              out.add(stream);
            }
            last = stream;
            lastLabels = labels;
          }
          stream.add(new LokiStream.Entry(timestamp(lr), line, metadata.isEmpty() ? List.of() : metadata));
          records++;
        }
      }
    }
    out.forEach(LokiStream::sortEntries);
    return new Result(out, records, dropped, truncated[0]);
  }

  /** The record's labels; {@code job} is the resource's {@link #job}. */
  private TreeMap<String, String> labels(Attributes resource, String job, Attributes attrs, LogRecord lr,
      SkipSet skipResource, SkipSet skipAttrs, int[] truncated) {
    TreeMap<String, String> labels = new TreeMap<>();
    LabelsConfig explicit = config.labels();
    for (Map.Entry<String, String> e : explicit.resource().entrySet()) {
      AnyValue v = resource.get(e.getKey());
      if (v != null) {
        put(labels, e.getValue(), AnyValues.asString(v), truncated);
        skipResource.add(e.getKey());
      }
    }
    for (Map.Entry<String, String> e : explicit.attributes().entrySet()) {
      AnyValue v = attrs.get(e.getKey());
      if (v != null) {
        put(labels, e.getValue(), AnyValues.asString(v), truncated);
        skipAttrs.add(e.getKey());
      }
    }
    explicit.staticLabels().forEach((k, v) -> put(labels, k, v, truncated));
    for (Map.Entry<String, String> e : explicit.record().entrySet()) {
      String value = switch (e.getKey()) {
        case "traceID" -> lr.getTraceId().isEmpty() ? null : HexFormat.of().formatHex(lr.getTraceId().toByteArray());
        case "spanID" -> lr.getSpanId().isEmpty() ? null : HexFormat.of().formatHex(lr.getSpanId().toByteArray());
        case "severity" -> lr.getSeverityText().isEmpty() ? null : lr.getSeverityText();
        default -> lr.getSeverityNumberValue() == 0 ? null : Integer.toString(lr.getSeverityNumberValue());
      };
      if (value != null) {
        put(labels, e.getValue(), value, truncated);
      }
    }
    promoteHinted(resource.get(HINT_RESOURCE_LABELS), resource, labels, skipResource, truncated);
    promoteHinted(attrs.get(HINT_RESOURCE_LABELS), resource, labels, skipResource, truncated);
    promoteHinted(attrs.get(HINT_ATTRIBUTE_LABELS), attrs, labels, skipAttrs, truncated);
    if (config.defaultLabelEnabled("exporter")) {
      put(labels, "exporter", "OTLP", truncated);
    }
    if (config.defaultLabelEnabled("job") && job != null) {
      put(labels, "job", job, truncated);
    }
    if (config.defaultLabelEnabled("instance")) {
      AnyValue instance = resource.get("service.instance.id");
      if (instance != null) {
        put(labels, "instance", AnyValues.asString(instance), truncated);
      }
    }
    if (config.defaultLabelEnabled("level") && lr.getSeverityNumberValue() > 0) {
      // As the Collector: an existing "level" attribute wins over the severity number.
      AnyValue level = attrs.get("level");
      if (level != null) {
        skipAttrs.add("level");
        put(labels, "level", AnyValues.asString(level), truncated);
      } else if (lr.getSeverityNumberValue() <= 24) {
        put(labels, "level", severityName(lr.getSeverityNumberValue()), truncated);
      }
    }
    return labels;
  }

  /** {@code service.namespace/service.name}, or {@code service.name}; null without a name. */
  private static String job(Attributes resource) {
    AnyValue name = resource.get("service.name");
    if (name == null) {
      return null;
    }
    AnyValue ns = resource.get("service.namespace");
    return ns == null ? AnyValues.asString(name) : AnyValues.asString(ns) + "/" + AnyValues.asString(name);
  }

  /** TRACE, TRACE2 … FATAL4 for severity numbers 1 to 24, as the Collector names them. */
  static String severityName(int number) {
    int base = (number - 1) / 4;
    int step = (number - 1) % 4;
    return step == 0 ? SEVERITY_NAMES[base] : SEVERITY_NAMES[base] + (step + 1);
  }

  private void put(TreeMap<String, String> labels, String name, String value, int[] truncated) {
    String cut = LokiLabels.truncate(value, config.labelValueMaxLength());
    String key = LokiLabels.sanitizeName(name);
    if (!labels.containsKey(key)) {
      if (cut.length() != value.length()) {
        truncated[0]++;
      }
      labels.put(key, cut);
    }
  }

  /** A hint value lists attribute names, comma-separated (or as a list); each one found becomes a label. */
  private void promoteHinted(AnyValue hint, Attributes source, TreeMap<String, String> labels,
      SkipSet skip, int[] truncated) {
    if (hint == null) {
      return;
    }
    for (String name : hintNames(hint)) {
      AnyValue v = lookup(source, name);
      if (v != null) {
        put(labels, name, AnyValues.asString(v), truncated);
        skip.add(name);
      }
    }
  }

  private static List<String> hintNames(AnyValue hint) {
    List<String> names = new ArrayList<>();
    if (hint.hasArrayValue()) {
      hint.getArrayValue().getValuesList().forEach(v -> addName(names, AnyValues.asString(v)));
    } else {
      for (String s : AnyValues.asString(hint).split(",")) {
        addName(names, s);
      }
    }
    return names;
  }

  private static void addName(List<String> names, String s) {
    String n = s.strip();
    if (!n.isEmpty()) {
      names.add(n);
    }
  }

  /** An attribute by name; failing that, {@code a.b} looks for key {@code b} inside map {@code a}. */
  private static AnyValue lookup(Attributes attrs, String name) {
    AnyValue v = attrs.get(name);
    if (v != null) {
      return v;
    }
    int dot = name.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    AnyValue parent = attrs.get(name.substring(0, dot));
    if (parent == null || !parent.hasKvlistValue()) {
      return null;
    }
    return lookup(new Attributes(parent.getKvlistValue().getValuesList()), name.substring(dot + 1));
  }

  private void structuredMetadata(Attributes resource, Attributes attrs, LogRecord lr,
      List<Label> out, SkipSet skipResource, SkipSet skipAttrs, boolean[] idsInLine) {
    for (String name : config.structuredMetadata()) {
      AnyValue v = attrs.get(name);
      if (v != null) {
        out.add(new Label(LokiLabels.sanitizeName(name), AnyValues.asString(v)));
        skipAttrs.add(name);
        continue;
      }
      v = resource.get(name);
      if (v != null) {
        out.add(new Label(LokiLabels.sanitizeName(name), AnyValues.asString(v)));
        skipResource.add(name);
        continue;
      }
      // trace_id and span_id name the record's own fields when no attribute has that name.
      if ((name.equals("trace_id") || name.equals("traceid")) && !lr.getTraceId().isEmpty()) {
        out.add(new Label(LokiLabels.sanitizeName(name), HEX.formatHex(lr.getTraceId().toByteArray())));
        idsInLine[0] = false;
      } else if ((name.equals("span_id") || name.equals("spanid")) && !lr.getSpanId().isEmpty()) {
        out.add(new Label(LokiLabels.sanitizeName(name), HEX.formatHex(lr.getSpanId().toByteArray())));
        idsInLine[1] = false;
      }
    }
  }

  private LineFormat format(Attributes resource, Attributes attrs) {
    AnyValue hint = resource.get(HINT_FORMAT);
    if (hint == null) {
      hint = attrs.get(HINT_FORMAT);
    }
    if (hint != null) {
      LineFormat f = LineFormat.parse(AnyValues.asString(hint));
      if (f != null) {
        return f;
      }
    }
    return config.format();
  }

  /** The record's tenant; empty for none. */
  private String tenant(Attributes resource, Attributes attrs, ClientContext client) {
    TenantConfig t = config.tenant();
    if (t.isSet()) {
      return switch (t.source()) {
        case STATIC -> t.value();
        case ATTRIBUTES -> attributeValue(resource, attrs, t.value());
        case CONTEXT -> client.get(t.value()).isEmpty() ? "" : client.get(t.value()).get(0);
      };
    }
    // The hint names the attribute holding the tenant; the resource's hint and value win.
    AnyValue hint = resource.get(HINT_TENANT);
    if (hint == null) {
      hint = attrs.get(HINT_TENANT);
    }
    return hint == null ? "" : attributeValue(resource, attrs, AnyValues.asString(hint).strip());
  }

  private static String attributeValue(Attributes resource, Attributes attrs, String name) {
    AnyValue v = resource.get(name);
    if (v == null) {
      v = attrs.get(name);
    }
    return v == null ? "" : AnyValues.asString(v);
  }

  private long timestamp(LogRecord lr) {
    if (lr.getTimeUnixNano() != 0) {
      return lr.getTimeUnixNano();
    }
    if (lr.getObservedTimeUnixNano() != 0) {
      return lr.getObservedTimeUnixNano();
    }
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Attribute values by key, the first of a repeated key winning. Short lists (most records have a
   * handful of attributes) are scanned instead of hashed into a map per record.
   */
  private static final class Attributes {

    private static final int SCAN_MAX = 8;

    private final List<KeyValue> list;
    private final Map<String, AnyValue> map;

    Attributes(List<KeyValue> list) {
      this.list = list;
      if (list.size() <= SCAN_MAX) {
        this.map = null;
      } else {
        this.map = new HashMap<>(list.size() * 2);
        for (KeyValue kv : list) {
          map.putIfAbsent(kv.getKey(), kv.getValue());
        }
      }
    }

    AnyValue get(String key) {
      if (map != null) {
        return map.get(key);
      }
      for (int i = 0; i < list.size(); i++) {
        KeyValue kv = list.get(i);
        if (kv.getKey().equals(key)) {
          return kv.getValue();
        }
      }
      return null;
    }
  }

  /**
   * The attribute names to leave out of one record's line: the hints, plus those promoted to labels
   * or structured metadata. It is the shared {@link #HINTS} set until the first name is added (most
   * records add none), so records can share it and compare it cheaply.
   */
  private static final class SkipSet {

    private Set<String> names = HINTS;

    void add(String name) {
      if (names == HINTS) {
        if (HINTS.contains(name)) {
          return;
        }
        names = new HashSet<>(HINTS);
      }
      names.add(name);
    }

    Set<String> names() {
      return names;
    }
  }
}
