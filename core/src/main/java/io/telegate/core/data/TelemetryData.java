package io.telegate.core.data;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A batch of one signal as it travels through the gateway: encoded-first, parsed on demand.
 *
 * <p>A receiver wraps the request bytes it got, after {@link OtlpWire} has checked their structure
 * and counted the items, without building objects. A component that only forwards (an OTLP
 * exporter, the batch processor) passes the bytes along untouched. A component that reads or
 * changes the content calls {@link #request()}, which parses the bytes into opentelemetry-proto
 * messages once, and {@link #set} to replace it. Why this shape was chosen, with the measurements,
 * is in {@code docs/ARCHITECTURE.md}.
 *
 * <p>The content (bytes or message) is immutable; the wrapper is not: {@link #set} swaps the
 * content. Fan-outs therefore give each mutating consumer its own wrapper ({@link #copy()}, which
 * shares the immutable content and so costs one small object).
 *
 * <p>Thread safety: a wrapper may be read by several consumers at once (fan-out to non-mutators);
 * the lazily computed forms are published through volatile fields and computing one twice is
 * harmless. Only its single owner may call {@link #set}.
 *
 * @param <M> the OTLP export request message of this signal
 */
public abstract sealed class TelemetryData<M extends Message> permits Traces, Metrics, Logs {

  private volatile byte[] encoded;
  private volatile M message;
  private int itemCount;
  private ClientContext client;

  TelemetryData(byte[] encoded, M message, int itemCount, ClientContext client) {
    this.encoded = encoded;
    this.message = message;
    this.itemCount = itemCount;
    this.client = client;
  }

  /** Spans, metric data points or log records in this batch. */
  public final int itemCount() {
    return itemCount;
  }

  /** True when the batch holds no item. */
  public final boolean isEmpty() {
    return itemCount == 0;
  }

  /** Who sent this data; {@link ClientContext#EMPTY} for data the gateway made. */
  public final ClientContext client() {
    return client;
  }

  public final void setClient(ClientContext client) {
    this.client = client;
  }

  /**
   * The content as an export request message, parsed on first use.
   *
   * @throws MalformedDataException if the bytes passed the structural check but protobuf-java
   *     still refuses them
   */
  public final M request() {
    M m = message;
    if (m == null) {
      try {
        m = parse(encoded);
      } catch (InvalidProtocolBufferException e) {
        throw new MalformedDataException("cannot parse " + signalName() + ": " + e.getMessage(), e);
      }
      message = m;
    }
    return m;
  }

  /** Replaces the content; only the owner of this wrapper may call it. */
  public final void set(M request) {
    this.message = request;
    this.encoded = null;
    this.itemCount = countItems(request);
  }

  /**
   * Replaces the content with bytes a byte-level editor derived from this batch's own checked
   * bytes (such as {@link SpanAttributeSplicer}), skipping the structural check; the item count
   * must be unchanged. Only the owner of this wrapper may call it.
   */
  public final void setEncodedTrusted(byte[] edited) {
    this.encoded = edited;
    this.message = null;
  }

  /**
   * Drops the parsed form once nobody needs it (an exporter translated the request and keeps only
   * its own encoding for retries), keeping the encoded one: parsed messages take about ten times
   * the bytes, and a request waiting for a retry would otherwise hold them. Safe on a shared
   * wrapper: the content does not change, a later {@link #request()} parses again.
   */
  public final void dropParsed() {
    if (encoded == null) {
      encoded = message.toByteArray();
    }
    message = null;
  }

  /** True if the encoded form is at hand (no serialization needed to send it). */
  public final boolean hasEncoded() {
    return encoded != null;
  }

  /** True if the parsed form is at hand. */
  public final boolean hasParsed() {
    return message != null;
  }

  /**
   * The content in protobuf wire format, serialized on first use. The array is shared: callers
   * must not change it.
   */
  public final byte[] encoded() {
    byte[] e = encoded;
    if (e == null) {
      e = message.toByteArray();
      encoded = e;
    }
    return e;
  }

  /** Size of {@link #encoded()} in bytes. */
  public final int encodedSize() {
    byte[] e = encoded;
    return e != null ? e.length : message.getSerializedSize();
  }

  /** Writes the wire format to {@code out}. */
  public final void writeTo(CodedOutputStream out) {
    try {
      byte[] e = encoded;
      if (e != null) {
        out.writeRawBytes(e);
      } else {
        message.writeTo(out);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The top-level resource entries ({@code resource_spans} and so on); parses if needed. */
  public abstract int resourceCount();

  /** The signal's name, for messages. */
  abstract String signalName();

  abstract M parse(byte[] bytes) throws InvalidProtocolBufferException;

  abstract int countItems(M request);

  /** A new wrapper over the same immutable content, for a consumer that mutates. */
  public abstract TelemetryData<M> copy();

  /** Wraps bytes made from checked data of this signal (see {@link #concat}). */
  abstract TelemetryData<M> trusted(byte[] bytes, int items, ClientContext client);

  /**
   * One batch holding every part, in order, under {@code client}: the parts' wire bytes
   * concatenated (a concatenation of export requests is one valid request, each resource entry
   * kept as it was), without parsing and without checking again. A single part is returned as
   * it is, its client replaced.
   */
  @SuppressWarnings("unchecked")
  public static <T extends TelemetryData<?>> T concat(List<T> parts, ClientContext client) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    if (parts.size() == 1) {
      T only = parts.get(0);
      only.setClient(client);
      return only;
    }
    long size = 0;
    long items = 0;
    for (T p : parts) {
      size += p.encodedSize();
      items += p.itemCount();
    }
    if (size > Integer.MAX_VALUE - 16 || items > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch too large to concatenate: " + size + " bytes");
    }
    byte[] bytes = new byte[(int) size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (T p : parts) {
      p.writeTo(out);
    }
    out.checkNoSpaceLeft();
    return (T) parts.get(0).trusted(bytes, (int) items, client);
  }

  final byte[] rawEncoded() {
    return encoded;
  }

  final M rawMessage() {
    return message;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[items=" + itemCount + ", encoded=" + (encoded != null)
        + ", parsed=" + (message != null) + "]";
  }
}
