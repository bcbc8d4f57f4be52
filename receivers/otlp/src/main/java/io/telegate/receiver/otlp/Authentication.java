package io.telegate.receiver.otlp;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.telegate.core.auth.AuthConfig;
import io.telegate.core.auth.ServerAuthenticator;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import io.telegate.core.telemetry.MetricRegistry;

/**
 * A protocol's {@code auth}: its authenticator extension and the count of requests it refused.
 * Refused requests are answered 401 / {@code UNAUTHENTICATED} with the authenticator's reason and
 * never reach the pipeline.
 */
record Authentication(ServerAuthenticator authenticator, MetricRegistry.Counter refused) {

  /**
   * The protocol's authentication, or null without {@code auth}.
   *
   * @throws IllegalStateException when the id names no started authenticator extension
   */
  static Authentication resolve(AuthConfig auth, String path, Host host, String receiver, Transport transport) {
    if (auth == null || auth.authenticator() == null || auth.authenticator().isBlank()) {
      return null;
    }
    ComponentId id = ComponentId.parse(auth.authenticator());
    Object ext = host.extension(id).orElse(null);
    if (!(ext instanceof ServerAuthenticator a)) {
      throw new IllegalStateException(path + "::authenticator: '" + id + "' is " + (ext == null
          ? "not a started extension (configure it under extensions and list it in service::extensions)"
          : "not an authenticator"));
    }
    return new Authentication(a, host.metrics().counter("telegate_receiver_unauthenticated_requests",
        "Requests refused by the receiver's authenticator (401 / UNAUTHENTICATED).", "receiver", receiver,
        "transport", transport.label()));
  }

  /** The reason a request with these headers is refused (counted), or null when it may pass. */
  String refuse(java.util.function.Function<String, String> header) {
    String reason = authenticator.authenticate(header);
    if (reason != null) {
      refused.inc();
    }
    return reason;
  }

  /** Refuses gRPC calls whose metadata does not pass, before their message is read. */
  ServerInterceptor grpc() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String reason = refuse(name -> headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
        if (reason == null) {
          return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription(reason), new Metadata());
        return new ServerCall.Listener<>() { };
      }
    };
  }
}
