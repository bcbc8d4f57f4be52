package io.telegate.core.data.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes protobuf wire encodings into an array at an offset, the counterpart of
 * {@link WireReader} for code that writes wire bytes by hand ({@code SpanAttributeSplicer},
 * {@code OtlpJsonReader}). Each method writes at {@code p} and returns the offset after what it
 * wrote; the caller makes room ({@link #varintSize} for a varint, at most 10 bytes).
 */
public final class WireWriter {

  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private WireWriter() {}

  /** Bytes the varint of {@code v} takes: 1 to 10 (10 for every negative value). */
  public static int varintSize(long v) {
    return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
  }

  /** Writes {@code v} as a varint (a negative value takes 10 bytes, as protobuf writes it). */
  public static int writeVarint(byte[] b, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  /** Writes the tag of field {@code number} with {@code wireType} (see {@link WireReader#tag}). */
  public static int writeTag(byte[] b, int p, int number, int wireType) {
    return writeVarint(b, p, (long) number << 3 | wireType);
  }

  /** Writes 4 bytes, little-endian. */
  public static int writeFixed32(byte[] b, int p, int v) {
    INT_LE.set(b, p, v);
    return p + 4;
  }

  /** Writes 8 bytes, little-endian. */
  public static int writeFixed64(byte[] b, int p, long v) {
    LONG_LE.set(b, p, v);
    return p + 8;
  }
}
