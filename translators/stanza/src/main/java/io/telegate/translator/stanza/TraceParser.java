package io.telegate.translator.stanza;

import java.util.HexFormat;

/**
 * Parses an entry's trace context from fields: the {@code trace} block of parsers and the
 * {@code trace_parser} operator ({@code trace_id.parse_from}, default
 * {@code attributes.trace_id}; {@code span_id.parse_from}, {@code attributes.span_id};
 * {@code trace_flags.parse_from}, {@code attributes.trace_flags}). A field that is absent leaves
 * the entry's value as it was.
 */
final class TraceParser {

  private final Field traceId;
  private final Field spanId;
  private final Field traceFlags;

  private TraceParser(Field traceId, Field spanId, Field traceFlags) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.traceFlags = traceFlags;
  }

  static TraceParser read(OperatorConfig c) {
    return new TraceParser(sub(c, "trace_id"), sub(c, "span_id"), sub(c, "trace_flags"));
  }

  private static Field sub(OperatorConfig c, String key) {
    Field def = Field.attribute(key);
    OperatorConfig b = c.block(key);
    if (b == null) {
      return def;
    }
    Field f = b.field("parse_from", def);
    b.finish();
    return f;
  }

  void parse(Entry e) {
    StringBuilder errors = null;
    try {
      byte[] t = hex(e, traceId, 16);
      if (t != null) {
        e.traceId = t;
      }
    } catch (OperatorException ex) {
      errors = append(errors, ex);
    }
    try {
      byte[] s = hex(e, spanId, 8);
      if (s != null) {
        e.spanId = s;
      }
    } catch (OperatorException ex) {
      errors = append(errors, ex);
    }
    try {
      byte[] f = hex(e, traceFlags, 1);
      if (f != null) {
        e.traceFlags = f[0] & 0xff;
      }
    } catch (OperatorException ex) {
      errors = append(errors, ex);
    }
    if (errors != null) {
      throw new OperatorException("error parsing trace data: " + errors);
    }
  }

  private static StringBuilder append(StringBuilder sb, OperatorException ex) {
    if (sb == null) {
      return new StringBuilder(ex.getMessage());
    }
    return sb.append("; ").append(ex.getMessage());
  }

  private static byte[] hex(Entry e, Field f, int length) {
    if (!f.has(e)) {
      return null;
    }
    Object v = f.get(e);
    if (!(v instanceof String s)) {
      throw new OperatorException(f + ": type " + Expr.describe(v) + " cannot be parsed as hex");
    }
    byte[] b;
    try {
      b = HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException ex) {
      throw new OperatorException(f + ": '" + s + "' is not hex");
    }
    if (b.length != length) {
      throw new OperatorException(f + ": " + b.length + " bytes, expected " + length);
    }
    return b;
  }
}
