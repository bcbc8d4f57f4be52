package io.telegate.exporter.otlp;

import io.telegate.transport.tls.ClientTlsConfig;
import io.telegate.transport.tls.ClientTlsMaterial;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The one gRPC channel of an {@code otlp} exporter id, shared by its traces, metrics and logs
 * senders: opened by the first sender that starts, closed when the last one shuts down.
 */
final class SharedGrpcChannel {

  private final OtlpGrpcExporterConfig config;
  // Guarded by this.
  private ManagedChannel channel;
  private int users;

  SharedGrpcChannel(OtlpGrpcExporterConfig config) {
    this.config = config;
  }

  /** Opens the channel for the first user; the connection itself is made lazily by grpc-java. */
  synchronized ManagedChannel acquire(GatewayLogger log) throws IOException {
    if (users++ == 0) {
      try {
        channel = build(log);
      } catch (IOException | RuntimeException e) {
        users--;
        throw e;
      }
    }
    return channel;
  }

  /** Closes the channel after its last user, letting calls in progress finish for a moment. */
  void release() {
    ManagedChannel toClose;
    synchronized (this) {
      if (users == 0 || --users > 0) {
        return;
      }
      toClose = channel;
      channel = null;
    }
    toClose.shutdown();
    try {
      if (!toClose.awaitTermination(5, TimeUnit.SECONDS)) {
        toClose.shutdownNow();
      }
    } catch (InterruptedException e) {
      toClose.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private ManagedChannel build(GatewayLogger log) throws IOException {
    GrpcTarget target = GrpcTarget.parse(config.endpoint());
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(target.target())
        .defaultLoadBalancingPolicy(config.balancerName())
        .compressorRegistry(io.telegate.transport.grpc.GrpcCodecs.compressors())
        .decompressorRegistry(io.telegate.transport.grpc.GrpcCodecs.decompressors());
    ClientTlsConfig tls = config.tls();
    if (config.usesTls()) {
      ClientTlsMaterial material = ClientTlsMaterial.load(tls, log);
      SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(material.trustManager())
          .protocols(tls.protocols());
      if (material.keyManager() != null) {
        ssl.keyManager(material.keyManager());
      }
      if (material.sessionTimeoutSeconds() > 0) {
        ssl.sessionTimeout(material.sessionTimeoutSeconds());
      }
      b.sslContext(ssl.build()).useTransportSecurity();
      if (tls.insecureSkipVerify()) {
        log.warn("tls.insecure_skip_verify is set: the server's certificate is not checked");
      }
    } else {
      b.usePlaintext();
    }
    // grpc-java checks the certificate against the authority, so the override serves both.
    String authority = config.authority() != null ? config.authority()
        : tls.serverNameOverride() != null && config.usesTls() ? tls.serverNameOverride() : null;
    if (authority != null) {
      b.overrideAuthority(authority);
    }
    if (config.keepalive() != null) {
      b.keepAliveTime(config.keepalive().time().toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveTimeout(config.keepalive().timeout().toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveWithoutCalls(config.keepalive().permitWithoutStream());
    }
    b.userAgent(config.userAgent() != null ? config.userAgent() : "telegate");
    return b.build();
  }
}
