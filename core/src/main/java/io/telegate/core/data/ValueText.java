package io.telegate.core.data;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.telegate.core.telemetry.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attribute values as text, exactly as the Collector's pdata {@code Value.AsString()} writes
 * them, for every component whose output must match the Collector's (debug lines, label values,
 * converted attributes): strings as they are, booleans and integers in decimal, doubles as
 * JavaScript prints numbers, bytes as base64, lists and maps as JSON (map keys sorted, as Go's
 * encoder writes maps).
 */
public final class ValueText {

  private ValueText() {}

  /** The value as pdata's {@code AsString}; an unset value is the empty string. */
  public static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> formatDouble(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v);
        yield sb.toString();
      }
      default -> "";
    };
  }

  /**
   * Appends the value as JSON, as Go's encoder writes pdata's raw form of it: map keys sorted and,
   * given twice, the last value kept; bytes as a base64 string; an unset value as {@code null}. A
   * NaN or infinite double, which Go's encoder refuses (the Collector then prints nothing), is
   * written as the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
   */
  public static void appendJson(StringBuilder sb, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> Json.quote(sb, v.getStringValue());
      case BOOL_VALUE -> sb.append(v.getBoolValue());
      case INT_VALUE -> sb.append(v.getIntValue());
      case DOUBLE_VALUE -> {
        double d = v.getDoubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          Json.quote(sb, formatDouble(d));
        } else {
          sb.append(formatDouble(d));
        }
      }
      case BYTES_VALUE -> Json.quote(sb, asString(v));
      case ARRAY_VALUE -> {
        sb.append('[');
        List<AnyValue> values = v.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendJson(sb, values.get(i));
        }
        sb.append(']');
      }
      case KVLIST_VALUE -> {
        Map<String, AnyValue> byKey = new LinkedHashMap<>();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          byKey.put(kv.getKey(), kv.getValue());
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        keys.sort(null);
        sb.append('{');
        for (int i = 0; i < keys.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          Json.quote(sb, keys.get(i));
          sb.append(':');
          appendJson(sb, byKey.get(keys.get(i)));
        }
        sb.append('}');
      }
      default -> sb.append("null");
    }
  }

  /**
   * A double as pdata writes it (JavaScript's number to string): the shortest decimal that reads
   * back as the same double, plain between 1e-6 and 1e21, else with an exponent ({@code 1e+21},
   * {@code 1.5e-7}); {@code NaN}, {@code Infinity}, {@code -Infinity}.
   */
  public static String formatDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    return shortestDecimal(d, -6, 21, 1);
  }

  /**
   * The shortest digits of a finite, non-zero {@code d} that read back as it: plain when its
   * decimal exponent is in [{@code plainFrom}, {@code plainBelow}), else {@code d.ddde±X} with at
   * least {@code exponentDigits} exponent digits. Go's float formats are this with different
   * bounds ({@code %v}: -4, 6, 2).
   */
  public static String shortestDecimal(double d, int plainFrom, int plainBelow, int exponentDigits) {
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    if (exponent >= plainFrom && exponent < plainBelow) {
      return exact.toPlainString();
    }
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    String e = Integer.toString(Math.abs(exponent));
    sb.append('e').append(exponent < 0 ? '-' : '+');
    for (int i = e.length(); i < exponentDigits; i++) {
      sb.append('0');
    }
    return sb.append(e).toString();
  }
}
