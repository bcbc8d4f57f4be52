package io.telegate.core.data.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.telegate.core.data.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** {@link WireReader} and {@link WireWriter} against protobuf-java's CodedInputStream / CodedOutputStream. */
class WireReaderTest {

  /** Varint boundaries: every width from 1 to 10 bytes, both sides of each, and the 64-bit extremes. */
  static long[] boundaryValues() {
    List<Long> v = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE,
        (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 0xFFFF_FFFFL, 1L << 32));
    for (int bits = 7; bits < 64; bits += 7) {
      v.add((1L << bits) - 1);
      v.add(1L << bits);
    }
    Random random = new Random(18);
    for (int i = 0; i < 2000; i++) {
      v.add(random.nextLong() >>> random.nextInt(64));
    }
    return v.stream().mapToLong(Long::longValue).toArray();
  }

  static byte[] encode(IoWriter w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  interface IoWriter {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  static void assertMalformed(String message, Runnable read) {
    MalformedDataException e = assertThrows(MalformedDataException.class, read::run);
    assertEquals("malformed protobuf at byte " + message, e.getMessage());
  }

  @Test
  void readsAndWritesVarintsOfEveryWidthAsProtobufJava() throws IOException {
    for (long v : boundaryValues()) {
      byte[] theirs = encode(out -> out.writeUInt64NoTag(v));
      assertEquals(CodedOutputStream.computeUInt64SizeNoTag(v), WireWriter.varintSize(v), "size of " + v);
      byte[] ours = new byte[10];
      int end = WireWriter.writeVarint(ours, 0, v);
      assertArrayEquals(theirs, Arrays.copyOf(ours, end), "encoding of " + v);

      WireReader r = new WireReader(theirs);
      assertEquals(v, r.readVarint64(theirs.length));
      assertEquals(theirs.length, r.pos());
      r.seek(0);
      assertEquals(CodedInputStream.newInstance(theirs).readRawVarint32(), r.readVarint32(theirs.length), "int32 of " + v);
      assertEquals(theirs.length, r.pos());
    }
  }

  @Test
  void readsInt32AndSint32AsProtobufJavaWritesThem() throws IOException {
    for (int v : new int[] {0, 1, -1, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE, -300}) {
      byte[] int32 = encode(out -> out.writeInt32NoTag(v));
      assertEquals(v, new WireReader(int32).readVarint32(int32.length));
      assertEquals(v < 0 ? 10 : CodedOutputStream.computeUInt32SizeNoTag(v), int32.length);
      byte[] sint32 = encode(out -> out.writeSInt32NoTag(v));
      int zigzag = new WireReader(sint32).readVarint32(sint32.length);
      assertEquals(v, (zigzag >>> 1) ^ -(zigzag & 1));
    }
  }

  @Test
  void readsNonMinimalVarintsUpToTenBytesAsProtobufJava() throws IOException {
    // 1 padded to 10 bytes, and a 10th byte with bits above 64 (protobuf-java drops them too).
    for (byte[] b : List.of(bytes(0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00),
        bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), bytes(0x80, 0x00))) {
      WireReader r = new WireReader(b);
      assertEquals(CodedInputStream.newInstance(b).readRawVarint64(), r.readVarint64(b.length));
      assertEquals(10 == b.length ? 10 : 2, r.pos());
    }
  }

  /**
   * protobuf-java's stream decoder refuses it; its array decoder (what parseFrom(byte[]) uses)
   * stops after ten bytes whatever the tenth is, so the reader is the stricter of the two.
   */
  @Test
  void refusesAVarintOfElevenBytesLikeProtobufJavasStreamDecoder() {
    byte[] b = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    assertThrows(InvalidProtocolBufferException.class,
        () -> CodedInputStream.newInstance(new java.io.ByteArrayInputStream(b)).readRawVarint64());
    assertMalformed("10: varint longer than 10 bytes", () -> new WireReader(b).readVarint64(b.length));
  }

  @Test
  void refusesEveryTruncationOfAVarintAtTheLimitNotTheArrayEnd() {
    byte[] full = encode(out -> out.writeUInt64NoTag(-1L)); // 10 bytes
    byte[] padded = Arrays.copyOf(full, 20); // bytes after the limit must not be read
    for (int limit = 0; limit < full.length; limit++) {
      int cut = limit;
      assertThrows(InvalidProtocolBufferException.class,
          () -> CodedInputStream.newInstance(full, 0, cut).readRawVarint64());
      assertMalformed(cut + ": truncated varint", () -> new WireReader(padded).readVarint64(cut));
    }
    // Reading from an offset: the message names the offset in the array.
    assertMalformed("7: truncated varint", () -> new WireReader(padded, 5).readVarint64(7));
  }

  /** skipField moves past a varint without decoding it, with the same checks. */
  @Test
  void skipsVarintsOfEveryWidthAndRefusesBrokenOnes() {
    for (long v : boundaryValues()) {
      byte[] b = new byte[11];
      b[0] = 0x08; // field 1, varint
      int end = WireWriter.writeVarint(b, 1, v);
      WireReader r = new WireReader(b);
      r.skipField(r.readTag(end), end, 0);
      assertEquals(end, r.pos(), "after " + v);
      for (int cut = 1; cut < end; cut++) {
        int limit = cut;
        WireReader c = new WireReader(b);
        int tag = c.readTag(limit);
        assertMalformed(limit + ": truncated varint", () -> c.skipField(tag, limit, 0));
      }
    }
    byte[] eleven = bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    WireReader r = new WireReader(eleven);
    int tag = r.readTag(eleven.length);
    assertMalformed("11: varint longer than 10 bytes", () -> r.skipField(tag, eleven.length, 0));
  }

  @Test
  void readsFixedWidthValuesAsProtobufJava() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      int i32 = i < 4 ? new int[] {0, -1, Integer.MIN_VALUE, Float.floatToRawIntBits(1.5f)}[i] : random.nextInt();
      long i64 = i < 4 ? new long[] {0, -1, Long.MIN_VALUE, Double.doubleToRawLongBits(-2.25)}[i] : random.nextLong();
      byte[] b = encode(out -> {
        out.writeFixed32NoTag(i32);
        out.writeFixed64NoTag(i64);
      });
      WireReader r = new WireReader(b);
      CodedInputStream theirs = CodedInputStream.newInstance(b);
      assertEquals(theirs.readFixed32(), r.readFixed32(b.length));
      assertEquals(theirs.readFixed64(), r.readFixed64(b.length));
      assertEquals(12, r.pos());
      byte[] ours = new byte[12];
      assertEquals(4, WireWriter.writeFixed32(ours, 0, i32));
      assertEquals(12, WireWriter.writeFixed64(ours, 4, i64));
      assertArrayEquals(b, ours);
    }
  }

  @Test
  void refusesAFixedWidthValuePastTheLimit() {
    byte[] b = new byte[16];
    for (int limit = 0; limit < 8; limit++) {
      int l = limit;
      assertMalformed("0: truncated fixed-width field", () -> new WireReader(b).readFixed64(l));
      if (limit < 4) {
        assertMalformed("0: truncated fixed-width field", () -> new WireReader(b).readFixed32(l));
      }
    }
    assertEquals(0, new WireReader(b, 4).readFixed64(12));
    assertEquals(0, new WireReader(b, 12).readFixed32(16));
  }

  @Test
  void readsTagsOfEveryWireTypeAndFieldNumberWidthAsProtobufJava() throws IOException {
    int[] numbers = {1, 15, 16, 2047, 2048, 262_143, 262_144, 33_554_431, 33_554_432, (1 << 29) - 1};
    int[] wireTypes = {WireFormat.WIRETYPE_VARINT, WireFormat.WIRETYPE_FIXED64, WireFormat.WIRETYPE_LENGTH_DELIMITED,
        WireFormat.WIRETYPE_START_GROUP, WireFormat.WIRETYPE_END_GROUP, WireFormat.WIRETYPE_FIXED32};
    assertArrayEquals(wireTypes, new int[] {WireReader.VARINT, WireReader.FIXED64, WireReader.LEN,
        WireReader.START_GROUP, WireReader.END_GROUP, WireReader.FIXED32});
    for (int number : numbers) {
      for (int wireType : wireTypes) {
        byte[] b = encode(out -> out.writeTag(number, wireType));
        int tag = new WireReader(b).readTag(b.length);
        assertEquals(CodedInputStream.newInstance(b).readTag(), tag);
        assertEquals(number, WireReader.fieldNumber(tag));
        assertEquals(wireType, WireReader.wireType(tag));
        assertEquals(tag, WireReader.tag(number, wireType));
        byte[] ours = new byte[5];
        assertArrayEquals(b, Arrays.copyOf(ours, WireWriter.writeTag(ours, 0, number, wireType)));
      }
    }
  }

  @Test
  void refusesFieldNumberZeroAndNumbersAboveTwoToThe29() {
    for (byte[] zero : List.of(bytes(0x00), bytes(0x07), bytes(0x80, 0x00), bytes(0x82, 0x80, 0x00))) {
      assertThrows(InvalidProtocolBufferException.class, () -> CodedInputStream.newInstance(zero).readTag());
      assertMalformed("0: invalid field number 0", () -> new WireReader(zero).readTag(zero.length));
    }
    // 2^29 does not fit in the 32-bit tag protobuf-java reads (it would take the low bits).
    byte[] big = encode(out -> out.writeUInt64NoTag((1L << 29) << 3));
    assertMalformed("0: invalid field number 536870912", () -> new WireReader(big).readTag(big.length));
    byte[] max = encode(out -> out.writeUInt64NoTag(-1L));
    assertMalformed("0: invalid field number 2305843009213693951", () -> new WireReader(max).readTag(max.length));
  }

  @Test
  void readsLengthsUpToTheLimitAndNamesTheFieldOfOneBeyond() throws IOException {
    byte[] b = encode(out -> out.writeByteArray(300, new byte[200])); // 2-byte tag, 2-byte length
    WireReader r = new WireReader(b);
    int tag = r.readTag(b.length);
    assertEquals(300, tag >>> 3);
    assertEquals(200, r.readLength(b.length));
    assertEquals(4, r.pos());
    r.seek(0);
    r.readTag(b.length);
    assertEquals(b.length, r.readEnd(b.length));
    r.seek(0);
    r.readTag(b.length - 1);
    assertMalformed("0: field 300 has length 200 beyond the end of its message", () -> r.readLength(b.length - 1));
    assertThrows(InvalidProtocolBufferException.class, () -> {
      CodedInputStream cut = CodedInputStream.newInstance(b, 0, b.length - 1);
      cut.skipField(cut.readTag());
    });
    // A 64-bit length (negative as a long) and one just past an int.
    for (long length : new long[] {-1L, 1L << 31, Long.MAX_VALUE}) {
      byte[] huge = new byte[12];
      huge[0] = 0x0a;
      int end = WireWriter.writeVarint(huge, 1, length);
      WireReader h = new WireReader(huge);
      h.readTag(end);
      assertMalformed("0: field 1 has length " + length + " beyond the end of its message", () -> h.readLength(end));
    }
  }

  /** A message with one field of every wire type, a nested group among them, then field 99. */
  static byte[] everyWireType() {
    return encode(out -> {
      out.writeInt64(1, -5);
      out.writeFixed64(2, 0x0102030405060708L);
      out.writeString(3, "héllo");
      out.writeTag(4, WireFormat.WIRETYPE_START_GROUP);
      out.writeUInt32(1, 300);
      out.writeTag(2, WireFormat.WIRETYPE_START_GROUP);
      out.writeFixed32(3, 7);
      out.writeTag(2, WireFormat.WIRETYPE_END_GROUP);
      out.writeBytes(5, com.google.protobuf.ByteString.copyFrom(new byte[130]));
      out.writeTag(4, WireFormat.WIRETYPE_END_GROUP);
      out.writeFixed32(5, -1);
      out.writeTag(1 << 28, WireFormat.WIRETYPE_VARINT);
      out.writeUInt64NoTag(Long.MIN_VALUE);
      out.writeBool(99, true);
    });
  }

  @Test
  void skipsEveryWireTypeWhereProtobufJavaDoes() throws IOException {
    byte[] b = everyWireType();
    WireReader r = new WireReader(b);
    CodedInputStream theirs = CodedInputStream.newInstance(b);
    int fields = 0;
    while (r.pos() < b.length) {
      int tag = r.readTag(b.length);
      assertEquals(theirs.readTag(), tag);
      r.skipField(tag, b.length, 0);
      assertTrue(theirs.skipField(tag));
      assertEquals(theirs.getTotalBytesRead(), r.pos(), "after field " + (tag >>> 3));
      fields++;
    }
    assertEquals(7, fields);
    assertTrue(theirs.isAtEnd());
  }

  @Test
  void refusesWireTypesSixAndSevenAndAStrayEndGroup() throws IOException {
    for (int wireType : new int[] {6, 7}) {
      byte[] b = bytes(0x10 | wireType, 0x00);
      WireReader r = new WireReader(b);
      int tag = r.readTag(b.length);
      assertThrows(InvalidProtocolBufferException.class, () -> CodedInputStream.newInstance(b).skipField(tag));
      assertMalformed("0: invalid wire type " + wireType, () -> r.skipField(tag, b.length, 0));
    }
    // protobuf-java's skipField returns false here and the message parse then fails.
    byte[] end = bytes(0x08, 0x01, 0x14);
    WireReader r = new WireReader(end);
    r.skipField(r.readTag(end.length), end.length, 0);
    int tag = r.readTag(end.length);
    assertFalse(CodedInputStream.newInstance(end, 2, 1).skipField(tag));
    assertMalformed("2: invalid wire type 4", () -> r.skipField(tag, end.length, 0));
  }

  @Test
  void refusesBrokenGroupsLikeProtobufJava() {
    record Case(String message, byte[] bytes) {}
    List<Case> cases = List.of(
        new Case("1: unterminated group 1", bytes(0x0b)),
        new Case("3: unterminated group 1", bytes(0x0b, 0x08, 0x01)),
        new Case("1: group 1 ended by tag of field 2", bytes(0x0b, 0x14)),
        new Case("2: group 2 ended by tag of field 1", bytes(0x0b, 0x13, 0x0c, 0x14)),
        new Case("1: invalid field number 0", bytes(0x0b, 0x00, 0x00, 0x0c)),
        new Case("1: invalid wire type 6", bytes(0x0b, 0x0e, 0x0c)),
        new Case("2: truncated fixed-width field", bytes(0x0b, 0x09, 0x00, 0x0c)),
        new Case("1: field 1 has length 5 beyond the end of its message", bytes(0x0b, 0x0a, 0x05, 0x0c)),
        new Case("3: truncated varint", bytes(0x0b, 0x08, 0x80)));
    for (Case c : cases) {
      byte[] b = c.bytes();
      WireReader r = new WireReader(b);
      int tag = r.readTag(b.length);
      assertThrows(InvalidProtocolBufferException.class, () -> {
        CodedInputStream in = CodedInputStream.newInstance(b);
        in.skipField(in.readTag());
      }, c.message());
      assertMalformed(c.message(), () -> r.skipField(tag, b.length, 0));
    }
  }

  static byte[] nestedGroups(int n) {
    byte[] b = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      b[i] = 0x0b; // start group 1
      b[2 * n - 1 - i] = 0x0c; // end group 1
    }
    return b;
  }

  /** Whatever depth of groups the reader skips, protobuf-java skips at its default recursion limit. */
  @Test
  void refusesGroupsNestedDeeperThanProtobufJavaAccepts(TestReporter reporter) throws IOException {
    int deepestOurs = 0;
    for (int n = 1; n <= 130; n++) {
      byte[] b = nestedGroups(n);
      WireReader r = new WireReader(b);
      int tag = r.readTag(b.length);
      try {
        r.skipField(tag, b.length, 0);
      } catch (MalformedDataException e) {
        assertEquals("malformed protobuf at byte " + (WireReader.MAX_DEPTH + 1) + ": nesting deeper than "
            + WireReader.MAX_DEPTH, e.getMessage());
        CodedInputStream in = CodedInputStream.newInstance(b);
        assertThrows(InvalidProtocolBufferException.class, () -> in.skipField(in.readTag()), n + " nested groups");
        continue;
      }
      assertEquals(b.length, r.pos());
      deepestOurs = n;
      CodedInputStream in = CodedInputStream.newInstance(b);
      assertTrue(in.skipField(in.readTag()), "protobuf-java skips " + n + " nested groups");
    }
    assertEquals(WireReader.MAX_DEPTH, deepestOurs);
    // The depth argument counts the messages the group is in.
    byte[] b = nestedGroups(2);
    WireReader r = new WireReader(b);
    int tag = r.readTag(b.length);
    assertMalformed("2: nesting deeper than 100", () -> r.skipField(tag, b.length, WireReader.MAX_DEPTH - 1));
    r.seek(1);
    assertMalformed("1: nesting deeper than 100", () -> r.skipField(tag, b.length, WireReader.MAX_DEPTH));
    reporter.publishEntry("deepest nesting of groups skipped from depth 0", String.valueOf(deepestOurs));
  }

  /**
   * Random messages of every wire type, then random corruptions of them: whatever the reader walks
   * to the end, protobuf-java walks the same way, field for field.
   */
  @Test
  void walksRandomAndCorruptedMessagesAsProtobufJava(TestReporter reporter) {
    Random random = new Random(1818);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] good = randomMessage(random, 0);
      assertTrue(walkAlike(good), () -> "refused a message protobuf-java wrote: " + Arrays.toString(good));
      byte[] bad = good.clone();
      if (bad.length > 0) {
        for (int f = 1 + random.nextInt(3); f > 0; f--) {
          bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
        }
      }
      if (walkAlike(bad)) {
        accepted++;
      } else {
        refused++;
      }
    }
    assertTrue(accepted > 500 && refused > 500, accepted + " corruptions walked, " + refused + " refused");
    reporter.publishEntry("corrupted messages walked / refused", accepted + " / " + refused);
  }

  /** Walks {@code b} with both readers; false if ours refused it (protobuf-java may take more). */
  private static boolean walkAlike(byte[] b) {
    WireReader r = new WireReader(b);
    List<int[]> ours = new ArrayList<>();
    try {
      while (r.pos() < b.length) {
        int tag = r.readTag(b.length);
        r.skipField(tag, b.length, 0);
        ours.add(new int[] {tag, r.pos()});
      }
    } catch (MalformedDataException e) {
      assertTrue(e.getMessage().startsWith("malformed protobuf at byte "), e.getMessage());
      return false;
    }
    CodedInputStream theirs = CodedInputStream.newInstance(b);
    try {
      for (int[] field : ours) {
        assertEquals(field[0], theirs.readTag());
        assertTrue(theirs.skipField(field[0]));
        assertEquals(field[1], theirs.getTotalBytesRead());
      }
      assertTrue(theirs.isAtEnd());
    } catch (IOException e) {
      throw new AssertionError("the reader walked bytes protobuf-java refuses: " + Arrays.toString(b), e);
    }
    return true;
  }

  private static byte[] randomMessage(Random random, int depth) {
    return encode(out -> {
      for (int n = random.nextInt(6); n > 0; n--) {
        int number = random.nextInt(4) == 0 ? 1 + random.nextInt((1 << 29) - 1) : 1 + random.nextInt(20);
        switch (random.nextInt(depth < 3 ? 6 : 5)) {
          case 0 -> out.writeUInt64(number, random.nextLong() >>> random.nextInt(64));
          case 1 -> out.writeFixed64(number, random.nextLong());
          case 2 -> out.writeFixed32(number, random.nextInt());
          case 3 -> out.writeByteArray(number, randomBytes(random));
          case 4 -> out.writeByteArray(number, randomMessage(random, depth + 1));
          default -> {
            out.writeTag(number, WireFormat.WIRETYPE_START_GROUP);
            out.writeRawBytes(randomMessage(random, depth + 1));
            out.writeTag(number, WireFormat.WIRETYPE_END_GROUP);
          }
        }
      }
    });
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(random.nextInt(10) == 0 ? 300 : 12)];
    random.nextBytes(b);
    return b;
  }

  @Test
  void keepsToItsLimitInsideALargerArray() throws IOException {
    byte[] inner = encode(out -> {
      out.writeUInt32(1, 5);
      out.writeString(2, "x");
    });
    byte[] outer = outer(inner);
    WireReader r = new WireReader(outer);
    r.readTag(outer.length);
    int end = r.readEnd(outer.length);
    assertEquals(2 + inner.length, end);
    List<Integer> seen = new ArrayList<>();
    while (r.pos() < end) {
      int tag = r.readTag(end);
      seen.add(tag >>> 3);
      r.skipField(tag, end, 1);
    }
    assertEquals(List.of(1, 2), seen);
    assertEquals(end, r.pos());
    // A field of the inner message that runs past its end is refused even though the array goes on.
    inner[inner.length - 2] = 0x05; // the string's length: 5, where 1 byte is left
    byte[] bad = outer(inner);
    WireReader b = new WireReader(bad);
    b.readTag(bad.length);
    int badEnd = b.readEnd(bad.length);
    b.skipField(b.readTag(badEnd), badEnd, 1);
    int tag = b.readTag(badEnd);
    assertMalformed("4: field 2 has length 5 beyond the end of its message", () -> b.skipField(tag, badEnd, 1));
  }

  /** {@code inner} as field 1, then a field that follows it in the same array. */
  private static byte[] outer(byte[] inner) {
    return encode(out -> {
      out.writeByteArray(1, inner);
      out.writeUInt64(2, 1L << 40);
    });
  }
}
