package io.telegate.receiver.otlp;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.transport.tls.ServerTlsConfig;
import io.telegate.transport.tls.ServerTlsMaterial;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * Builds the server TLS contexts of both transports from the shared {@link ServerTlsMaterial}:
 * Netty's for HTTP and the copy shaded into grpc-netty-shaded for gRPC (the two are different
 * classes). Only the engine glue is here; reading and reloading the material is the transport
 * module's.
 */
final class ServerTls {

  private ServerTls() {}

  static SslContext forHttp(ServerTlsConfig tls, GatewayLogger log) throws IOException {
    ServerTlsMaterial m = ServerTlsMaterial.load(tls, log);
    SslContextBuilder b = SslContextBuilder.forServer(m.keyManager()).protocols(tls.protocols());
    if (m.clientTrust() != null) {
      b.trustManager(m.clientTrust()).clientAuth(ClientAuth.REQUIRE);
    }
    return b.build();
  }

  static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext forGrpc(ServerTlsConfig tls, GatewayLogger log)
      throws IOException {
    ServerTlsMaterial m = ServerTlsMaterial.load(tls, log);
    try {
      var b = io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.configure(
          io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forServer(m.keyManager()));
      b.protocols(tls.protocols());
      if (m.clientTrust() != null) {
        b.trustManager(m.clientTrust()).clientAuth(io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE);
      }
      return b.build();
    } catch (SSLException e) {
      throw new IOException("cannot set up gRPC TLS: " + e.getMessage(), e);
    }
  }
}
