package io.telegate.processor.attributes;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.telegate.core.data.ValueText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Conversions between YAML values, OTLP {@link AnyValue}s and strings, as the Collector does them. */
final class AttributeValues {

  private AttributeValues() {}

  /**
   * The OTLP value of a YAML value: strings, integers, doubles, booleans, lists and maps.
   *
   * @throws IllegalArgumentException for other types
   */
  static AnyValue fromYaml(Object raw) {
    if (raw instanceof String s) {
      return AnyValue.newBuilder().setStringValue(s).build();
    }
    if (raw instanceof Boolean b) {
      return AnyValue.newBuilder().setBoolValue(b).build();
    }
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return AnyValue.newBuilder().setIntValue(((Number) raw).longValue()).build();
    }
    if (raw instanceof BigInteger b) {
      if (b.bitLength() >= 64) {
        throw new IllegalArgumentException("integer " + b + " does not fit in 64 bits");
      }
      return AnyValue.newBuilder().setIntValue(b.longValue()).build();
    }
    if (raw instanceof Number n) {
      return AnyValue.newBuilder().setDoubleValue(n.doubleValue()).build();
    }
    if (raw instanceof List<?> list) {
      ArrayValue.Builder a = ArrayValue.newBuilder();
      for (Object o : list) {
        a.addValues(o == null ? AnyValue.getDefaultInstance() : fromYaml(o));
      }
      return AnyValue.newBuilder().setArrayValue(a).build();
    }
    if (raw instanceof Map<?, ?> map) {
      KeyValueList.Builder kv = KeyValueList.newBuilder();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        kv.addValues(KeyValue.newBuilder().setKey(String.valueOf(e.getKey()))
            .setValue(e.getValue() == null ? AnyValue.getDefaultInstance() : fromYaml(e.getValue())));
      }
      return AnyValue.newBuilder().setKvlistValue(kv).build();
    }
    throw new IllegalArgumentException("unsupported value type " + raw.getClass().getSimpleName());
  }

  static AnyValue string(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  /** The value as a string, as pdata's {@code AsString}: used by convert and log body matching. */
  static String asString(AnyValue v) {
    return ValueText.asString(v);
  }

  /**
   * The value as a string for regexp attribute matching: strings, bools, ints and doubles (plain
   * decimal notation); null for other types, which never match. Not {@link #asString}: the
   * Collector's attribute matcher formats a double with {@code 'f'} (never an exponent) and refuses
   * other types, where {@code AsString} would give JSON or base64.
   */
  static String matchString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> plainDouble(v.getDoubleValue());
      default -> null;
    };
  }

  private static String plainDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  /**
   * The SHA-256 hex of a value, as the Collector's hash action: the UTF-8 bytes of a string, one
   * byte for a bool, 8 little-endian bytes for an int or a double's bits. Other types and the
   * empty string hash to the empty string.
   */
  static String sha256Hex(AnyValue v) {
    byte[] bytes = switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue().getBytes(StandardCharsets.UTF_8);
      case BOOL_VALUE -> new byte[] {(byte) (v.getBoolValue() ? 1 : 0)};
      case INT_VALUE -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v.getIntValue()).array();
      case DOUBLE_VALUE -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(Double.doubleToRawLongBits(v.getDoubleValue())).array();
      default -> new byte[0];
    };
    if (bytes.length == 0) {
      return "";
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The converted value, or null when the Collector would leave the value as it is. */
  static AnyValue convert(AnyValue v, String to) {
    switch (to) {
      case "string" -> {
        return v.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? null : string(asString(v));
      }
      case "int" -> {
        return switch (v.getValueCase()) {
          case DOUBLE_VALUE -> AnyValue.newBuilder().setIntValue((long) v.getDoubleValue()).build();
          case BOOL_VALUE -> AnyValue.newBuilder().setIntValue(v.getBoolValue() ? 1 : 0).build();
          case STRING_VALUE -> {
            Long n = parseLong(v.getStringValue());
            yield n == null ? null : AnyValue.newBuilder().setIntValue(n).build();
          }
          default -> null;
        };
      }
      case "double" -> {
        return switch (v.getValueCase()) {
          case INT_VALUE -> AnyValue.newBuilder().setDoubleValue(v.getIntValue()).build();
          case BOOL_VALUE -> AnyValue.newBuilder().setDoubleValue(v.getBoolValue() ? 1 : 0).build();
          case STRING_VALUE -> {
            Double d = parseDouble(v.getStringValue());
            yield d == null ? null : AnyValue.newBuilder().setDoubleValue(d).build();
          }
          default -> null;
        };
      }
      default -> {
        return null;
      }
    }
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign and decimal digits only. */
  private static Long parseLong(String s) {
    if (s.isEmpty() || !s.matches("[+-]?[0-9]+")) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Go's {@code strconv.ParseFloat(s, 64)}, without Java's extras (whitespace, d/f suffixes). */
  private static Double parseDouble(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {
        // parsed below
      }
    }
    if (!lower.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** True if two values are equal for strict matching: same type and value. */
  static boolean strictEquals(AnyValue expected, AnyValue actual) {
    if (expected.getValueCase() != actual.getValueCase()) {
      return false;
    }
    if (expected.getValueCase() == AnyValue.ValueCase.DOUBLE_VALUE) {
      return expected.getDoubleValue() == actual.getDoubleValue();
    }
    return expected.equals(actual);
  }

}
