package io.telegate.receiver.otlp;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.telegate.core.auth.AuthConfig;
import io.telegate.core.auth.Authenticators;
import io.telegate.core.auth.ServerAuthenticator;
import io.telegate.core.auth.Verdict;
import io.telegate.core.component.Host;
import io.telegate.core.telemetry.MetricRegistry;
import java.util.Map;

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
  static Authentication resolve(AuthConfig auth, String path, Host host, String receiver, Protocol transport) {
    ServerAuthenticator a = Authenticators.server(auth, path, host);
    if (a == null) {
      return null;
    }
    return new Authentication(a, host.metrics().counter("telegate_receiver_unauthenticated_requests",
        "Requests refused by the receiver's authenticator (401 / UNAUTHENTICATED).", "receiver", receiver,
        "transport", transport.label()));
  }

  /** What the authenticator decided about a request with these headers; a refusal is counted. */
  Verdict check(java.util.function.Function<String, String> header) {
    Verdict v = authenticator.authenticate(header);
    if (!v.passed()) {
      refused.inc();
    }
    return v;
  }

  /** What the authenticator learnt about the sender of the call being handled, for its client context. */
  static final Context.Key<Map<String, String>> ATTRIBUTES = Context.key("telegate-auth-attributes");

  /** Refuses gRPC calls whose metadata does not pass, before their message is read. */
  ServerInterceptor grpc() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        Verdict v = check(name -> headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
        if (v.passed()) {
          return Contexts.interceptCall(Context.current().withValue(ATTRIBUTES, v.attributes()), call, headers, next);
        }
        call.close(Status.UNAUTHENTICATED.withDescription(v.refusal()), new Metadata());
        return new ServerCall.Listener<>() { };
      }
    };
  }
}
