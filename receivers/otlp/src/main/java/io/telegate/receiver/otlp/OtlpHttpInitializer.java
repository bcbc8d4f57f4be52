package io.telegate.receiver.otlp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.HttpMetrics;
import java.time.Duration;

/** Sets up each OTLP/HTTP connection: TLS if configured, HTTP/1.1, the body limit, the export handler. */
final class OtlpHttpInitializer extends ChannelInitializer<SocketChannel> {

  private final SslContext ssl;
  private final int bodyLimit;
  private final OtlpHttpHandler.Settings settings;
  private final ChannelGroup connections;
  private final HttpConfig config;
  private final GatewayLogger log;
  private final HttpMetrics metrics;

  /**
   * @param ssl the server TLS context, or null for plaintext
   * @param metrics the {@code http_server_*} histograms, or null (below level {@code detailed})
   */
  OtlpHttpInitializer(SslContext ssl, int bodyLimit, OtlpHttpHandler.Settings settings, ChannelGroup connections,
      HttpConfig config, GatewayLogger log, HttpMetrics metrics) {
    this.metrics = metrics;
    this.ssl = ssl;
    this.bodyLimit = bodyLimit;
    this.settings = settings;
    this.connections = connections;
    this.config = config;
    this.log = log;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (connections.size() >= config.effectiveMaxConnections()) {
      log.rateLimited(GatewayLogger.Level.WARN, "http-max-connections/" + config.endpoint(), Duration.ofSeconds(10),
          "OTLP/HTTP connection limit reached; closing new connections (max_connections)", null,
          "max_connections", config.effectiveMaxConnections(), "remote", String.valueOf(ch.remoteAddress()));
      ch.close();
      return;
    }
    connections.add(ch);
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
    }
    HttpTimeouts timeouts = new HttpTimeouts(config, log);
    p.addLast("timeouts-raw", timeouts.raw());
    p.addLast("http", new HttpServerCodec());
    if (metrics != null) {
      p.addLast("metrics", new HttpServerMetricsHandler(metrics, ssl != null));
    }
    p.addLast("timeouts", timeouts.decoded());
    BodyBudget bodies = new BodyBudget(settings.intake(), bodyLimit, settings.responses());
    p.addLast("body-budget", bodies);
    p.addLast("body-limit", new BodySizeLimitAggregator(bodyLimit, settings.responses()));
    p.addLast("otlp", new OtlpHttpHandler(settings, bodies));
  }
}
