package io.telegate.exporter.loki;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.ValueText;
import io.telegate.core.data.wire.WireReader;
import io.telegate.exporter.loki.LokiExporterConfig.LineFormat;
import io.telegate.exporter.loki.LokiLabels.Label;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the encoded OTLP logs request straight into Loki streams, reading its bytes with {@link
 * WireReader}: no protobuf-java message, no string per attribute, one line buffer per batch that
 * every entry's line is written into as UTF-8. The rules are those of the object path it replaced
 * (kept in the tests as the oracle it is compared with byte for byte): the same labels (config, hints,
 * default labels; the first source to set a name wins), the same tenant, structured metadata and
 * lines in the {@code json} and {@code raw} formats. A {@code logfmt} line is the one part still
 * written from objects: the record, its resource and scope are parsed for that line alone.
 *
 * <p>A record's labels are written as length-prefixed bytes (tenant, then each sorted name and
 * value), which are its stream's key: the previous record's stream is tried first, then a hash
 * table; names and values become strings only when a stream is new.
 *
 * <p>Thread-safe: each {@link #translate} call walks with its own state.
 */
final class LokiWireTranslator {

  /** The streams of one batch, and what the guards did to it. */
  record Result(List<WireStream> streams, ByteText lines, int records, int droppedWithoutLabels,
      int truncatedLabelValues) {}

  private static final int RESOURCE_LOGS = WireReader.tag(1, WireReader.LEN);
  private static final int RL_RESOURCE = WireReader.tag(1, WireReader.LEN);
  private static final int RL_SCOPE_LOGS = WireReader.tag(2, WireReader.LEN);
  private static final int RESOURCE_ATTRIBUTES = WireReader.tag(1, WireReader.LEN);
  private static final int SL_SCOPE = WireReader.tag(1, WireReader.LEN);
  private static final int SL_LOG_RECORDS = WireReader.tag(2, WireReader.LEN);
  private static final int SCOPE_NAME = WireReader.tag(1, WireReader.LEN);
  private static final int SCOPE_VERSION = WireReader.tag(2, WireReader.LEN);
  private static final int LR_TIME = 1 << 3 | WireReader.FIXED64;
  private static final int LR_SEVERITY_NUMBER = 2 << 3 | WireReader.VARINT;
  private static final int LR_SEVERITY_TEXT = 3 << 3 | WireReader.LEN;
  private static final int LR_ATTRIBUTES = 6 << 3 | WireReader.LEN;
  private static final int LR_BODY = 5 << 3 | WireReader.LEN;
  private static final int LR_FLAGS = 8 << 3 | WireReader.FIXED32;
  private static final int LR_TRACE_ID = 9 << 3 | WireReader.LEN;
  private static final int LR_SPAN_ID = 10 << 3 | WireReader.LEN;
  private static final int LR_OBSERVED_TIME = 11 << 3 | WireReader.FIXED64;
  private static final int KV_KEY = WireReader.tag(1, WireReader.LEN);
  private static final int KV_VALUE = WireReader.tag(2, WireReader.LEN);
  private static final int LIST_VALUES = WireReader.tag(1, WireReader.LEN);

  /** AnyValue's oneof fields. */
  private static final int STRING = 1;
  private static final int BOOL = 2;
  private static final int INT = 3;
  private static final int DOUBLE = 4;
  private static final int ARRAY = 5;
  private static final int KVLIST = 6;
  private static final int BYTES = 7;
  /** {@code string_value_strindex}, for profiles: set, but with no text (pdata writes it as unset). */
  private static final int STRINDEX = 8;

  static final String HINT_RESOURCE_LABELS_NAME = "loki.resource.labels";
  static final String HINT_ATTRIBUTE_LABELS_NAME = "loki.attribute.labels";
  static final String HINT_TENANT_NAME = "loki.tenant";
  static final String HINT_FORMAT_NAME = "loki.format";
  private static final String[] SEVERITY_BASE_NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
  private static final byte[] HINT_RESOURCE_LABELS = utf8(HINT_RESOURCE_LABELS_NAME);
  private static final byte[] HINT_ATTRIBUTE_LABELS = utf8(HINT_ATTRIBUTE_LABELS_NAME);
  private static final byte[] HINT_TENANT = utf8(HINT_TENANT_NAME);
  private static final byte[] HINT_FORMAT = utf8(HINT_FORMAT_NAME);
  private static final byte[][] HINTS = {HINT_RESOURCE_LABELS, HINT_ATTRIBUTE_LABELS, HINT_TENANT, HINT_FORMAT};
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] SERVICE_NAME = utf8("service.name");
  private static final byte[] SERVICE_NAMESPACE = utf8("service.namespace");
  private static final byte[] SERVICE_INSTANCE_ID = utf8("service.instance.id");
  private static final byte[] LEVEL = utf8("level");
  private static final byte[] OTLP = utf8("OTLP");
  private static final byte[][] SEVERITY_NAMES = new byte[25][];

  static {
    for (int i = 1; i <= 24; i++) {
      SEVERITY_NAMES[i] = utf8(severityName(i));
    }
  }

  /** TRACE, TRACE2 … FATAL4 for severity numbers 1 to 24, as the Collector names them. */
  static String severityName(int number) {
    int base = (number - 1) / 4;
    int step = (number - 1) % 4;
    return step == 0 ? SEVERITY_BASE_NAMES[base] : SEVERITY_BASE_NAMES[base] + (step + 1);
  }

  /** A configured name: as given, its UTF-8 bytes, and the label name it becomes. */
  private record Name(String name, byte[] utf8, String label) {
    static Name of(String name, String label) {
      return new Name(name, LokiWireTranslator.utf8(name), LokiLabels.sanitizeName(label));
    }
  }

  private final LokiExporterConfig config;
  private final Clock clock;
  private final Name[] resourceLabels;
  private final Name[] attributeLabels;
  private final String[] staticNames;
  private final byte[][] staticValues;
  /** {@code labels.record}: the field (0 traceID, 1 spanID, 2 severity, 3 severityN) and label. */
  private final int[] recordFields;
  private final String[] recordLabels;
  private final boolean exporterLabel;
  private final boolean jobLabel;
  private final boolean instanceLabel;
  private final boolean levelLabel;
  private final Name[] metadata;
  private final byte[] staticTenant;
  private final byte[] tenantAttribute;
  private final int maxLabelBytes;

  LokiWireTranslator(LokiExporterConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    LabelsConfig labels = config.labels();
    resourceLabels = names(labels.resource());
    attributeLabels = names(labels.attributes());
    staticNames = new String[labels.staticLabels().size()];
    staticValues = new byte[staticNames.length][];
    int i = 0;
    for (Map.Entry<String, String> e : labels.staticLabels().entrySet()) {
      staticNames[i] = LokiLabels.sanitizeName(e.getKey());
      staticValues[i++] = utf8(e.getValue());
    }
    recordFields = new int[labels.record().size()];
    recordLabels = new String[recordFields.length];
    i = 0;
    for (Map.Entry<String, String> e : labels.record().entrySet()) {
      recordFields[i] = switch (e.getKey()) {
        case "traceID" -> 0;
        case "spanID" -> 1;
        case "severity" -> 2;
        default -> 3;
      };
      recordLabels[i++] = LokiLabels.sanitizeName(e.getValue());
    }
    exporterLabel = config.defaultLabelEnabled("exporter");
    jobLabel = config.defaultLabelEnabled("job");
    instanceLabel = config.defaultLabelEnabled("instance");
    levelLabel = config.defaultLabelEnabled("level");
    metadata = config.structuredMetadata().stream().map(n -> Name.of(n, n)).toArray(Name[]::new);
    TenantConfig t = config.tenant();
    staticTenant = t.isSet() && t.source() == TenantConfig.Source.STATIC ? utf8(t.value()) : null;
    tenantAttribute = t.isSet() && t.source() == TenantConfig.Source.ATTRIBUTES ? utf8(t.value()) : null;
    maxLabelBytes = config.labelValueMaxLength();
  }

  private static Name[] names(Map<String, String> attributeToLabel) {
    Name[] out = new Name[attributeToLabel.size()];
    int i = 0;
    for (Map.Entry<String, String> e : attributeToLabel.entrySet()) {
      out[i++] = Name.of(e.getKey(), e.getValue());
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  Result translate(Logs logs) {
    return new Walk(logs.encoded(), logs.client()).run();
  }

  /** The key/value positions of one attribute list, in order; repeated keys are kept. */
  private static final class Attrs {
    int n;
    int[] keyStart = new int[16];
    int[] keyLength = new int[16];
    int[] valueStart = new int[16];
    int[] valueEnd = new int[16];
    int[] kvStart = new int[16];
    int[] kvEnd = new int[16];

    void add(int ks, int kl, int vs, int ve, int s, int e) {
      if (n == keyStart.length) {
        int m = n * 2;
        keyStart = Arrays.copyOf(keyStart, m);
        keyLength = Arrays.copyOf(keyLength, m);
        valueStart = Arrays.copyOf(valueStart, m);
        valueEnd = Arrays.copyOf(valueEnd, m);
        kvStart = Arrays.copyOf(kvStart, m);
        kvEnd = Arrays.copyOf(kvEnd, m);
      }
      keyStart[n] = ks;
      keyLength[n] = kl;
      valueStart[n] = vs;
      valueEnd[n] = ve;
      kvStart[n] = s;
      kvEnd[n] = e;
      n++;
    }

    /** The index of the first attribute named {@code name}, or -1. */
    int find(byte[] buf, byte[] name, int off, int len) {
      for (int i = 0; i < n; i++) {
        if (keyLength[i] == len && Arrays.equals(buf, keyStart[i], keyStart[i] + len, name, off, off + len)) {
          return i;
        }
      }
      return -1;
    }

    int find(byte[] buf, byte[] name) {
      return find(buf, name, 0, name.length);
    }
  }

  /**
   * The attribute names to leave out of one record's line: the hints always, plus the names
   * promoted to labels or structured metadata, as byte ranges.
   */
  private static final class Skip {
    int n;
    byte[][] arrays = new byte[8][];
    int[] offsets = new int[8];
    int[] lengths = new int[8];

    void clear() {
      n = 0;
    }

    void add(byte[] a, int off, int len) {
      if (isHint(a, off, len) || contains(a, off, len)) {
        return;
      }
      if (n == arrays.length) {
        arrays = Arrays.copyOf(arrays, n * 2);
        offsets = Arrays.copyOf(offsets, n * 2);
        lengths = Arrays.copyOf(lengths, n * 2);
      }
      arrays[n] = a;
      offsets[n] = off;
      lengths[n] = len;
      n++;
    }

    void add(byte[] name) {
      add(name, 0, name.length);
    }

    boolean skips(byte[] a, int off, int len) {
      return isHint(a, off, len) || contains(a, off, len);
    }

    private boolean contains(byte[] a, int off, int len) {
      for (int i = 0; i < n; i++) {
        if (lengths[i] == len && Arrays.equals(arrays[i], offsets[i], offsets[i] + len, a, off, off + len)) {
          return true;
        }
      }
      return false;
    }

    private static boolean isHint(byte[] a, int off, int len) {
      if (len < 11 || len > 21 || a[off] != 'l') {
        return false;
      }
      for (byte[] h : HINTS) {
        if (h.length == len && Arrays.equals(h, 0, len, a, off, off + len)) {
          return true;
        }
      }
      return false;
    }

    /** Same names added in the same order as {@code o}: the same set, so the same line parts. */
    boolean sameAs(Skip o) {
      if (n != o.n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (lengths[i] != o.lengths[i] || !Arrays.equals(arrays[i], offsets[i], offsets[i] + lengths[i],
            o.arrays[i], o.offsets[i], o.offsets[i] + o.lengths[i])) {
          return false;
        }
      }
      return true;
    }

    void copyFrom(Skip o) {
      clear();
      for (int i = 0; i < o.n; i++) {
        // Copied: the source may point into scratch buffers reused by the next record.
        add(Arrays.copyOfRange(o.arrays[i], o.offsets[i], o.offsets[i] + o.lengths[i]));
      }
    }

    Set<String> asStrings() {
      Set<String> out = new HashSet<>(Set.of(HINT_RESOURCE_LABELS_NAME, HINT_ATTRIBUTE_LABELS_NAME,
          HINT_TENANT_NAME, HINT_FORMAT_NAME));
      for (int i = 0; i < n; i++) {
        out.add(new String(arrays[i], offsets[i], lengths[i], StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  /** The names a hint lists, parsed once per distinct hint value. */
  private static final class HintCache {
    byte[] raw;
    List<Name> names;
  }

  /** One translate call: the cursor, scratch buffers and the batch's streams. */
  private final class Walk {

    private final byte[] b;
    private final WireReader r;
    private final ClientContext client;
    private final ByteText lines;
    private final List<WireStream> out = new ArrayList<>();
    private WireStream[] table = new WireStream[64];
    private WireStream last;
    private int records;
    private int dropped;
    private int truncated;

    // Set by any(): the value's field content.
    private int vs;
    private int ve;
    // Set by next(): the end of the field found.
    private int fieldEnd;
    // Set by readKeyValue().
    private int kvKeyStart;
    private int kvKeyLength;
    private int kvValueStart;
    private int kvValueEnd;
    // Set by lookup(): the found AnyValue's range.
    private int foundStart;
    private int foundEnd;

    private final Attrs resource = new Attrs();
    private final Attrs attrs = new Attrs();
    private final Skip skipResource = new Skip();
    private final Skip skipAttrs = new Skip();
    private final ByteText labelValues = new ByteText(256);
    private final ByteText key = new ByteText(256);
    private final ByteText text = new ByteText(256);
    private int[] kvStack = new int[64];
    private int kvTop;
    private String[] labelNames = new String[16];
    private int[] labelStarts = new int[16];
    private int[] labelLengths = new int[16];
    private int labelCount;

    // Per resource.
    private byte[] job;
    private byte[] instance;
    private List<Name> resourceHintNames;
    private boolean resourceFormatHint;
    private LineFormat resourceFormat;
    private String resourceTenantHint;
    private byte[] resourceTenantValue;
    private final Skip resourcesSkip = new Skip();
    private byte[] resourcesJson;
    private boolean resourcesJsonValid;
    private List<KeyValue> resourceObjects;
    private final HintCache recordResourceHint = new HintCache();
    private final HintCache recordAttributeHint = new HintCache();
    private final HintCache resourceHint = new HintCache();

    // Per scope.
    private int scopeNameStart;
    private int scopeNameLength;
    private int scopeVersionStart;
    private int scopeVersionLength;
    private byte[] scopeJson;
    private boolean scopeJsonDone;

    Walk(byte[] request, ClientContext client) {
      this.b = request;
      this.r = new WireReader(request);
      this.client = client;
      this.lines = new ByteText(request.length + request.length / 2);
    }

    Result run() {
      int end = b.length;
      for (int s = next(0, end, RESOURCE_LOGS); s >= 0; ) {
        int e = fieldEnd;
        resourceLogs(s, e);
        s = next(e, end, RESOURCE_LOGS);
      }
      for (WireStream s : out) {
        s.sortEntries();
      }
      return new Result(out, lines, records, dropped, truncated);
    }

    private void resourceLogs(int start, int end) {
      resource.n = 0;
      // A message field given twice is merged, as protobuf-java does: the attributes of both.
      for (int s = next(start, end, RL_RESOURCE); s >= 0; ) {
        int e = fieldEnd;
        for (int a = next(s, e, RESOURCE_ATTRIBUTES); a >= 0; ) {
          int ae = fieldEnd;
          readKeyValue(a, ae);
          resource.add(kvKeyStart, kvKeyLength, kvValueStart, kvValueEnd, a, ae);
          a = next(ae, e, RESOURCE_ATTRIBUTES);
        }
        s = next(e, end, RL_RESOURCE);
      }
      resourceState();
      for (int s = next(start, end, RL_SCOPE_LOGS); s >= 0; ) {
        int e = fieldEnd;
        scopeLogs(s, e);
        s = next(e, end, RL_SCOPE_LOGS);
      }
    }

    /**
     * The content of the next field with tag {@code want} from {@code p} on, other fields skipped:
     * its start, its end in {@link #fieldEnd}; -1 when there is none before {@code end}.
     */
    private int next(int p, int end, int want) {
      while (p < end) {
        r.seek(p);
        int tag = r.readTag(end);
        if (tag == want) {
          fieldEnd = r.readEnd(end);
          return r.pos();
        }
        r.skipField(tag, end, 3);
        p = r.pos();
      }
      return -1;
    }

    /** Reads the KeyValue in [start, end) into kvKeyStart, kvKeyLength, kvValueStart, kvValueEnd. */
    private void readKeyValue(int start, int end) {
      kvKeyStart = start;
      kvKeyLength = 0;
      kvValueStart = end;
      kvValueEnd = end;
      int p = start;
      while (p < end) {
        r.seek(p);
        int tag = r.readTag(end);
        if (tag == KV_KEY) {
          kvKeyLength = r.readLength(end);
          kvKeyStart = r.pos();
          p = kvKeyStart + kvKeyLength;
        } else if (tag == KV_VALUE) {
          int len = r.readLength(end);
          kvValueStart = r.pos();
          kvValueEnd = kvValueStart + len;
          p = kvValueEnd;
        } else {
          r.skipField(tag, end, 3);
          p = r.pos();
        }
      }
    }

    private void resourceState() {
      int name = resource.find(b, SERVICE_NAME);
      if (name < 0) {
        job = null;
      } else {
        int ns = resource.find(b, SERVICE_NAMESPACE);
        text.truncate(0);
        if (ns >= 0) {
          asString(text, resource.valueStart[ns], resource.valueEnd[ns]);
          text.append('/');
        }
        asString(text, resource.valueStart[name], resource.valueEnd[name]);
        job = text.copy(0);
      }
      int inst = resource.find(b, SERVICE_INSTANCE_ID);
      if (inst < 0) {
        instance = null;
      } else {
        text.truncate(0);
        asString(text, resource.valueStart[inst], resource.valueEnd[inst]);
        instance = text.copy(0);
      }
      int hint = resource.find(b, HINT_RESOURCE_LABELS);
      resourceHintNames = hint < 0 ? null : hintNames(resourceHint, resource.valueStart[hint], resource.valueEnd[hint]);
      int format = resource.find(b, HINT_FORMAT);
      resourceFormatHint = format >= 0;
      resourceFormat = format < 0 ? null : LineFormat.parse(string(resource.valueStart[format], resource.valueEnd[format]));
      int tenant = resource.find(b, HINT_TENANT);
      resourceTenantHint = tenant < 0 ? null
          : string(resource.valueStart[tenant], resource.valueEnd[tenant]).strip();
      if (tenantAttribute != null) {
        int t = resource.find(b, tenantAttribute);
        resourceTenantValue = t < 0 ? null : asStringBytes(resource.valueStart[t], resource.valueEnd[t]);
      }
      resourcesJsonValid = false;
      resourceObjects = null;
    }

    private void scopeLogs(int start, int end) {
      scopeNameLength = 0;
      scopeVersionLength = 0;
      for (int s = next(start, end, SL_SCOPE); s >= 0; ) {
        int e = fieldEnd;
        scope(s, e);
        s = next(e, end, SL_SCOPE);
      }
      scopeJsonDone = false;
      for (int s = next(start, end, SL_LOG_RECORDS); s >= 0; ) {
        int e = fieldEnd;
        record(s, e);
        s = next(e, end, SL_LOG_RECORDS);
      }
    }

    private void scope(int start, int end) {
      int p = start;
      while (p < end) {
        r.seek(p);
        int tag = r.readTag(end);
        if (tag == SCOPE_NAME) {
          scopeNameLength = r.readLength(end);
          scopeNameStart = r.pos();
          p = scopeNameStart + scopeNameLength;
        } else if (tag == SCOPE_VERSION) {
          scopeVersionLength = r.readLength(end);
          scopeVersionStart = r.pos();
          p = scopeVersionStart + scopeVersionLength;
        } else {
          r.skipField(tag, end, 3);
          p = r.pos();
        }
      }
    }

    private void record(int start, int end) {
      long time = 0;
      long observed = 0;
      int severity = 0;
      int sevTextStart = 0;
      int sevTextLength = 0;
      int bodyStart = -1;
      int bodyEnd = -1;
      int flags = 0;
      int traceStart = 0;
      int traceLength = 0;
      int spanStart = 0;
      int spanLength = 0;
      attrs.n = 0;
      int p = start;
      while (p < end) {
        r.seek(p);
        int tag = r.readTag(end);
        if (tag == LR_ATTRIBUTES) {
          int e = r.readEnd(end);
          int kv = r.pos();
          readKeyValue(kv, e);
          attrs.add(kvKeyStart, kvKeyLength, kvValueStart, kvValueEnd, kv, e);
          p = e;
          continue;
        }
        switch (tag) {
          case LR_TIME -> time = r.readFixed64(end);
          case LR_SEVERITY_NUMBER -> severity = r.readVarint32(end);
          case LR_SEVERITY_TEXT -> {
            sevTextLength = r.readLength(end);
            sevTextStart = r.pos();
            r.seek(sevTextStart + sevTextLength);
          }
          case LR_BODY -> {
            int len = r.readLength(end);
            bodyStart = r.pos();
            bodyEnd = bodyStart + len;
            r.seek(bodyEnd);
          }
          case LR_FLAGS -> flags = r.readFixed32(end);
          case LR_TRACE_ID -> {
            traceLength = r.readLength(end);
            traceStart = r.pos();
            r.seek(traceStart + traceLength);
          }
          case LR_SPAN_ID -> {
            spanLength = r.readLength(end);
            spanStart = r.pos();
            r.seek(spanStart + spanLength);
          }
          case LR_OBSERVED_TIME -> observed = r.readFixed64(end);
          default -> r.skipField(tag, end, 3);
        }
        p = r.pos();
      }

      // Labels, in the object path's order; the first to set a name wins.
      skipResource.clear();
      skipAttrs.clear();
      labelCount = 0;
      labelValues.truncate(0);
      for (Name n : resourceLabels) {
        int i = resource.find(b, n.utf8());
        if (i >= 0) {
          putAsString(n.label(), resource.valueStart[i], resource.valueEnd[i]);
          skipResource.add(n.utf8());
        }
      }
      for (Name n : attributeLabels) {
        int i = attrs.find(b, n.utf8());
        if (i >= 0) {
          putAsString(n.label(), attrs.valueStart[i], attrs.valueEnd[i]);
          skipAttrs.add(n.utf8());
        }
      }
      for (int i = 0; i < staticNames.length; i++) {
        putBytes(staticNames[i], staticValues[i], 0, staticValues[i].length);
      }
      for (int i = 0; i < recordFields.length; i++) {
        switch (recordFields[i]) {
          case 0 -> {
            if (traceLength > 0) {
              int s = labelValues.size();
              labelValues.hex(b, traceStart, traceLength);
              commit(recordLabels[i], s);
            }
          }
          case 1 -> {
            if (spanLength > 0) {
              int s = labelValues.size();
              labelValues.hex(b, spanStart, spanLength);
              commit(recordLabels[i], s);
            }
          }
          case 2 -> {
            if (sevTextLength > 0) {
              putBytes(recordLabels[i], b, sevTextStart, sevTextLength);
            }
          }
          default -> {
            if (severity != 0) {
              int s = labelValues.size();
              labelValues.decimal(severity);
              commit(recordLabels[i], s);
            }
          }
        }
      }
      if (resourceHintNames != null) {
        promote(resourceHintNames, resource, skipResource);
      }
      int hint = attrs.find(b, HINT_RESOURCE_LABELS);
      if (hint >= 0) {
        promote(hintNames(recordResourceHint, attrs.valueStart[hint], attrs.valueEnd[hint]), resource, skipResource);
      }
      hint = attrs.find(b, HINT_ATTRIBUTE_LABELS);
      if (hint >= 0) {
        promote(hintNames(recordAttributeHint, attrs.valueStart[hint], attrs.valueEnd[hint]), attrs, skipAttrs);
      }
      if (exporterLabel) {
        putBytes("exporter", OTLP, 0, OTLP.length);
      }
      if (jobLabel && job != null) {
        putBytes("job", job, 0, job.length);
      }
      if (instanceLabel && instance != null) {
        putBytes("instance", instance, 0, instance.length);
      }
      if (levelLabel && severity > 0) {
        int level = attrs.find(b, LEVEL);
        if (level >= 0) {
          skipAttrs.add(LEVEL);
          putAsString("level", attrs.valueStart[level], attrs.valueEnd[level]);
        } else if (severity <= 24) {
          putBytes("level", SEVERITY_NAMES[severity], 0, SEVERITY_NAMES[severity].length);
        }
      }
      if (labelCount == 0) {
        dropped++;
        return;
      }

      List<Label> md = List.of();
      boolean withTraceId = true;
      boolean withSpanId = true;
      if (metadata.length > 0) {
        md = new ArrayList<>(metadata.length);
        for (Name n : metadata) {
          int i = attrs.find(b, n.utf8());
          if (i >= 0) {
            md.add(new Label(n.label(), string(attrs.valueStart[i], attrs.valueEnd[i])));
            skipAttrs.add(n.utf8());
            continue;
          }
          i = resource.find(b, n.utf8());
          if (i >= 0) {
            md.add(new Label(n.label(), string(resource.valueStart[i], resource.valueEnd[i])));
            skipResource.add(n.utf8());
            continue;
          }
          if ((n.name().equals("trace_id") || n.name().equals("traceid")) && traceLength > 0) {
            md.add(new Label(n.label(), hex(traceStart, traceLength)));
            withTraceId = false;
          } else if ((n.name().equals("span_id") || n.name().equals("spanid")) && spanLength > 0) {
            md.add(new Label(n.label(), hex(spanStart, spanLength)));
            withSpanId = false;
          }
        }
        if (md.isEmpty()) {
          md = List.of();
        }
      }

      LineFormat format = format();
      int lineStart = lines.size();
      switch (format) {
        case JSON -> jsonLine(bodyStart, bodyEnd, withTraceId ? traceLength : 0, traceStart,
            withSpanId ? spanLength : 0, spanStart, sevTextStart, sevTextLength, flags);
        case RAW -> {
          if (bodyStart >= 0) {
            asString(lines, bodyStart, bodyEnd);
          }
        }
        case LOGFMT -> logfmtLine(start, end, withTraceId, withSpanId);
      }
      int lineLength = lines.size() - lineStart;

      WireStream stream = stream(tenant());
      long ts = time != 0 ? time : observed != 0 ? observed : now();
      stream.add(ts, lineStart, lineLength, md);
      records++;
    }

    private long now() {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ---- labels

    /** Puts the value written to {@link #labelValues} from {@code start} on, unless the name is set. */
    private void commit(String name, int start) {
      for (int i = 0; i < labelCount; i++) {
        if (labelNames[i].equals(name)) {
          labelValues.truncate(start);
          return;
        }
      }
      int len = labelValues.size() - start;
      if (maxLabelBytes > 0 && len > maxLabelBytes) {
        byte[] v = labelValues.array();
        int cut = maxLabelBytes;
        // Step back over continuation bytes (10xxxxxx) so no character is split.
        while (cut > 0 && (v[start + cut] & 0xC0) == 0x80) {
          cut--;
        }
        labelValues.truncate(start + cut);
        len = cut;
        truncated++;
      }
      if (labelCount == labelNames.length) {
        labelNames = Arrays.copyOf(labelNames, labelCount * 2);
        labelStarts = Arrays.copyOf(labelStarts, labelCount * 2);
        labelLengths = Arrays.copyOf(labelLengths, labelCount * 2);
      }
      labelNames[labelCount] = name;
      labelStarts[labelCount] = start;
      labelLengths[labelCount] = len;
      labelCount++;
    }

    private void putAsString(String name, int anyStart, int anyEnd) {
      int s = labelValues.size();
      asString(labelValues, anyStart, anyEnd);
      commit(name, s);
    }

    private void putBytes(String name, byte[] src, int off, int len) {
      int s = labelValues.size();
      labelValues.append(src, off, len);
      commit(name, s);
    }

    private void promote(List<Name> names, Attrs source, Skip skip) {
      for (Name n : names) {
        if (lookup(source, n.utf8())) {
          putAsString(n.label(), foundStart, foundEnd);
          skip.add(n.utf8());
        }
      }
    }

    /** Finds {@code name} in {@code source}; failing that, {@code a.b} looks for {@code b} inside map {@code a}. */
    private boolean lookup(Attrs source, byte[] name) {
      int i = source.find(b, name);
      if (i >= 0) {
        foundStart = source.valueStart[i];
        foundEnd = source.valueEnd[i];
        return true;
      }
      int dot = indexOfDot(name, 0, name.length);
      if (dot <= 0) {
        return false;
      }
      i = source.find(b, name, 0, dot);
      if (i < 0 || any(source.valueStart[i], source.valueEnd[i]) != KVLIST) {
        return false;
      }
      return lookupInMap(vs, ve, name, dot + 1, name.length - dot - 1);
    }

    private boolean lookupInMap(int listStart, int listEnd, byte[] name, int off, int len) {
      if (findInMap(listStart, listEnd, name, off, len)) {
        return true;
      }
      int dot = indexOfDot(name, off, len);
      if (dot <= off) {
        return false;
      }
      if (!findInMap(listStart, listEnd, name, off, dot - off) || any(foundStart, foundEnd) != KVLIST) {
        return false;
      }
      return lookupInMap(vs, ve, name, dot + 1, off + len - dot - 1);
    }

    /** The first entry of the KeyValueList in [start, end) with that key, its value in found*. */
    private boolean findInMap(int start, int end, byte[] name, int off, int len) {
      for (int s = next(start, end, LIST_VALUES); s >= 0; ) {
        int e = fieldEnd;
        readKeyValue(s, e);
        if (kvKeyLength == len && Arrays.equals(b, kvKeyStart, kvKeyStart + len, name, off, off + len)) {
          foundStart = kvValueStart;
          foundEnd = kvValueEnd;
          return true;
        }
        s = next(e, end, LIST_VALUES);
      }
      return false;
    }

    private static int indexOfDot(byte[] a, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (a[i] == '.') {
          return i;
        }
      }
      return -1;
    }

    /** The names a hint value lists (comma-separated, or a list), parsed once per distinct value. */
    private List<Name> hintNames(HintCache cache, int anyStart, int anyEnd) {
      int len = anyEnd - anyStart;
      if (cache.raw != null && cache.raw.length == len && Arrays.equals(cache.raw, 0, len, b, anyStart, anyEnd)) {
        return cache.names;
      }
      List<Name> names = new ArrayList<>();
      if (any(anyStart, anyEnd) == ARRAY) {
        int end = ve;
        for (int s = next(vs, end, LIST_VALUES); s >= 0; ) {
          int e = fieldEnd;
          addHintName(names, string(s, e));
          s = next(e, end, LIST_VALUES);
        }
      } else {
        for (String s : string(anyStart, anyEnd).split(",")) {
          addHintName(names, s);
        }
      }
      cache.raw = Arrays.copyOfRange(b, anyStart, anyEnd);
      cache.names = names;
      return names;
    }

    private void addHintName(List<Name> names, String s) {
      String n = s.strip();
      if (!n.isEmpty()) {
        names.add(Name.of(n, n));
      }
    }

    // ---- streams

    /** The stream of the current labels and {@code tenant} (bytes in {@link #text}): found or made. */
    private WireStream stream(byte[] tenant) {
      sortLabels();
      key.truncate(0);
      lengthPrefixed(tenant, 0, tenant.length);
      byte[] v = labelValues.array();
      for (int i = 0; i < labelCount; i++) {
        String name = labelNames[i];
        key.append((byte) name.length()).append((byte) (name.length() >>> 8)).ascii(name);
        lengthPrefixed(v, labelStarts[i], labelLengths[i]);
      }
      byte[] k = key.array();
      int len = key.size();
      if (last != null && last.hasKey(k, len)) {
        return last;
      }
      int h = 1;
      for (int i = 0; i < len; i++) {
        h = 31 * h + k[i];
      }
      h ^= h >>> 16;
      int mask = table.length - 1;
      int slot = h & mask;
      WireStream s;
      while ((s = table[slot]) != null) {
        if (s.hash() == h && s.hasKey(k, len)) {
          last = s;
          return s;
        }
        slot = (slot + 1) & mask;
      }
      List<Label> labels = new ArrayList<>(labelCount);
      for (int i = 0; i < labelCount; i++) {
        labels.add(new Label(labelNames[i], new String(v, labelStarts[i], labelLengths[i], StandardCharsets.UTF_8)));
      }
      s = new WireStream(new String(tenant, StandardCharsets.UTF_8), List.copyOf(labels), key.copy(0), h, lines);
      table[slot] = s;
      out.add(s);
      if (out.size() * 2 > table.length) {
        rehash();
      }
      last = s;
      return s;
    }

    private void lengthPrefixed(byte[] a, int off, int len) {
      key.append((byte) len).append((byte) (len >>> 8)).append((byte) (len >>> 16)).append((byte) (len >>> 24))
          .append(a, off, len);
    }

    private void rehash() {
      WireStream[] t = new WireStream[table.length * 2];
      int mask = t.length - 1;
      for (WireStream s : out) {
        int slot = s.hash() & mask;
        while (t[slot] != null) {
          slot = (slot + 1) & mask;
        }
        t[slot] = s;
      }
      table = t;
    }

    /** Insertion sort of the few labels by name (names are unique, so it is a strict order). */
    private void sortLabels() {
      for (int i = 1; i < labelCount; i++) {
        String n = labelNames[i];
        int s = labelStarts[i];
        int l = labelLengths[i];
        int j = i - 1;
        while (j >= 0 && labelNames[j].compareTo(n) > 0) {
          labelNames[j + 1] = labelNames[j];
          labelStarts[j + 1] = labelStarts[j];
          labelLengths[j + 1] = labelLengths[j];
          j--;
        }
        labelNames[j + 1] = n;
        labelStarts[j + 1] = s;
        labelLengths[j + 1] = l;
      }
    }

    /** The record's tenant as UTF-8; empty for none. */
    private byte[] tenant() {
      TenantConfig t = config.tenant();
      if (t.isSet()) {
        return switch (t.source()) {
          case STATIC -> staticTenant;
          case ATTRIBUTES -> {
            if (resourceTenantValue != null) {
              yield resourceTenantValue;
            }
            int i = attrs.find(b, tenantAttribute);
            yield i < 0 ? EMPTY : asStringBytes(attrs.valueStart[i], attrs.valueEnd[i]);
          }
          case CONTEXT -> client.get(t.value()).isEmpty() ? EMPTY : utf8(client.get(t.value()).get(0));
        };
      }
      String hint = resourceTenantHint;
      if (hint == null) {
        int i = attrs.find(b, HINT_TENANT);
        if (i < 0) {
          return EMPTY;
        }
        hint = string(attrs.valueStart[i], attrs.valueEnd[i]).strip();
      }
      byte[] name = utf8(hint);
      int i = resource.find(b, name);
      if (i >= 0) {
        return asStringBytes(resource.valueStart[i], resource.valueEnd[i]);
      }
      i = attrs.find(b, name);
      return i < 0 ? EMPTY : asStringBytes(attrs.valueStart[i], attrs.valueEnd[i]);
    }

    private LineFormat format() {
      if (resourceFormatHint) {
        return resourceFormat != null ? resourceFormat : config.format();
      }
      int i = attrs.find(b, HINT_FORMAT);
      if (i >= 0) {
        LineFormat f = LineFormat.parse(string(attrs.valueStart[i], attrs.valueEnd[i]));
        if (f != null) {
          return f;
        }
      }
      return config.format();
    }

    // ---- lines

    private void jsonLine(int bodyStart, int bodyEnd, int traceLength, int traceStart, int spanLength,
        int spanStart, int sevStart, int sevLength, int flags) {
      ByteText o = lines;
      o.append('{');
      int start = o.size();
      if (bodyStart >= 0 && any(bodyStart, bodyEnd) != 0) {
        o.ascii("\"body\":");
        appendJson(o, bodyStart, bodyEnd);
      }
      if (traceLength > 0 && !isZero(traceStart, traceLength)) {
        field(o, start, "traceid").append('"').hex(b, traceStart, traceLength).append('"');
      }
      if (spanLength > 0 && !isZero(spanStart, spanLength)) {
        field(o, start, "spanid").append('"').hex(b, spanStart, spanLength).append('"');
      }
      if (sevLength > 0) {
        field(o, start, "severity").jsonQuoted(b, sevStart, sevLength);
      }
      if (flags != 0) {
        field(o, start, "flags").decimal(Integer.toUnsignedLong(flags));
      }
      if (hasAny(attrs, skipAttrs)) {
        jsonObject(field(o, start, "attributes"), attrs, skipAttrs);
      }
      byte[] res = resourcesJson();
      if (res != null) {
        field(o, start, "resources").append(res);
      }
      byte[] scope = scopeJson();
      if (scope != null) {
        field(o, start, "instrumentation_scope").append(scope);
      }
      o.append('}');
    }

    private ByteText field(ByteText o, int start, String name) {
      if (o.size() > start) {
        o.append(',');
      }
      return o.append('"').ascii(name).append('"').append(':');
    }

    private boolean isZero(int start, int length) {
      for (int i = start; i < start + length; i++) {
        if (b[i] != 0) {
          return false;
        }
      }
      return true;
    }

    private boolean hasAny(Attrs list, Skip skip) {
      for (int i = 0; i < list.n; i++) {
        if (!skip.skips(b, list.keyStart[i], list.keyLength[i])) {
          return true;
        }
      }
      return false;
    }

    /** The resources value for the current skip set, made again only when the set changes. */
    private byte[] resourcesJson() {
      if (resourcesJsonValid && skipResource.sameAs(resourcesSkip)) {
        return resourcesJson;
      }
      if (hasAny(resource, skipResource)) {
        text.truncate(0);
        jsonObject(text, resource, skipResource);
        resourcesJson = text.copy(0);
      } else {
        resourcesJson = null;
      }
      resourcesSkip.copyFrom(skipResource);
      resourcesJsonValid = true;
      return resourcesJson;
    }

    private byte[] scopeJson() {
      if (!scopeJsonDone) {
        scopeJsonDone = true;
        if (scopeNameLength == 0) {
          scopeJson = null;
        } else {
          text.truncate(0);
          text.ascii("{\"name\":").jsonQuoted(b, scopeNameStart, scopeNameLength);
          if (scopeVersionLength > 0) {
            text.ascii(",\"version\":").jsonQuoted(b, scopeVersionStart, scopeVersionLength);
          }
          scopeJson = text.append('}').copy(0);
        }
      }
      return scopeJson;
    }

    /**
     * Attributes as a JSON object with sorted keys, leaving out the skipped ones; a repeated key
     * keeps its first value (the object path's attribute map).
     */
    private void jsonObject(ByteText o, Attrs list, Skip skip) {
      int base = kvTop;
      for (int i = 0; i < list.n; i++) {
        int ks = list.keyStart[i];
        int kl = list.keyLength[i];
        if (skip.skips(b, ks, kl) || indexOfKey(base, ks, kl) >= 0) {
          continue;
        }
        pushKv(ks, kl, list.valueStart[i], list.valueEnd[i]);
      }
      writeSortedObject(o, base);
    }

    // ---- values

    /**
     * The oneof field of the AnyValue in [start, end) (0 for none; the last one given wins, as in
     * protobuf-java); its content in vs/ve.
     */
    private int any(int start, int end) {
      int kind = 0;
      int p = start;
      while (p < end) {
        r.seek(p);
        int tag = r.readTag(end);
        int field = tag >>> 3;
        int wt = tag & 7;
        if (field >= 1 && field <= STRINDEX && wt == expectedWireType(field)) {
          kind = field;
          if (wt == WireReader.LEN) {
            int len = r.readLength(end);
            vs = r.pos();
            ve = vs + len;
            r.seek(ve);
          } else {
            vs = r.pos();
            r.skipField(tag, end, 3);
            ve = r.pos();
          }
        } else {
          r.skipField(tag, end, 3);
        }
        p = r.pos();
      }
      return kind;
    }

    private static int expectedWireType(int field) {
      return switch (field) {
        case BOOL, INT, STRINDEX -> WireReader.VARINT;
        case DOUBLE -> WireReader.FIXED64;
        default -> WireReader.LEN;
      };
    }

    private long varintAt(int p) {
      r.seek(p);
      return r.readVarint64(b.length);
    }

    private long fixed64At(int p) {
      r.seek(p);
      return r.readFixed64(b.length);
    }

    /** Writes the value as pdata's {@code AsString} ({@link ValueText#asString}). */
    private void asString(ByteText o, int start, int end) {
      int kind = any(start, end);
      int s = vs;
      int e = ve;
      switch (kind) {
        case STRING -> o.append(b, s, e - s);
        case BOOL -> o.ascii(varintAt(s) != 0 ? "true" : "false");
        case INT -> o.decimal(varintAt(s));
        case DOUBLE -> o.ascii(ValueText.formatDouble(Double.longBitsToDouble(fixed64At(s))));
        case BYTES -> base64(o, s, e);
        case ARRAY, KVLIST -> appendJson(o, start, end);
        default -> { }
      }
    }

    private byte[] asStringBytes(int start, int end) {
      text.truncate(0);
      asString(text, start, end);
      return text.copy(0);
    }

    private String string(int anyStart, int anyEnd) {
      text.truncate(0);
      asString(text, anyStart, anyEnd);
      return text.string(0);
    }

    private String hex(int start, int length) {
      text.truncate(0);
      return text.hex(b, start, length).string(0);
    }

    private void base64(ByteText o, int s, int e) {
      ByteBuffer enc = Base64.getEncoder().encode(ByteBuffer.wrap(b, s, e - s));
      o.append(enc.array(), enc.arrayOffset(), enc.remaining());
    }

    /** Writes the value as JSON, as {@link ValueText#appendJson} does. */
    private void appendJson(ByteText o, int start, int end) {
      int kind = any(start, end);
      int s = vs;
      int e = ve;
      switch (kind) {
        case STRING -> o.jsonQuoted(b, s, e - s);
        case BOOL -> o.ascii(varintAt(s) != 0 ? "true" : "false");
        case INT -> o.decimal(varintAt(s));
        case DOUBLE -> {
          double d = Double.longBitsToDouble(fixed64At(s));
          String t = ValueText.formatDouble(d);
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            o.append('"').ascii(t).append('"');
          } else {
            o.ascii(t);
          }
        }
        case BYTES -> {
          o.append('"');
          base64(o, s, e);
          o.append('"');
        }
        case ARRAY -> {
          o.append('[');
          boolean first = true;
          for (int es = next(s, e, LIST_VALUES); es >= 0; ) {
            int ee = fieldEnd;
            if (!first) {
              o.append(',');
            }
            first = false;
            appendJson(o, es, ee);
            es = next(ee, e, LIST_VALUES);
          }
          o.append(']');
        }
        case KVLIST -> {
          int base = kvTop;
          for (int es = next(s, e, LIST_VALUES); es >= 0; ) {
            int ee = fieldEnd;
            mapEntry(es, ee, base);
            es = next(ee, e, LIST_VALUES);
          }
          writeSortedObject(o, base);
        }
        default -> o.ascii("null");
      }
    }

    /** One map entry; a key given twice keeps its last value, as pdata's map does. */
    private void mapEntry(int start, int end, int base) {
      readKeyValue(start, end);
      int ks = kvKeyStart;
      int kl = kvKeyLength;
      int valS = kvValueStart;
      int valE = kvValueEnd;
      int at = indexOfKey(base, ks, kl);
      if (at >= 0) {
        kvStack[at + 2] = valS;
        kvStack[at + 3] = valE;
      } else {
        pushKv(ks, kl, valS, valE);
      }
    }

    private int indexOfKey(int base, int ks, int kl) {
      for (int i = base; i < kvTop; i += 4) {
        if (kvStack[i + 1] == kl && Arrays.equals(b, kvStack[i], kvStack[i] + kl, b, ks, ks + kl)) {
          return i;
        }
      }
      return -1;
    }

    private void pushKv(int ks, int kl, int valS, int valE) {
      if (kvTop + 4 > kvStack.length) {
        kvStack = Arrays.copyOf(kvStack, kvStack.length * 2);
      }
      kvStack[kvTop++] = ks;
      kvStack[kvTop++] = kl;
      kvStack[kvTop++] = valS;
      kvStack[kvTop++] = valE;
    }

    /** Sorts the entries from {@code base} to the top by key, writes them as an object, pops them. */
    private void writeSortedObject(ByteText o, int base) {
      int[] st = kvStack;
      for (int i = base + 4; i < kvTop; i += 4) {
        int ks = st[i];
        int kl = st[i + 1];
        int a = st[i + 2];
        int z = st[i + 3];
        int j = i - 4;
        while (j >= base && ByteText.compareUtf16(b, st[j], st[j + 1], b, ks, kl) > 0) {
          System.arraycopy(st, j, st, j + 4, 4);
          j -= 4;
        }
        st[j + 4] = ks;
        st[j + 5] = kl;
        st[j + 6] = a;
        st[j + 7] = z;
      }
      o.append('{');
      int top = kvTop;
      for (int i = base; i < top; i += 4) {
        if (i > base) {
          o.append(',');
        }
        o.jsonQuoted(b, kvStack[i], kvStack[i + 1]).append(':');
        // Nested maps push above top and pop back to it.
        appendJson(o, kvStack[i + 2], kvStack[i + 3]);
      }
      kvTop = base;
      o.append('}');
    }

    // ---- logfmt, from objects

    private void logfmtLine(int start, int end, boolean withTraceId, boolean withSpanId) {
      try {
        LogRecord record = LogRecord.parseFrom(ByteBuffer.wrap(b, start, end - start));
        if (resourceObjects == null) {
          List<KeyValue> list = new ArrayList<>(resource.n);
          for (int i = 0; i < resource.n; i++) {
            list.add(KeyValue.parseFrom(ByteBuffer.wrap(b, resource.kvStart[i], resource.kvEnd[i] - resource.kvStart[i])));
          }
          resourceObjects = list;
        }
        InstrumentationScope scope = InstrumentationScope.newBuilder()
            .setName(new String(b, scopeNameStart, scopeNameLength, StandardCharsets.UTF_8))
            .setVersion(new String(b, scopeVersionStart, scopeVersionLength, StandardCharsets.UTF_8)).build();
        String line = LogLineFormatter.logfmt(new LogLineFormatter.Line(record, resourceObjects, scope,
            skipAttrs.asStrings(), skipResource.asStrings(), withTraceId, withSpanId, null, null), new StringBuilder());
        lines.utf8(line);
      } catch (InvalidProtocolBufferException e) {
        throw new MalformedDataException("cannot parse a log record: " + e.getMessage(), e);
      }
    }
  }
}
