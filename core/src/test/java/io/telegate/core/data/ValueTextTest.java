package io.telegate.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static io.telegate.testing.data.Values.bool;
import static io.telegate.testing.data.Values.dbl;
import static io.telegate.testing.data.Values.kv;
import static io.telegate.testing.data.Values.list;
import static io.telegate.testing.data.Values.map;
import static io.telegate.testing.data.Values.num;
import static io.telegate.testing.data.Values.str;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import org.junit.jupiter.api.Test;

/** Expected strings are those of pdata's {@code value_test.go} (TestAsString and friends). */
class ValueTextTest {

  @Test
  void scalarsAreWrittenAsPdataAsString() {
    assertEquals("", ValueText.asString(AnyValue.getDefaultInstance()));
    assertEquals("string value", ValueText.asString(str("string value")));
    assertEquals("true", ValueText.asString(bool(true)));
    assertEquals("-42", ValueText.asString(num(-42)));
    assertEquals("1.2", ValueText.asString(dbl(1.2)));
    assertEquals("AQID", ValueText.asString(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3}))
        .build()));
  }

  @Test
  void doublesAreWrittenAsJavaScriptWritesNumbers() {
    assertEquals("1", ValueText.formatDouble(1.0));
    assertEquals("-2.5", ValueText.formatDouble(-2.5));
    assertEquals("123456789", ValueText.formatDouble(123456789.0));
    assertEquals("0.000001", ValueText.formatDouble(0.000001));
    assertEquals("1.5e-7", ValueText.formatDouble(1.5e-7));
    assertEquals("1e+21", ValueText.formatDouble(1e21));
    assertEquals("1.23456789e+25", ValueText.formatDouble(1.23456789e25));
    assertEquals("NaN", ValueText.formatDouble(Double.NaN));
    assertEquals("Infinity", ValueText.formatDouble(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", ValueText.formatDouble(Double.NEGATIVE_INFINITY));
  }

  @Test
  void mapsAndListsAreJsonWithSortedKeysAndTheLastOfARepeatedKey() {
    assertEquals("{\"arr\":[\"a\",1,2.5,true,null],\"b\":{\"x\":\"AQ==\"},\"k\":\"second\"}", ValueText.asString(map(
        kv("k", str("first")),
        kv("b", map(kv("x", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1})).build()))),
        kv("arr", list(str("a"), num(1), dbl(2.5), bool(true), AnyValue.getDefaultInstance())),
        kv("k", str("second")))));
    assertEquals("[]", ValueText.asString(list()));
    assertEquals("{}", ValueText.asString(map()));
  }

  @Test
  void jsonStringsAreEscapedWithoutHtmlEscapes() {
    assertEquals("[\"<a href=\\\"x\\\">&\\n\"]", ValueText.asString(list(str("<a href=\"x\">&\n"))));
  }
}
