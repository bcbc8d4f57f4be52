package io.telegate.testing.data;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.telegate.core.data.TelemetryData;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the span and log record builders share on top of {@link RequestBuilder}: attributes for
 * each generated item (fixed, or computed from the item's index) and trace and span ids.
 */
public abstract sealed class AttributedItems<B extends AttributedItems<B, I, R, D>, I extends Message,
    R extends Message, D extends TelemetryData<R>> extends RequestBuilder<B, I, R, D> permits TraceData, LogData {

  private final List<IntFunction<KeyValue>> attributes = new ArrayList<>();
  private IntFunction<ByteString> traceIds;
  private IntFunction<ByteString> spanIds;

  AttributedItems(int generated, List<I> explicit) {
    super(generated, explicit);
  }

  /** Gives every generated item the string attribute {@code key}. */
  public B attribute(String key, String value) {
    return attribute(key, Values.str(value));
  }

  /** Gives every generated item the int attribute {@code key}. */
  public B attribute(String key, long value) {
    return attribute(key, Values.num(value));
  }

  /** Gives every generated item the attribute {@code key}. */
  public B attribute(String key, AnyValue value) {
    KeyValue kv = Values.kv(key, value);
    attributes.add(i -> kv);
    return self();
  }

  /** Gives each generated item the attribute {@code key} with the value for its index. */
  public B attribute(String key, IntFunction<AnyValue> valueOfIndex) {
    attributes.add(i -> Values.kv(key, valueOfIndex.apply(i)));
    return self();
  }

  /** Gives every generated item these attributes. */
  public B attributes(KeyValue... kvs) {
    return attributes(List.of(kvs));
  }

  /** Gives every generated item these attributes. */
  public B attributes(List<KeyValue> kvs) {
    for (KeyValue kv : List.copyOf(kvs)) {
      attributes.add(i -> kv);
    }
    return self();
  }

  /**
   * Gives each generated item a trace id of {@code traceIdBytes} bytes ({@link Values#id}) and a
   * span id of {@code spanIdBytes} bytes that ends in the item's index, so that span ids differ.
   * OTLP's lengths are 16 and 8; others are for testing the checks.
   */
  public B ids(int traceIdBytes, int spanIdBytes) {
    ByteString trace = Values.id(traceIdBytes);
    return traceIds(i -> trace).spanIds(i -> indexed(spanIdBytes, i));
  }

  /** Gives each generated item the trace id for its index. */
  public B traceIds(IntFunction<ByteString> idOfIndex) {
    traceIds = idOfIndex;
    return self();
  }

  /** Gives each generated item the span id for its index. */
  public B spanIds(IntFunction<ByteString> idOfIndex) {
    spanIds = idOfIndex;
    return self();
  }

  /** {@link Values#id} of {@code length} with the last byte replaced by {@code index}. */
  static ByteString indexed(int length, int index) {
    if (length == 0) {
      return ByteString.EMPTY;
    }
    byte[] b = Values.id(length).toByteArray();
    b[length - 1] = (byte) index;
    return ByteString.copyFrom(b);
  }

  /** The trace id of item {@code index}, or null when none is set. */
  final ByteString traceIdAt(int index) {
    return traceIds == null ? null : traceIds.apply(index);
  }

  /** The span id of item {@code index}, or null when none is set. */
  final ByteString spanIdAt(int index) {
    return spanIds == null ? null : spanIds.apply(index);
  }

  /** The attributes of item {@code index}, in the order they were declared. */
  final List<KeyValue> attributesAt(int index) {
    List<KeyValue> out = new ArrayList<>(attributes.size());
    for (IntFunction<KeyValue> a : attributes) {
      out.add(a.apply(index));
    }
    return out;
  }
}
