package io.telegate.exporter.otlp;

import io.telegate.core.component.ConfigValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code keepalive} of the gRPC exporter: pings on an idle connection so a dead peer is noticed.
 * Off when the key is absent (the Collector's default for this exporter); these values apply when
 * {@code keepalive:} is written.
 *
 * @param time ping after this long without activity
 * @param timeout close the connection if a ping is not answered within this
 * @param permitWithoutStream ping even when no call is open
 */
public record GrpcKeepaliveConfig(Duration time, Duration timeout, boolean permitWithoutStream) implements ConfigValidator {

  public static final GrpcKeepaliveConfig DEFAULT =
      new GrpcKeepaliveConfig(Duration.ofSeconds(10), Duration.ofSeconds(10), false);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (time == null || time.isNegative() || time.isZero()) {
      errors.add("time: must be positive");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      errors.add("timeout: must be positive");
    }
    return errors;
  }
}
