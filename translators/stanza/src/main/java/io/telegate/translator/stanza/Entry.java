package io.telegate.translator.stanza;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log entry on its way through an operator pipeline: stanza's {@code entry.Entry}. Mutable and
 * owned by one thread at a time; an operator edits it in place and passes it on.
 *
 * <p>{@code body} is a value tree: {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 * {@code byte[]}, {@code List<Object>}, {@code Map<String, Object>} (insertion-ordered), or null.
 * Attributes and resource hold the same kinds of values. Times are Unix nanoseconds, 0 when
 * unset; ids are null when unset.
 */
public final class Entry {
  public Object body;
  public final Map<String, Object> attributes;
  public final Map<String, Object> resource;
  public long timestampNanos;
  public long observedTimestampNanos;
  /** OTLP {@code SeverityNumber}, 0 when unset. */
  public int severityNumber;
  public String severityText;
  public byte[] traceId;
  public byte[] spanId;
  public int traceFlags;
  public String scopeName;

  public Entry(Object body, long observedTimestampNanos) {
    this.body = body;
    this.observedTimestampNanos = observedTimestampNanos;
    this.attributes = new LinkedHashMap<>();
    this.resource = new LinkedHashMap<>();
  }

  /** A deep copy: the value trees are new, so the copy can be edited on its own. */
  @SuppressWarnings("unchecked")
  public Entry copy() {
    Entry c = new Entry(Values.copy(body), observedTimestampNanos);
    c.attributes.putAll((Map<String, Object>) Values.copy(attributes));
    c.resource.putAll((Map<String, Object>) Values.copy(resource));
    c.timestampNanos = timestampNanos;
    c.severityNumber = severityNumber;
    c.severityText = severityText;
    c.traceId = traceId == null ? null : traceId.clone();
    c.spanId = spanId == null ? null : spanId.clone();
    c.traceFlags = traceFlags;
    c.scopeName = scopeName;
    return c;
  }
}
