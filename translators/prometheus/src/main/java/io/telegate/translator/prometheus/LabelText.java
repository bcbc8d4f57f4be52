package io.telegate.translator.prometheus;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.telegate.core.data.ValueText;
import java.math.BigDecimal;

/**
 * Attribute values and numbers as label text, the way the Collector writes them. Numbers of the
 * series themselves ({@code le}, {@code quantile}) are Prometheus' plain decimals, not pdata's
 * text of a double, which switches to an exponent outside [1e-6, 1e21).
 */
final class LabelText {

  private LabelText() {}

  /** An attribute value as a label value: pdata's {@code AsString}, as the Collector's translator uses. */
  static String asString(AnyValue v) {
    return ValueText.asString(v);
  }

  /** Shortest decimal without an exponent ({@code 0.005}, {@code 10}), {@code +Inf}, {@code -Inf}, {@code NaN}. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
