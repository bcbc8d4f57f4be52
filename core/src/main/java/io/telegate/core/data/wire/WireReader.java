package io.telegate.core.data.wire;

import io.telegate.core.data.MalformedDataException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cursor over protobuf wire bytes in an array: the one reader that the core's walks and byte
 * editors ({@code OtlpWire}, {@code SpanAttributeSplicer}) and the load tool share. It reads tags,
 * varints, fixed-width values and length prefixes, and skips a field by its wire type, groups
 * included; it allocates nothing and builds no object.
 *
 * <p>The cursor holds the array and a position, nothing else of the message: every read takes the
 * {@code limit} it must not pass (the end of the enclosing message), so that one reader serves a
 * walk down nested messages, which passes each message's end as it goes. {@code limit} must not
 * exceed the array's length. Broken input throws {@link MalformedDataException} with the byte
 * offset ({@code "malformed protobuf at byte N: ..."}): a varint cut short by the limit or longer
 * than 10 bytes, a field number of 0 or above 2^29 - 1, a length or a fixed-width value past the
 * limit, wire types 6 and 7, an end-group tag outside its group or for another field, a group left
 * open, groups nested deeper than protobuf-java's limit of {@link #MAX_DEPTH}.
 *
 * <p>Not thread-safe; one reader per walk. Reads past a failure are undefined. A byte editor may
 * extend it, so that its per-call state and the cursor are one object (one allocation, no
 * indirection on the hot path); the reading methods are final.
 */
public class WireReader {

  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LEN = 2;
  public static final int START_GROUP = 3;
  public static final int END_GROUP = 4;
  public static final int FIXED32 = 5;

  /** protobuf-java's default recursion limit: messages and groups nested deeper are refused. */
  public static final int MAX_DEPTH = 100;

  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buf;
  private int pos;
  /** Where the tag last read by {@link #readTag} began: errors about its field point there. */
  private int tagStart;

  /** A reader at the start of {@code buf}. */
  public WireReader(byte[] buf) {
    this.buf = buf;
  }

  /** A reader at {@code pos} of {@code buf}. */
  public WireReader(byte[] buf, int pos) {
    this.buf = buf;
    this.pos = pos;
  }

  public final byte[] buffer() {
    return buf;
  }

  /** The offset of the next byte to read. */
  public final int pos() {
    return pos;
  }

  /** Moves to {@code pos}: past a value the caller handled itself, or back to reread. */
  public final void seek(int pos) {
    this.pos = pos;
  }

  /** The field number of a tag. */
  public static int fieldNumber(int tag) {
    return tag >>> 3;
  }

  /** The wire type of a tag. */
  public static int wireType(int tag) {
    return tag & 7;
  }

  /** The tag of field {@code number} with {@code wireType}, as {@link #readTag} returns it. */
  public static int tag(int number, int wireType) {
    return number << 3 | wireType;
  }

  /**
   * Reads a tag: {@code field number << 3 | wire type} (field numbers go up to 2^29 - 1, so the
   * tag of a large one is negative as an int: take the number with {@code >>> 3}). The wire type
   * is not checked here; {@link #skipField} refuses 6 and 7.
   *
   * @throws MalformedDataException when the field number is 0 or above 2^29 - 1
   */
  public final int readTag(int limit) {
    int p = pos;
    tagStart = p;
    if (p < limit) {
      int b = buf[p];
      if (b >= 8) { // one byte, field 1-15: most tags
        pos = p + 1;
        return b;
      }
    }
    long tag = readLongVarint(limit);
    if (tag < 8 || tag >>> 32 != 0) {
      throw malformed(p, "invalid field number " + (tag >>> 3));
    }
    return (int) tag;
  }

  /** Reads a varint of up to 10 bytes, all 64 bits of it. */
  public final long readVarint64(int limit) {
    int p = pos;
    if (p < limit) {
      byte b = buf[p];
      if (b >= 0) { // most lengths and small values take one byte
        pos = p + 1;
        return b;
      }
    }
    return readLongVarint(limit);
  }

  private long readLongVarint(int limit) {
    int p = pos;
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= limit) {
        throw malformed(p, "truncated varint");
      }
      byte b = buf[p++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        pos = p;
        return result;
      }
    }
    throw malformed(p, "varint longer than 10 bytes");
  }

  /** Moves past a varint without decoding it, with the checks of {@link #readVarint64}. */
  private void skipVarint(int limit) {
    int p = pos;
    for (int i = 0; i < 10; i++) {
      if (p >= limit) {
        throw malformed(p, "truncated varint");
      }
      if (buf[p++] >= 0) {
        pos = p;
        return;
      }
    }
    throw malformed(p, "varint longer than 10 bytes");
  }

  /**
   * Reads a varint of up to 10 bytes and keeps its low 32 bits, as protobuf-java reads
   * {@code int32}, {@code uint32} and enum values (a negative {@code int32} is written in 10).
   */
  public final int readVarint32(int limit) {
    return (int) readVarint64(limit);
  }

  /** Reads 4 bytes, little-endian ({@code fixed32}, {@code sfixed32}, {@code float} bits). */
  public final int readFixed32(int limit) {
    int p = pos;
    advance(4, limit);
    return (int) INT_LE.get(buf, p);
  }

  /** Reads 8 bytes, little-endian ({@code fixed64}, {@code sfixed64}, {@code double} bits). */
  public final long readFixed64(int limit) {
    int p = pos;
    advance(8, limit);
    return (long) LONG_LE.get(buf, p);
  }

  /**
   * Reads the length prefix of the length-delimited field whose tag was just read; the cursor is
   * then at the first byte of its value.
   *
   * @throws MalformedDataException when the value would end past {@code limit} (the offset is
   *     the tag's)
   */
  public final int readLength(int limit) {
    long length = readVarint64(limit);
    if (length < 0 || length > limit - pos) {
      throw malformed(tagStart, "field " + (tagAt(tagStart) >>> 3) + " has length " + length
          + " beyond the end of its message");
    }
    return (int) length;
  }

  /**
   * As {@link #readLength}, but returns the offset where the value ends: the limit for a walk of
   * the nested message that starts at {@link #pos()}.
   */
  public final int readEnd(int limit) {
    int length = readLength(limit);
    return pos + length;
  }

  /**
   * Skips the value of the field whose tag was just read, whatever its wire type; a group is
   * skipped to its end-group tag.
   *
   * @param depth nesting depth of the message the field is in (0: the outermost). A group is one
   *     level deeper than the message it is in, as a nested message is, and like protobuf-java the
   *     reader refuses a group deeper than {@link #MAX_DEPTH}
   * @throws MalformedDataException on wire types 4 (an end-group outside its group), 6 and 7, or
   *     a value past {@code limit}
   */
  public final void skipField(int tag, int limit, int depth) {
    switch (tag & 7) {
      case VARINT -> skipVarint(limit);
      case FIXED64 -> advance(8, limit);
      case LEN -> {
        int length = readLength(limit); // not "pos += readLength()": that adds to the old pos
        pos += length;
      }
      case START_GROUP -> skipGroup(tag >>> 3, limit, depth + 1);
      case FIXED32 -> advance(4, limit);
      default -> throw malformed(tagStart, "invalid wire type " + (tag & 7));
    }
  }

  /** Skips the group of {@code field} at nesting {@code depth}, to its end-group tag. */
  private void skipGroup(int field, int limit, int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed(pos, "nesting deeper than " + MAX_DEPTH);
    }
    while (true) {
      if (pos >= limit) {
        throw malformed(pos, "unterminated group " + field);
      }
      int tag = readTag(limit);
      if ((tag & 7) == END_GROUP) {
        if (tag >>> 3 != field) {
          throw malformed(tagStart, "group " + field + " ended by tag of field " + (tag >>> 3));
        }
        return;
      }
      skipField(tag, limit, depth);
    }
  }

  private void advance(int n, int limit) {
    if (limit - pos < n) {
      throw malformed(pos, "truncated fixed-width field");
    }
    pos += n;
  }

  /** The tag that was read at {@code p}, again (for a message: the happy path does not keep it). */
  private long tagAt(int p) {
    int saved = pos;
    pos = p;
    long tag = readVarint64(buf.length);
    pos = saved;
    return tag;
  }

  /** {@code malformed protobuf at byte <offset>: <what>}, the message every wire walk uses. */
  public static MalformedDataException malformed(int offset, String what) {
    return new MalformedDataException("malformed protobuf at byte " + offset + ": " + what);
  }
}
