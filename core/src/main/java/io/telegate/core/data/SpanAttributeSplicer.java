package io.telegate.core.data;

import io.telegate.core.data.wire.WireReader;
import io.telegate.core.data.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Inserts string attributes into every span of an encoded {@code ExportTraceServiceRequest} that
 * lacks them, working on the protobuf wire format without building messages. Several attributes
 * are inserted in one pass, with the result of inserting them one after another.
 *
 * <p>This is the "insert" action of the Collector's attributes processor: a span that already has
 * an attribute with the key (whatever its value type) is left as it is; any other span gets
 * {@code key=value} (a string {@code AnyValue}) as its last {@code attributes} entry (field 9). The
 * lengths of the enclosing {@code Span}, {@code ScopeSpans} and {@code ResourceSpans} are
 * rewritten; every other byte, unknown fields included, is copied as it was. Parsing the result
 * with protobuf-java gives what {@code span.toBuilder().addAttributes(kv)} gives.
 *
 * <p>It works in two passes: the first walks the request down to the attribute keys of each span
 * and computes every new length, the second copies runs of the input into one array of exactly
 * the final size. It expects bytes that {@link OtlpWire#TRACES} accepted: it checks the tags and
 * lengths it walks through and throws {@link MalformedDataException} when they are broken, but it
 * does not validate what it copies without looking at it (strings, attribute values, events).
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class SpanAttributeSplicer {

  // Tags of the length-delimited fields on the path from the request to an attribute key.
  private static final int REQUEST_RESOURCE_SPANS = 1 << 3 | WireReader.LEN;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2 << 3 | WireReader.LEN;
  private static final int SCOPE_SPANS_SPANS = 2 << 3 | WireReader.LEN;
  private static final int SPAN_ATTRIBUTES = 9 << 3 | WireReader.LEN;
  private static final int KEY_VALUE_KEY = 1 << 3 | WireReader.LEN;
  private static final int ANY_VALUE_STRING_TAG = 1 << 3 | WireReader.LEN;
  private static final int KEY_VALUE_VALUE_TAG = 2 << 3 | WireReader.LEN;
  // Nesting depths of the messages the walk goes through, for skipping groups.
  private static final int DEPTH_REQUEST = 0;
  private static final int DEPTH_RESOURCE_SPANS = 1;
  private static final int DEPTH_SCOPE_SPANS = 2;
  private static final int DEPTH_SPAN = 3;
  private static final int DEPTH_KEY_VALUE = 4;

  /** Most attributes one splicer inserts: a span's missing ones are a bit mask of an int. */
  public static final int MAX_ATTRIBUTES = 31;

  private final byte[][] keys;
  /** Per key, the whole field appended to a span: tag 9, length, then the {@code KeyValue}. */
  private final byte[][] attributeFields;
  private final int allKeys;

  /** An inserter of {@code key=value}; the encoded attribute is built once, here. */
  public SpanAttributeSplicer(String key, String value) {
    this(java.util.Collections.singletonList(new String[] {key, value}));
  }

  /**
   * An inserter of several attributes, given as {@code {key, value}} pairs in action order. A key
   * repeated later is dropped: inserting it again would find the first insert.
   *
   * @throws IllegalArgumentException with more than {@link #MAX_ATTRIBUTES} distinct keys
   */
  public SpanAttributeSplicer(java.util.List<String[]> keyValues) {
    java.util.LinkedHashMap<String, String> distinct = new java.util.LinkedHashMap<>();
    for (String[] kv : keyValues) {
      distinct.putIfAbsent(Objects.requireNonNull(kv[0], "key"), Objects.requireNonNull(kv[1], "value"));
    }
    if (distinct.isEmpty() || distinct.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException("attributes: " + distinct.size() + " (expected: 1-" + MAX_ATTRIBUTES + ")");
    }
    keys = new byte[distinct.size()][];
    attributeFields = new byte[distinct.size()][];
    int i = 0;
    for (java.util.Map.Entry<String, String> e : distinct.entrySet()) {
      keys[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      attributeFields[i] = encodeField(keys[i], e.getValue().getBytes(StandardCharsets.UTF_8));
      i++;
    }
    allKeys = (int) ((1L << keys.length) - 1);
  }

  private static byte[] encodeField(byte[] key, byte[] v) {
    int anyValueLength = 1 + WireWriter.varintSize(v.length) + v.length;
    // proto3 leaves an empty key out, as protobuf-java does.
    int keyFieldLength = key.length == 0 ? 0 : 1 + WireWriter.varintSize(key.length) + key.length;
    int keyValueLength = keyFieldLength + 1 + WireWriter.varintSize(anyValueLength) + anyValueLength;
    byte[] field = new byte[1 + WireWriter.varintSize(keyValueLength) + keyValueLength];
    int p = WireWriter.writeVarint(field, 0, SPAN_ATTRIBUTES);
    p = WireWriter.writeVarint(field, p, keyValueLength);
    if (keyFieldLength != 0) {
      p = WireWriter.writeVarint(field, p, KEY_VALUE_KEY);
      p = WireWriter.writeVarint(field, p, key.length);
      System.arraycopy(key, 0, field, p, key.length);
      p += key.length;
    }
    p = WireWriter.writeVarint(field, p, KEY_VALUE_VALUE_TAG);
    p = WireWriter.writeVarint(field, p, anyValueLength);
    p = WireWriter.writeVarint(field, p, ANY_VALUE_STRING_TAG);
    p = WireWriter.writeVarint(field, p, v.length);
    System.arraycopy(v, 0, field, p, v.length);
    return field;
  }

  /** Bytes appended to a span missing the keys of {@code mask}. */
  private int addedLength(int mask) {
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if ((mask & (1 << i)) != 0) {
        n += attributeFields[i].length;
      }
    }
    return n;
  }

  /** Shorthand for {@code new SpanAttributeSplicer(key, value).insert(request)}. */
  public static byte[] insert(byte[] request, String key, String value) {
    return new SpanAttributeSplicer(key, value).insert(request);
  }

  /**
   * Returns the request with the attribute added to every span that lacks its key.
   *
   * @param request an encoded {@code ExportTraceServiceRequest}; not modified
   * @return a new array, or {@code request} itself when no span lacks the key (encoded content is
   *     immutable, so there is nothing to copy)
   * @throws MalformedDataException if the structure it walks through is broken, or the result
   *     would not fit in an array
   */
  public byte[] insert(byte[] request) {
    Splice s = new Splice(request);
    long growth = s.sizeRequest(request.length);
    if (s.inserted == 0) {
      return request;
    }
    long size = request.length + growth;
    if (size > Integer.MAX_VALUE - 8) {
      throw new MalformedDataException("request would grow to " + size + " bytes, too large for an array");
    }
    s.out = new byte[(int) size];
    s.next = 0;
    s.writeRequest(request.length);
    if (s.outPos != size) {
      throw new IllegalStateException("wrote " + s.outPos + " bytes, planned " + size);
    }
    return s.out;
  }

  /**
   * One call's state. Pass one records, in the order the walk meets them, a pair (new length or
   * -1 if unchanged, index of the record after its subtree) for each {@code ResourceSpans} and
   * {@code ScopeSpans}, and for each span the bit mask of the attributes it gets (0: none). Pass two walks
   * the same way and reads the records back. It is the cursor over the input too: one object per
   * call.
   */
  private final class Splice extends WireReader {
    private int[] records = new int[32];
    /** The next record: the one pass one writes next, then the one pass two reads next. */
    private int next;
    private int inserted;
    private byte[] out;
    private int outPos;

    Splice(byte[] in) {
      super(in);
    }

    // ---- pass one: sizes. One method per level, no recursion: the JIT compiles it predictably.

    long sizeRequest(int limit) {
      long growth = 0;
      while (pos() < limit) {
        int tag = readTag(limit);
        if (tag == REQUEST_RESOURCE_SPANS) {
          int prefixStart = pos();
          int length = readLength(limit);
          int prefixWidth = pos() - prefixStart;
          int insertedBefore = inserted;
          long g = sizeResourceSpans(length);
          growth += fieldGrowth(insertedBefore, length, g, prefixWidth);
        } else {
          skipField(tag, limit, DEPTH_REQUEST);
        }
      }
      return growth;
    }

    /** Sizes the {@code ResourceSpans} of {@code length} bytes at {@code pos()}; returns its growth. */
    private long sizeResourceSpans(int length) {
      int end = pos() + length;
      int slot = reserve(2);
      int insertedBefore = inserted;
      long growth = 0;
      while (pos() < end) {
        int tag = readTag(end);
        if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
          int prefixStart = pos();
          int scopeLength = readLength(end);
          int prefixWidth = pos() - prefixStart;
          int scopeInsertedBefore = inserted;
          long g = sizeScopeSpans(scopeLength);
          growth += fieldGrowth(scopeInsertedBefore, scopeLength, g, prefixWidth);
        } else {
          skipField(tag, end, DEPTH_RESOURCE_SPANS);
        }
      }
      record(slot, insertedBefore, length, growth);
      return growth;
    }

    private long sizeScopeSpans(int length) {
      int end = pos() + length;
      int slot = reserve(2);
      int insertedBefore = inserted;
      long growth = 0;
      while (pos() < end) {
        int tag = readTag(end);
        if (tag == SCOPE_SPANS_SPANS) {
          int prefixStart = pos();
          int spanEnd = readEnd(end);
          int spanLength = spanEnd - pos();
          int prefixWidth = pos() - prefixStart;
          int missing = sizeSpan(spanEnd);
          if (missing != 0) {
            int added = addedLength(missing);
            growth += added + WireWriter.varintSize((long) spanLength + added) - prefixWidth;
          }
        } else {
          skipField(tag, end, DEPTH_SCOPE_SPANS);
        }
      }
      record(slot, insertedBefore, length, growth);
      return growth;
    }

    /** Growth of a length-delimited field whose message grew by {@code growth}, if it changed. */
    private long fieldGrowth(int insertedBefore, int length, long growth, int prefixWidth) {
      if (inserted == insertedBefore) {
        return 0;
      }
      // A changed message gets a minimal length prefix, whatever width the input used.
      return growth + WireWriter.varintSize(length + growth) - prefixWidth;
    }

    private void record(int slot, int insertedBefore, int length, long growth) {
      // Lengths beyond an int are caught by the total size check before pass two.
      records[slot] = inserted == insertedBefore ? -1 : (int) (length + growth);
      records[slot + 1] = next;
    }

    /**
     * The bit mask of our keys the span ending at {@code end} lacks (0: it gets nothing); leaves
     * {@code pos()} at its end.
     */
    private int sizeSpan(int end) {
      int slot = reserve(1);
      int present = 0;
      while (pos() < end) {
        int tag = readTag(end);
        if (tag == SPAN_ATTRIBUTES) {
          int kvEnd = readEnd(end);
          present |= keyBit(kvEnd);
          if (present == allKeys) {
            records[slot] = 0;
            seek(end);
            return 0;
          }
          seek(kvEnd);
        } else {
          skipField(tag, end, DEPTH_SPAN);
        }
      }
      int missing = allKeys & ~present;
      records[slot] = missing;
      inserted++;
      return missing;
    }

    /** The bit of our key the {@code KeyValue} from {@code pos()} to {@code end} has, or 0; the last key field wins. */
    private int keyBit(int end) {
      int keyStart = 0;
      int keyLength = 0;
      while (pos() < end) {
        int tag = readTag(end);
        if (tag == KEY_VALUE_KEY) {
          keyLength = readLength(end);
          keyStart = pos();
          seek(keyStart + keyLength);
        } else {
          skipField(tag, end, DEPTH_KEY_VALUE);
        }
      }
      for (int i = 0; i < keys.length; i++) {
        byte[] key = keys[i];
        if (keyLength == key.length && Arrays.equals(buffer(), keyStart, keyStart + keyLength, key, 0, key.length)) {
          return 1 << i;
        }
      }
      return 0;
    }

    private int reserve(int n) {
      if (next + n > records.length) {
        records = Arrays.copyOf(records, records.length * 2);
      }
      int slot = next;
      next += n;
      return slot;
    }

    // ---- pass two: copy and write

    void writeRequest(int limit) {
      seek(0);
      int run = 0;
      while (pos() < limit) {
        int tag = readTag(limit);
        if (tag == REQUEST_RESOURCE_SPANS) {
          run = writeResourceSpans(limit, run);
        } else {
          skipField(tag, limit, DEPTH_REQUEST);
        }
      }
      copy(run, limit);
    }

    /**
     * Writes the {@code ResourceSpans} whose length prefix is at {@code pos()}. Input bytes from
     * {@code run} on are still to be copied; returns where the next run starts.
     */
    private int writeResourceSpans(int limit, int run) {
      int end = startParent(limit, run);
      if (end < 0) {
        return run;
      }
      run = pos();
      while (pos() < end) {
        int tag = readTag(end);
        if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
          run = writeScopeSpans(end, run);
        } else {
          skipField(tag, end, DEPTH_RESOURCE_SPANS);
        }
      }
      copy(run, end);
      return end;
    }

    private int writeScopeSpans(int limit, int run) {
      int end = startParent(limit, run);
      if (end < 0) {
        return run;
      }
      run = pos();
      while (pos() < end) {
        int tag = readTag(end);
        if (tag == SCOPE_SPANS_SPANS) {
          run = writeSpan(end, run);
        } else {
          skipField(tag, end, DEPTH_SCOPE_SPANS);
        }
      }
      copy(run, end);
      return end;
    }

    /**
     * Reads the length prefix at {@code pos()} and its record. If nothing changes below, leaves the
     * message in the run, skips its records and returns -1; otherwise copies the run, writes the
     * new length and returns the end of the message in the input.
     */
    private int startParent(int limit, int run) {
      int prefixStart = pos();
      int end = readEnd(limit);
      int record = next;
      int newLength = records[record];
      if (newLength < 0) {
        next = records[record + 1];
        seek(end);
        return -1;
      }
      next = record + 2;
      copy(run, prefixStart);
      outPos = WireWriter.writeVarint(out, outPos, newLength);
      return end;
    }

    private int writeSpan(int limit, int run) {
      int prefixStart = pos();
      int end = readEnd(limit);
      int missing = records[next++];
      if (missing == 0) {
        seek(end);
        return run;
      }
      int start = pos();
      copy(run, prefixStart);
      outPos = WireWriter.writeVarint(out, outPos, (long) (end - start) + addedLength(missing));
      copy(start, end);
      for (int i = 0; i < keys.length; i++) {
        if ((missing & (1 << i)) != 0) {
          System.arraycopy(attributeFields[i], 0, out, outPos, attributeFields[i].length);
          outPos += attributeFields[i].length;
        }
      }
      seek(end);
      return end;
    }

    private void copy(int from, int to) {
      int n = to - from;
      System.arraycopy(buffer(), from, out, outPos, n);
      outPos += n;
    }
  }
}
