package io.telegate.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.core.data.wire.WireWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reads OTLP/JSON export requests straight into the protobuf wire format, as the Collector reads
 * them: trace and span ids in hex, 64-bit integers as numbers or decimal strings, enums by name or
 * number, keys in lowerCamelCase or snake_case, unknown fields skipped; everything else as
 * proto3's JSON mapping (protobuf-java's {@code JsonFormat}, the test oracle) reads it.
 *
 * <p>One pass of Jackson's streaming parser over the body, writing each field's wire encoding as
 * it is read: no tree, no string of the whole document, no message builders. What it costs the
 * heap is bounded by {@link #COST}. Nested messages get their length prefix after their content:
 * one byte is reserved, and the content is moved up when the length needs more.
 *
 * <p>Refused, with the field path: a body that is not UTF-8 or holds a NUL byte (UTF-16/32 text),
 * anything after the top-level object, unpaired surrogate escapes, ids that are not hex of the right
 * length, unknown enum names, values of the wrong type or out of range, a field or oneof given
 * twice, null array elements.
 */
public final class OtlpJsonReader {

  /**
   * What reading a body of N bytes costs the heap, in multiples of N, besides the body: the output
   * buffer, sized to the body, and its copy trimmed to size at the end. A field's JSON is never
   * shorter than its wire encoding, except numbers in packed arrays of 8-byte values (histogram
   * {@code bucketCounts}, {@code explicitBounds}): {@code [1,2,3]} takes 2 bytes per value and the
   * wire 8, so a body made of little else grows the buffer, to at most 4 N (and 1.5 times that
   * while it is copied).
   */
  public static final int COST = 2;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  private static final Map<Descriptor, MessageInfo> INFOS = new IdentityHashMap<>();
  private static final MessageInfo TRACES = info(ExportTraceServiceRequest.getDescriptor());
  private static final MessageInfo METRICS = info(ExportMetricsServiceRequest.getDescriptor());
  private static final MessageInfo LOGS = info(ExportLogsServiceRequest.getDescriptor());

  private OtlpJsonReader() {}

  /** The wire bytes of the {@code ExportTraceServiceRequest} in {@code body}. */
  public static byte[] traces(byte[] body) {
    return read(body, TRACES);
  }

  /** The wire bytes of the {@code ExportMetricsServiceRequest} in {@code body}. */
  public static byte[] metrics(byte[] body) {
    return read(body, METRICS);
  }

  /** The wire bytes of the {@code ExportLogsServiceRequest} in {@code body}. */
  public static byte[] logs(byte[] body) {
    return read(body, LOGS);
  }

  // --- what is known of each message type, built once ---

  private static final class MessageInfo {
    final Map<String, FieldInfo> byName = new HashMap<>();
  }

  private static final class FieldInfo {
    final FieldDescriptor fd;
    final String jsonName;
    final int number;
    final int oneof;
    final boolean repeated;
    final boolean packed;
    final int hexBytes;
    MessageInfo message;

    FieldInfo(FieldDescriptor fd) {
      this.fd = fd;
      this.jsonName = fd.getJsonName();
      this.number = fd.getNumber();
      this.oneof = fd.getRealContainingOneof() == null ? -1 : fd.getRealContainingOneof().getIndex();
      this.repeated = fd.isRepeated();
      this.packed = fd.isRepeated() && fd.isPackable();
      // OTLP/JSON writes the ids in hex; every other bytes field is base64, as in proto3's mapping.
      this.hexBytes = fd.getType() != FieldDescriptor.Type.BYTES ? 0 : switch (fd.getName()) {
        case "trace_id" -> 16;
        case "span_id", "parent_span_id" -> 8;
        default -> 0;
      };
    }
  }

  private static synchronized MessageInfo info(Descriptor type) {
    MessageInfo m = INFOS.get(type);
    if (m != null) {
      return m;
    }
    m = new MessageInfo();
    INFOS.put(type, m);
    for (FieldDescriptor fd : type.getFields()) {
      if (fd.getNumber() >= 64) {
        throw new IllegalStateException(type.getFullName() + "." + fd.getName() + ": field numbers must be < 64");
      }
      FieldInfo f = new FieldInfo(fd);
      m.byName.put(fd.getJsonName(), f);
      m.byName.put(fd.getName(), f);
      if (fd.getType() == FieldDescriptor.Type.MESSAGE) {
        f.message = info(fd.getMessageType());
      }
    }
    return m;
  }

  // --- reading ---

  private static byte[] read(byte[] body, MessageInfo root) {
    if (!OtlpWire.isValidUtf8(body, 0, body.length)) {
      throw new MalformedDataException("invalid JSON: the body is not valid UTF-8");
    }
    for (byte b : body) {
      if (b == 0) {
        throw new MalformedDataException("invalid JSON: the body holds a NUL byte (UTF-16 or UTF-32 text?)");
      }
    }
    Reader r = new Reader(body.length);
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        // An empty body is an empty request, as in the Collector.
        return new byte[0];
      }
      if (t != JsonToken.START_OBJECT) {
        throw new MalformedDataException("invalid OTLP/JSON: expected an object at the top level, got " + t.asString());
      }
      r.message(p, root);
      if (p.nextToken() != null) {
        throw new MalformedDataException("invalid JSON: trailing data after the top-level object at " + where(p));
      }
    } catch (JsonProcessingException e) {
      throw new MalformedDataException("invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr()), e);
    } catch (IOException e) {
      throw new MalformedDataException("invalid JSON: " + e.getMessage(), e);
    }
    return Arrays.copyOf(r.buf, r.pos);
  }

  private static String where(JsonParser p) {
    var l = p.currentLocation();
    return "line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /** One request being read: the output and the path of the value being read (for errors). */
  private static final class Reader {
    byte[] buf;
    int pos;
    // The path: field json names and array indexes (-1: not in an array), depth entries deep.
    String[] names = new String[16];
    int[] indexes = new int[16];
    int depth;

    Reader(int bodyLength) {
      buf = new byte[Math.max(16, bodyLength)];
    }

    // --- the path ---

    void push(String name) {
      if (depth == names.length) {
        names = Arrays.copyOf(names, depth * 2);
        indexes = Arrays.copyOf(indexes, depth * 2);
      }
      names[depth] = name;
      indexes[depth] = -1;
      depth++;
    }

    void pop() {
      depth--;
    }

    String path() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        if (i > 0) {
          sb.append('.');
        }
        sb.append(names[i]);
        if (indexes[i] >= 0) {
          sb.append('[').append(indexes[i]).append(']');
        }
      }
      return sb.toString();
    }

    MalformedDataException bad(String what) {
      return new MalformedDataException(path() + ": " + what);
    }

    // --- messages ---

    /** Reads the object whose START_OBJECT is the current token into {@code m}'s fields. */
    void message(JsonParser p, MessageInfo m) throws IOException {
      long seen = 0;
      long oneofs = 0;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        FieldInfo f = m.byName.get(name);
        JsonToken v = p.nextToken();
        if (f == null) {
          checkName(name);
          skip(p, v, name);
          continue;
        }
        if (v == JsonToken.VALUE_NULL) {
          continue;
        }
        push(f.jsonName);
        long bit = 1L << f.number;
        if ((seen & bit) != 0) {
          throw bad("the field is given twice");
        }
        seen |= bit;
        if (f.oneof >= 0) {
          long ob = 1L << f.oneof;
          if ((oneofs & ob) != 0) {
            throw bad("another field of its oneof (" + f.fd.getContainingOneof().getName() + ") is already set");
          }
          oneofs |= ob;
        }
        if (f.repeated) {
          repeated(p, f, v);
        } else {
          value(p, f, v, true);
        }
        pop();
      }
      if (t != JsonToken.END_OBJECT) {
        throw bad("unexpected " + t);
      }
    }

    private void repeated(JsonParser p, FieldInfo f, JsonToken v) throws IOException {
      if (v != JsonToken.START_ARRAY) {
        throw bad("expected an array, got " + v.asString());
      }
      int mark = f.packed ? beginLength(f.number) : -1;
      int i = 0;
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        indexes[depth - 1] = i++;
        if (e == JsonToken.VALUE_NULL) {
          throw bad("array elements cannot be null");
        }
        if (f.packed) {
          scalar(p, f, e);
        } else {
          value(p, f, e, false);
        }
      }
      indexes[depth - 1] = -1;
      if (f.packed) {
        endLength(mark);
      }
    }

    /** One value of a field, with its tag; a singular scalar at its default is left out unless it has presence. */
    private void value(JsonParser p, FieldInfo f, JsonToken v, boolean singular) throws IOException {
      FieldDescriptor.Type type = f.fd.getType();
      if (type == FieldDescriptor.Type.MESSAGE) {
        if (v != JsonToken.START_OBJECT) {
          throw bad("expected an object, got " + v.asString());
        }
        int mark = beginLength(f.number);
        message(p, f.message);
        endLength(mark);
        return;
      }
      if (type == FieldDescriptor.Type.STRING) {
        if (v != JsonToken.VALUE_STRING) {
          throw bad("expected a string, got " + v.asString());
        }
        string(p, f.number, singular && !f.fd.hasPresence());
        return;
      }
      if (type == FieldDescriptor.Type.BYTES) {
        if (v != JsonToken.VALUE_STRING) {
          throw bad("expected a " + (f.hexBytes > 0 ? "hex" : "base64") + " string, got " + v.asString());
        }
        byte[] raw = f.hexBytes > 0 ? hex(p.getText(), f.hexBytes) : base64(p.getText());
        if (raw.length == 0 && singular && !f.fd.hasPresence()) {
          return;
        }
        tag(f.number, 2);
        varint(raw.length);
        write(raw, 0, raw.length);
        return;
      }
      int start = pos;
      tag(f.number, wireType(type));
      boolean zero = scalar(p, f, v);
      if (zero && singular && !f.fd.hasPresence()) {
        pos = start;
      }
    }

    /** Writes one scalar's value (no tag); true when it is the type's default (zero, false). */
    private boolean scalar(JsonParser p, FieldInfo f, JsonToken v) throws IOException {
      switch (f.fd.getType()) {
        case BOOL -> {
          boolean b;
          if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
            b = v == JsonToken.VALUE_TRUE;
          } else if (v == JsonToken.VALUE_STRING && ("true".equals(p.getText()) || "false".equals(p.getText()))) {
            b = "true".equals(p.getText());
          } else {
            throw bad("expected true or false, got " + v.asString());
          }
          varint(b ? 1 : 0);
          return !b;
        }
        case INT32, SINT32, SFIXED32 -> {
          long n = integer(p, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
          writeInt32(f.fd.getType(), (int) n);
          return n == 0;
        }
        case UINT32, FIXED32 -> {
          long n = integer(p, v, 0, 0xFFFF_FFFFL);
          if (f.fd.getType() == FieldDescriptor.Type.FIXED32) {
            fixed32((int) n);
          } else {
            varint(n);
          }
          return n == 0;
        }
        case INT64, SINT64, SFIXED64 -> {
          long n = integer(p, v, Long.MIN_VALUE, Long.MAX_VALUE);
          switch (f.fd.getType()) {
            case SINT64 -> varint((n << 1) ^ (n >> 63));
            case SFIXED64 -> fixed64(n);
            default -> varint(n);
          }
          return n == 0;
        }
        case UINT64, FIXED64 -> {
          long n = unsigned64(p, v);
          if (f.fd.getType() == FieldDescriptor.Type.FIXED64) {
            fixed64(n);
          } else {
            varint(n);
          }
          return n == 0;
        }
        case DOUBLE -> {
          double d = floating(p, v, false);
          fixed64(Double.doubleToRawLongBits(d));
          return Double.doubleToRawLongBits(d) == 0;
        }
        case FLOAT -> {
          float d = (float) floating(p, v, true);
          fixed32(Float.floatToRawIntBits(d));
          return Float.floatToRawIntBits(d) == 0;
        }
        case ENUM -> {
          int n = enumNumber(p, v, f.fd.getEnumType());
          varint(n);
          return n == 0;
        }
        default -> throw bad("cannot read a " + f.fd.getType() + " in a packed array");
      }
    }

    private void writeInt32(FieldDescriptor.Type type, int n) {
      switch (type) {
        case SINT32 -> varint(((n << 1) ^ (n >> 31)) & 0xFFFF_FFFFL);
        case SFIXED32 -> fixed32(n);
        default -> varint(n); // negative int32 is sign-extended to ten bytes, as protobuf writes it
      }
    }

    // --- scalars from JSON, as proto3's JSON mapping reads them ---

    private long integer(JsonParser p, JsonToken v, long min, long max) throws IOException {
      String text = numberText(p, v);
      long n;
      try {
        n = Long.parseLong(text);
      } catch (NumberFormatException e) {
        try {
          n = new BigDecimal(text).longValueExact();
        } catch (NumberFormatException | ArithmeticException e2) {
          throw bad("not an integer in range: " + text);
        }
      }
      if (n < min || n > max) {
        throw bad("out of range: " + text);
      }
      return n;
    }

    private long unsigned64(JsonParser p, JsonToken v) throws IOException {
      String text = numberText(p, v);
      BigInteger n;
      try {
        n = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0 ? new BigInteger(text)
            : new BigDecimal(text).toBigIntegerExact();
      } catch (NumberFormatException | ArithmeticException e) {
        throw bad("not an integer in range: " + text);
      }
      if (n.signum() < 0 || n.bitLength() > 64) {
        throw bad("out of range: " + text);
      }
      return n.longValue();
    }

    private double floating(JsonParser p, JsonToken v, boolean single) throws IOException {
      String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
      if (text != null) {
        switch (text) {
          case "NaN" -> {
            return Double.NaN;
          }
          case "Infinity" -> {
            return Double.POSITIVE_INFINITY;
          }
          case "-Infinity" -> {
            return Double.NEGATIVE_INFINITY;
          }
          default -> { }
        }
      }
      text = numberText(p, v);
      double d;
      try {
        d = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw bad("not a number: " + text);
      }
      if (Double.isNaN(d) || Double.isInfinite(d) || (single && Math.abs(d) > Float.MAX_VALUE)
          || text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")
          || text.startsWith("0x") || text.startsWith("0X") || text.startsWith("-0x")) {
        throw bad("out of range or not a JSON number: " + text);
      }
      return d;
    }

    /** The text of a number given as a JSON number or as a string. */
    private String numberText(JsonParser p, JsonToken v) throws IOException {
      if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
        return p.getText();
      }
      if (v == JsonToken.VALUE_STRING) {
        String s = p.getText();
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))
            || s.startsWith("+")) {
          throw bad("not a number: '" + s + "'");
        }
        return s;
      }
      throw bad("expected a number, got " + v.asString());
    }

    private int enumNumber(JsonParser p, JsonToken v, EnumDescriptor type) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        String name = p.getText();
        var value = type.findValueByName(name);
        if (value != null) {
          return value.getNumber();
        }
        try {
          return Integer.parseInt(name);
        } catch (NumberFormatException e) {
          throw bad("unknown " + type.getName() + " '" + name + "'");
        }
      }
      if (v == JsonToken.VALUE_NUMBER_INT) {
        return (int) integer(p, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      throw bad("expected a " + type.getName() + " name or number, got " + v.asString());
    }

    private byte[] hex(String hex, int bytes) {
      if (hex.isEmpty()) {
        return new byte[0];
      }
      if (hex.length() != bytes * 2) {
        throw bad("'" + hex + "' has " + hex.length() + " hex digits (expected: " + bytes * 2 + ")");
      }
      byte[] raw = new byte[bytes];
      for (int i = 0; i < bytes; i++) {
        int hi = Character.digit(hex.charAt(2 * i), 16);
        int lo = Character.digit(hex.charAt(2 * i + 1), 16);
        if (hi < 0 || lo < 0) {
          throw bad("'" + hex + "' is not hex");
        }
        raw[i] = (byte) (hi << 4 | lo);
      }
      return raw;
    }

    private byte[] base64(String text) {
      try {
        return Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        try {
          return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e2) {
          throw bad("not base64: " + e.getMessage());
        }
      }
    }

    /** Writes the current string value as a length-delimited field, checking its surrogates. */
    private void string(JsonParser p, int number, boolean omitEmpty) throws IOException {
      char[] chars = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      int utf8 = utf8Length(chars, off, len);
      if (utf8 < 0) {
        throw new MalformedDataException("invalid JSON: unpaired surrogate escape in the string at ." + path());
      }
      if (utf8 == 0 && omitEmpty) {
        return;
      }
      tag(number, 2);
      varint(utf8);
      ensure(utf8);
      int o = pos;
      byte[] b = buf;
      for (int i = off, end = off + len; i < end; i++) {
        char c = chars[i];
        if (c < 0x80) {
          b[o++] = (byte) c;
        } else if (c < 0x800) {
          b[o++] = (byte) (0xC0 | c >> 6);
          b[o++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)) {
          int cp = Character.toCodePoint(c, chars[++i]);
          b[o++] = (byte) (0xF0 | cp >> 18);
          b[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
          b[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
          b[o++] = (byte) (0x80 | cp & 0x3F);
        } else {
          b[o++] = (byte) (0xE0 | c >> 12);
          b[o++] = (byte) (0x80 | c >> 6 & 0x3F);
          b[o++] = (byte) (0x80 | c & 0x3F);
        }
      }
      pos = o;
    }

    /** UTF-8 length of the chars, or -1 when a surrogate is unpaired. */
    private static int utf8Length(char[] chars, int off, int len) {
      int n = 0;
      for (int i = off, end = off + len; i < end; i++) {
        char c = chars[i];
        if (c < 0x80) {
          n++;
        } else if (c < 0x800) {
          n += 2;
        } else if (Character.isHighSurrogate(c)) {
          if (i + 1 >= end || !Character.isLowSurrogate(chars[i + 1])) {
            return -1;
          }
          i++;
          n += 4;
        } else if (Character.isLowSurrogate(c)) {
          return -1;
        } else {
          n += 3;
        }
      }
      return n;
    }

    private void checkName(String name) {
      if (utf8Length(name.toCharArray(), 0, name.length()) < 0) {
        throw new MalformedDataException("invalid JSON: unpaired surrogate escape in the string at ." + path()
            + (depth > 0 ? "." : "") + name + " (the key)");
      }
    }

    /** Skips an unknown field's value, still refusing unpaired surrogates in it, as in known ones. */
    private void skip(JsonParser p, JsonToken v, String name) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        if (utf8Length(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) < 0) {
          push(name);
          throw new MalformedDataException("invalid JSON: unpaired surrogate escape in the string at ." + path());
        }
      } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
        push(name);
        int level = 1;
        while (level > 0) {
          JsonToken t = p.nextToken();
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            level++;
          } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            level--;
          } else if (t == JsonToken.FIELD_NAME) {
            checkName(p.currentName());
          } else if (t == JsonToken.VALUE_STRING
              && utf8Length(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) < 0) {
            throw new MalformedDataException("invalid JSON: unpaired surrogate escape in the string at ." + path());
          }
        }
        pop();
      }
    }

    // --- the wire ---

    private static int wireType(FieldDescriptor.Type type) {
      return switch (type) {
        case DOUBLE, FIXED64, SFIXED64 -> 1;
        case FLOAT, FIXED32, SFIXED32 -> 5;
        case STRING, BYTES, MESSAGE -> 2;
        default -> 0;
      };
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length + (buf.length >> 1), pos + n));
      }
    }

    private void tag(int number, int wireType) {
      varint((long) number << 3 | wireType);
    }

    private void varint(long v) {
      ensure(10);
      pos = WireWriter.writeVarint(buf, pos, v);
    }

    private void fixed32(int v) {
      ensure(4);
      pos = WireWriter.writeFixed32(buf, pos, v);
    }

    private void fixed64(long v) {
      ensure(8);
      pos = WireWriter.writeFixed64(buf, pos, v);
    }

    private void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, pos, len);
      pos += len;
    }

    /** Writes the tag of a length-delimited field and reserves one byte for its length. */
    private int beginLength(int number) {
      tag(number, 2);
      ensure(1);
      return pos++;
    }

    /** Writes the length of what followed {@code mark}, moving it up when the length takes more than a byte. */
    private void endLength(int mark) {
      int len = pos - mark - 1;
      if (len < 0x80) {
        buf[mark] = (byte) len;
        return;
      }
      int extra = WireWriter.varintSize(len) - 1;
      ensure(extra);
      System.arraycopy(buf, mark + 1, buf, mark + 1 + extra, len);
      WireWriter.writeVarint(buf, mark, len);
      pos += extra;
    }
  }
}
