package io.telegate.testing.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes any OTLP message in OTLP/JSON, as an SDK sends it: keys in lowerCamelCase, trace and span
 * ids in hex, other bytes in base64, 64-bit integers as decimal strings, enums as numbers, fields
 * left at their default omitted (those with presence, such as a oneof's, written when set).
 */
public final class OtlpJson {

  private static final JsonFactory JSON = new JsonFactory();

  private OtlpJson() {}

  /** {@code message} in OTLP/JSON, UTF-8. */
  public static byte[] encode(MessageOrBuilder message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, MessageOrBuilder m) throws IOException {
    g.writeStartObject();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      g.writeFieldName(f.getJsonName());
      if (f.isRepeated()) {
        g.writeStartArray();
        for (Object v : (List<?>) e.getValue()) {
          value(g, f, v);
        }
        g.writeEndArray();
      } else {
        value(g, f, e.getValue());
      }
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, FieldDescriptor f, Object v) throws IOException {
    switch (f.getJavaType()) {
      case MESSAGE -> write(g, (MessageOrBuilder) v);
      case STRING -> g.writeString((String) v);
      case BOOLEAN -> g.writeBoolean((Boolean) v);
      case INT -> g.writeNumber(unsigned(f) ? Integer.toUnsignedLong((Integer) v) : (Integer) v);
      case LONG -> g.writeString(unsigned(f) ? Long.toUnsignedString((Long) v) : Long.toString((Long) v));
      case FLOAT -> number(g, (Float) v);
      case DOUBLE -> number(g, (Double) v);
      case ENUM -> g.writeNumber(((EnumValueDescriptor) v).getNumber());
      case BYTE_STRING -> g.writeString(isId(f)
          ? HexFormat.of().formatHex(((ByteString) v).toByteArray())
          : Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
    }
  }

  private static void number(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    } else {
      g.writeNumber(d);
    }
  }

  private static boolean unsigned(FieldDescriptor f) {
    return switch (f.getType()) {
      case UINT32, FIXED32, UINT64, FIXED64 -> true;
      default -> false;
    };
  }

  /** OTLP/JSON's one exception to proto3's mapping: these bytes fields are hex. */
  private static boolean isId(FieldDescriptor f) {
    return switch (f.getName()) {
      case "trace_id", "span_id", "parent_span_id" -> true;
      default -> false;
    };
  }
}
