package io.telegate.receiver.otlp;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.telegate.transport.tls.ServerTlsConfig;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Builds the server TLS contexts of both transports from a {@link ServerTlsConfig}: Netty's for HTTP and
 * the copy shaded into grpc-netty-shaded for gRPC (the two are different classes).
 */
final class ServerTls {

  private ServerTls() {}

  static SslContext forHttp(ServerTlsConfig tls) throws IOException {
    try (InputStream cert = certificate(tls); InputStream key = key(tls)) {
      SslContextBuilder b = SslContextBuilder.forServer(cert, key).protocols(tls.protocols());
      if (tls.requiresClientCertificate()) {
        b.trustManager(new File(tls.clientCaFile())).clientAuth(ClientAuth.REQUIRE);
      }
      return b.build();
    }
  }

  static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext forGrpc(ServerTlsConfig tls) throws IOException {
    try (InputStream cert = certificate(tls); InputStream key = key(tls)) {
      var b = io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.configure(
          io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forServer(cert, key));
      b.protocols(tls.protocols());
      if (tls.requiresClientCertificate()) {
        b.trustManager(new File(tls.clientCaFile()))
            .clientAuth(io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE);
      }
      return b.build();
    } catch (SSLException e) {
      throw new IOException("cannot set up gRPC TLS: " + e.getMessage(), e);
    }
  }

  private static InputStream certificate(ServerTlsConfig tls) throws IOException {
    return tls.certPem() != null && !tls.certPem().isBlank()
        ? new ByteArrayInputStream(tls.certPem().getBytes(StandardCharsets.US_ASCII))
        : Files.newInputStream(Path.of(tls.certFile()));
  }

  private static InputStream key(ServerTlsConfig tls) throws IOException {
    return tls.keyPem() != null && !tls.keyPem().isBlank()
        ? new ByteArrayInputStream(tls.keyPem().getBytes(StandardCharsets.US_ASCII))
        : Files.newInputStream(Path.of(tls.keyFile()));
  }
}
