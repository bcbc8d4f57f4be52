package io.telegate.translator.prometheus;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.Base64;

/** Attribute values and numbers as label text, the way the Collector writes them. */
final class LabelText {

  private LabelText() {}

  static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> formatFloat(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(v);
      default -> "";
    };
  }

  private static String json(AnyValue v) {
    StringBuilder b = new StringBuilder();
    writeJson(v, b);
    return b.toString();
  }

  private static void writeJson(AnyValue v, StringBuilder b) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> quote(v.getStringValue(), b);
      case BYTES_VALUE -> quote(asString(v), b);
      case ARRAY_VALUE -> {
        b.append('[');
        for (int i = 0; i < v.getArrayValue().getValuesCount(); i++) {
          if (i > 0) {
            b.append(',');
          }
          writeJson(v.getArrayValue().getValues(i), b);
        }
        b.append(']');
      }
      case KVLIST_VALUE -> {
        b.append('{');
        int i = 0;
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          if (i++ > 0) {
            b.append(',');
          }
          quote(kv.getKey(), b);
          b.append(':');
          writeJson(kv.getValue(), b);
        }
        b.append('}');
      }
      case VALUE_NOT_SET -> b.append("null");
      default -> b.append(asString(v));
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** Shortest decimal without an exponent ({@code 0.005}, {@code 10}), {@code +Inf}, {@code -Inf}, {@code NaN}. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
