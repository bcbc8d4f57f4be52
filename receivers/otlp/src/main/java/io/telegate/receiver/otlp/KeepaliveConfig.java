package io.telegate.receiver.otlp;

import io.telegate.core.component.ConfigValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * gRPC keepalive, with the Collector's {@code keepalive} keys; unset or zero durations keep
 * grpc-java's defaults, as zero does in grpc-go.
 *
 * @param serverParameters what the server does to idle and old connections
 * @param enforcementPolicy how often clients may ping
 */
public record KeepaliveConfig(ServerParameters serverParameters, EnforcementPolicy enforcementPolicy) implements ConfigValidator {

  public static final KeepaliveConfig DEFAULT =
      new KeepaliveConfig(ServerParameters.DEFAULT, EnforcementPolicy.DEFAULT);

  /**
   * Server keepalive parameters.
   *
   * @param maxConnectionIdle close a connection idle this long
   * @param maxConnectionAge close a connection this old (clients then reconnect, which spreads load)
   * @param maxConnectionAgeGrace time given to calls in flight on a connection closed for its age
   * @param time ping a client after this long without activity
   * @param timeout close the connection if a ping is not answered within this
   */
  public record ServerParameters(
      Duration maxConnectionIdle, Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration time,
      Duration timeout) {
    public static final ServerParameters DEFAULT = new ServerParameters(null, null, null, null, null);
  }

  /**
   * Client ping policy; a client pinging more often is disconnected.
   *
   * @param minTime the shortest interval between client pings the server accepts
   * @param permitWithoutStream whether clients may ping while no call is open
   */
  public record EnforcementPolicy(Duration minTime, boolean permitWithoutStream) {
    public static final EnforcementPolicy DEFAULT = new EnforcementPolicy(null, false);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    ServerParameters p = serverParameters;
    if (p != null) {
      notNegative(errors, "server_parameters::max_connection_idle", p.maxConnectionIdle());
      notNegative(errors, "server_parameters::max_connection_age", p.maxConnectionAge());
      notNegative(errors, "server_parameters::max_connection_age_grace", p.maxConnectionAgeGrace());
      notNegative(errors, "server_parameters::time", p.time());
      notNegative(errors, "server_parameters::timeout", p.timeout());
    }
    if (enforcementPolicy != null) {
      notNegative(errors, "enforcement_policy::min_time", enforcementPolicy.minTime());
    }
    return errors;
  }

  private static void notNegative(List<String> errors, String key, Duration d) {
    if (d != null && d.isNegative()) {
      errors.add(key + ": must not be negative, got " + d);
    }
  }
}
