package io.telegate.translator.prometheus;

/** {@code resource_to_telemetry_conversion}: copy every resource attribute onto every series. */
public record ResourceToTelemetryConfig(boolean enabled) {

  public static final ResourceToTelemetryConfig DEFAULT = new ResourceToTelemetryConfig(false);
}
