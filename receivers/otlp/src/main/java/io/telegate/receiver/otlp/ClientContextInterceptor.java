package io.telegate.receiver.otlp;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.telegate.core.data.ClientContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts who called (the peer address and, with {@code include_metadata}, the request metadata) into
 * the gRPC context, where the export methods read it.
 */
final class ClientContextInterceptor implements ServerInterceptor {

  static final Context.Key<ClientContext> CLIENT = Context.key("telegate-client-context");

  private final boolean includeMetadata;

  ClientContextInterceptor(boolean includeMetadata) {
    this.includeMetadata = includeMetadata;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String address = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    Map<String, String> auth = Authentication.ATTRIBUTES.get();
    ClientContext client = new ClientContext(address, includeMetadata ? metadata(headers) : Map.of(),
        auth == null ? Map.of() : auth);
    return Contexts.interceptCall(Context.current().withValue(CLIENT, client), call, headers, next);
  }

  static String address(SocketAddress peer) {
    if (peer instanceof InetSocketAddress inet) {
      String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + inet.getPort() : host + ":" + inet.getPort();
    }
    return peer == null ? "" : peer.toString();
  }

  /** Text metadata by lower-cased key (grpc-java already lower-cases); binary ({@code -bin}) keys are left out. */
  private static Map<String, List<String>> metadata(Metadata headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String key : headers.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        continue;
      }
      Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
      if (values != null) {
        List<String> list = new java.util.ArrayList<>();
        values.forEach(list::add);
        out.put(key.toLowerCase(java.util.Locale.ROOT), List.copyOf(list));
      }
    }
    return out;
  }
}
