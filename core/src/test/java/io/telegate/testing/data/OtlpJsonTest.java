package io.telegate.testing.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

  @Test
  void writesOtlpJsonsIdsIntegersEnumsAndOmitsDefaults() {
    String json = new String(TraceData.spans(1).ids(16, 8).kind(Span.SpanKind.SPAN_KIND_CLIENT)
        .startingAt(1_700_000_000_000_000_000L, 0).json(), StandardCharsets.UTF_8);
    assertEquals("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\","
        + "\"spanId\":\"0102030405060700\",\"name\":\"span-0\",\"kind\":3,"
        + "\"startTimeUnixNano\":\"1700000000000000000\"}]}]}]}", json);
  }

  @Test
  void otherBytesAreBase64AndAOneofAtItsDefaultIsStillWritten() {
    String json = new String(OtlpJson.encode(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi"))
        .build()), StandardCharsets.UTF_8);
    assertEquals("{\"bytesValue\":\"aGk=\"}", json);
    assertEquals("{\"intValue\":\"0\"}", new String(OtlpJson.encode(Values.num(0)), StandardCharsets.UTF_8));
  }

  @Test
  void bigJsonBodiesAreWhatTheReaderTakes() {
    byte[] json = LogData.records(1).bodies(i -> "x")
        .each((r, i) -> {
          for (int a = 0; a < 1_000; a++) {
            r.addAttributes(Values.kv("attr" + a, "v" + a));
          }
        }).json();
    assertTrue(json.length > 30_000);
    assertEquals(1, io.telegate.core.data.OtlpWire.LOGS.check(io.telegate.core.data.OtlpJsonReader.logs(json)));
    assertThrows(IllegalArgumentException.class, () -> Values.attrs("odd"));
  }
}
