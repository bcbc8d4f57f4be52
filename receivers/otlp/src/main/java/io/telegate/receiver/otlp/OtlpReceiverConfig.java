package io.telegate.receiver.otlp;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config of the {@code otlp} receiver: the protocols it serves, as in the Collector.
 *
 * <p>A protocol runs when its key is present under {@code protocols}, even with no value ({@code
 * grpc:}); an absent key turns it off. The config binder keeps a default for both an absent key and
 * a null one, so it cannot tell those apart. This record therefore takes {@code protocols} as the
 * raw YAML value and binds each protocol itself, over that protocol's defaults. When the user
 * leaves {@code protocols} out altogether, the factory default applies: both protocols.
 *
 * @param protocols the YAML value of {@code protocols}; after construction always a {@link
 *     Protocols}
 */
public record OtlpReceiverConfig(Object protocols) implements ComponentConfig {

  /**
   * The protocols that run; a null one is off. It is a map of the running ones so that {@code
   * print-config} leaves a protocol that is off out: printed as {@code grpc: null} it would read
   * back as on.
   */
  public static final class Protocols extends AbstractMap<String, Object> {
    private final GrpcConfig grpc;
    private final HttpConfig http;
    private final Set<Entry<String, Object>> entries;

    public Protocols(GrpcConfig grpc, HttpConfig http) {
      this.grpc = grpc;
      this.http = http;
      Map<String, Object> m = new LinkedHashMap<>();
      if (grpc != null) {
        m.put("grpc", grpc);
      }
      if (http != null) {
        m.put("http", http);
      }
      this.entries = Collections.unmodifiableMap(m).entrySet();
    }

    public GrpcConfig grpc() {
      return grpc;
    }

    public HttpConfig http() {
      return http;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return entries;
    }
  }

  /** The Collector's factory default: both protocols on their default endpoints. */
  public static final OtlpReceiverConfig DEFAULT =
      new OtlpReceiverConfig(new Protocols(GrpcConfig.DEFAULT, HttpConfig.DEFAULT));

  /**
   * Binds {@code protocols} when it is still raw YAML.
   *
   * @throws IllegalArgumentException listing every binding error with its path; the config binder
   *     reports it under the receiver's id
   */
  public OtlpReceiverConfig {
    if (!(protocols instanceof Protocols)) {
      ConfigErrors errors = new ConfigErrors();
      protocols = bindProtocols(protocols, errors);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors.list()));
      }
    }
  }

  public static OtlpReceiverConfig of(GrpcConfig grpc, HttpConfig http) {
    return new OtlpReceiverConfig(new Protocols(grpc, http));
  }

  private static Protocols bindProtocols(Object raw, ConfigErrors errors) {
    if (raw == null) {
      return new Protocols(null, null);
    }
    if (!(raw instanceof Map<?, ?> map)) {
      errors.add("protocols", "expected a map of protocols, got " + (raw instanceof List ? "a list" : "'" + raw + "'"));
      return new Protocols(null, null);
    }
    GrpcConfig grpc = null;
    HttpConfig http = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      switch (key) {
        case "grpc" -> grpc = ConfigBinder.bind(e.getValue(), GrpcConfig.DEFAULT, "protocols::grpc", errors);
        case "http" -> http = ConfigBinder.bind(e.getValue(), HttpConfig.DEFAULT, "protocols::http", errors);
        default -> errors.add("protocols::" + key, "unknown protocol (valid keys: grpc, http)");
      }
    }
    return new Protocols(grpc, http);
  }

  /** The gRPC settings, or null when gRPC is off. */
  public GrpcConfig grpc() {
    return ((Protocols) protocols).grpc();
  }

  /** The HTTP settings, or null when HTTP is off. */
  public HttpConfig http() {
    return ((Protocols) protocols).http();
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (grpc() == null && http() == null) {
      errors.add("protocols: must specify at least one protocol when using the OTLP receiver");
    }
    return errors;
  }
}
