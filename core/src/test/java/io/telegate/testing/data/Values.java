package io.telegate.testing.data;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP attribute values, attributes and ids, tersely: {@code kv("service.name", "checkout")},
 * {@code attrs("k1", "v1", "k2", "v2")}, {@code id(16)}. Meant for static import.
 */
public final class Values {

  private Values() {}

  /** A string value. */
  public static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  /** An int value. */
  public static AnyValue num(long n) {
    return AnyValue.newBuilder().setIntValue(n).build();
  }

  /** A double value. */
  public static AnyValue dbl(double d) {
    return AnyValue.newBuilder().setDoubleValue(d).build();
  }

  /** A bool value. */
  public static AnyValue bool(boolean b) {
    return AnyValue.newBuilder().setBoolValue(b).build();
  }

  /** An array value of {@code values}, in order. */
  public static AnyValue list(AnyValue... values) {
    return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values))).build();
  }

  /** A key-value-list (map) value of {@code entries}, in order. */
  public static AnyValue map(KeyValue... entries) {
    return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(List.of(entries))).build();
  }

  /** An attribute with a string value. */
  public static KeyValue kv(String key, String value) {
    return kv(key, str(value));
  }

  /** An attribute with an int value. */
  public static KeyValue kv(String key, long value) {
    return kv(key, num(value));
  }

  /** An attribute with any value. */
  public static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /**
   * String attributes from alternating keys and values: {@code attrs("k1", "v1", "k2", "v2")}.
   *
   * @throws IllegalArgumentException for an odd number of arguments
   */
  public static List<KeyValue> attrs(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must pair up: " + List.of(keysAndValues));
    }
    List<KeyValue> out = new ArrayList<>(keysAndValues.length / 2);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.add(kv(keysAndValues[i], keysAndValues[i + 1]));
    }
    return out;
  }

  /**
   * An id of {@code length} bytes, {@code 1, 2, 3, ...}: not all zero, so valid where OTLP wants a
   * trace id (16 bytes) or a span id (8 bytes), and of any other length to test the checks.
   */
  public static ByteString id(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i + 1);
    }
    return ByteString.copyFrom(b);
  }

  /** The bytes that {@code hex} spells, as OTLP/JSON writes ids. */
  public static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
