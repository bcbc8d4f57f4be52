package io.telegate.exporter.otlp;

import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.testing.data.TraceData;
import io.telegate.testing.data.Values;
import java.util.HexFormat;

/** This module's spans, on the shared {@link TraceData}: named, so a test can tell which arrived. */
final class TestData {

  private TestData() {}

  /**
   * {@code n} SERVER spans {@code prefix-0, prefix-1, ...} with ids; the span ids start with 0xab,
   * a byte over 0x7f, so that a hex encoding that forgets bytes are signed shows.
   */
  static TraceData spans(String prefix, int n) {
    return TraceData.spans(n).named(prefix + "-").ids(16, 8)
        .spanIds(i -> Values.hex("ab020304050607" + HexFormat.of().toHexDigits((byte) i)))
        .kind(Span.SpanKind.SPAN_KIND_SERVER).startingAt(1_700_000_000_000_000_000L, 0);
  }
}
