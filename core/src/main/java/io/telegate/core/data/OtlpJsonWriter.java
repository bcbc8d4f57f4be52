package io.telegate.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Writes OTLP messages in OTLP/JSON, as the Collector's pdata JSON marshaler and the SDKs write
 * it: proto3's JSON mapping (keys in lowerCamelCase, 64-bit integers as decimal strings, other
 * bytes in base64, fields at their default left out, fields with presence such as a oneof's
 * written when set) with OTLP's two exceptions, trace and span ids in hex and enums as numbers.
 * The counterpart of {@link OtlpJsonReader}; everything in Telegate that writes OTLP/JSON (the
 * {@code otlphttp} exporter's JSON encoding, the {@code file} exporter, the test kit's data
 * builders) writes it here. protobuf-java's {@code JsonFormat} is the test oracle.
 *
 * <p>One pass over the message's fields with Jackson's streaming generator: no tree and no
 * intermediate string.
 */
public final class OtlpJsonWriter {

  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private OtlpJsonWriter() {}

  /** {@code message} in OTLP/JSON, UTF-8, on one line. */
  public static byte[] write(MessageOrBuilder message) {
    // OTLP/JSON is about twice its protobuf (hex ids, key names, quoted integers): sized so, the
    // buffer is rarely grown and copied.
    int size = message instanceof com.google.protobuf.MessageLite m ? m.getSerializedSize() : 128;
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, (int) Math.min(Integer.MAX_VALUE - 8,
        size * 2L + 64)));
    try {
      write(message, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes {@code message} in OTLP/JSON, UTF-8, on one line, to {@code out}, which stays open.
   * Nothing follows the closing brace (no newline).
   */
  public static void write(MessageOrBuilder message, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      message(g, message);
    }
  }

  private static void message(JsonGenerator g, MessageOrBuilder m) throws IOException {
    g.writeStartObject();
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        int n = m.getRepeatedFieldCount(f);
        if (n == 0) {
          continue;
        }
        g.writeFieldName(f.getJsonName());
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
          value(g, f, m.getRepeatedField(f, i));
        }
        g.writeEndArray();
      } else if (m.hasField(f)) {
        // Without presence, hasField is false at the default value, which proto3 JSON leaves out.
        g.writeFieldName(f.getJsonName());
        value(g, f, m.getField(f));
      }
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, FieldDescriptor f, Object v) throws IOException {
    switch (f.getJavaType()) {
      case MESSAGE -> message(g, (MessageOrBuilder) v);
      case STRING -> g.writeString((String) v);
      case BOOLEAN -> g.writeBoolean((Boolean) v);
      case INT -> {
        if (isUnsigned(f)) {
          g.writeNumber(Integer.toUnsignedLong((Integer) v));
        } else {
          g.writeNumber((int) (Integer) v);
        }
      }
      case LONG -> g.writeString(isUnsigned(f) ? Long.toUnsignedString((Long) v) : Long.toString((Long) v));
      case FLOAT -> number(g, (Float) v);
      case DOUBLE -> number(g, (Double) v);
      case ENUM -> g.writeNumber(((EnumValueDescriptor) v).getNumber());
      case BYTE_STRING -> {
        byte[] bytes = ((ByteString) v).toByteArray();
        g.writeString(isId(f) ? HexFormat.of().formatHex(bytes) : Base64.getEncoder().encodeToString(bytes));
      }
    }
  }

  /** proto3 JSON writes the non-finite values as strings. */
  private static void number(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d)) {
      g.writeString("NaN");
    } else if (Double.isInfinite(d)) {
      g.writeString(d > 0 ? "Infinity" : "-Infinity");
    } else {
      g.writeNumber(d);
    }
  }

  private static boolean isUnsigned(FieldDescriptor f) {
    return switch (f.getType()) {
      case UINT32, FIXED32, UINT64, FIXED64 -> true;
      default -> false;
    };
  }

  /** OTLP/JSON's exception to proto3's mapping: these bytes fields are hex, not base64. */
  private static boolean isId(FieldDescriptor f) {
    return switch (f.getName()) {
      case "trace_id", "span_id", "parent_span_id" -> true;
      default -> false;
    };
  }
}
