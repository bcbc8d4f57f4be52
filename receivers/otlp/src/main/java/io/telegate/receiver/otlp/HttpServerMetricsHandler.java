package io.telegate.receiver.otlp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.telegate.core.telemetry.HttpMetrics;
import java.util.ArrayDeque;

/**
 * Records each request's {@code http_server_*} histograms (level {@code detailed} only) when its
 * response is written: from the request's headers to the response, as otelhttp measures it.
 */
final class HttpServerMetricsHandler extends ChannelDuplexHandler {

  private final HttpMetrics metrics;
  private final String scheme;
  /** Requests whose responses were not written yet, oldest first (HTTP/1.1 answers in order). */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  private static final class Pending {
    final String method;
    final long start;
    long bodyBytes;

    Pending(String method, long start) {
      this.method = method;
      this.start = start;
    }
  }

  HttpServerMetricsHandler(HttpMetrics metrics, boolean tls) {
    this.metrics = metrics;
    this.scheme = tls ? "https" : "http";
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest r) {
      pending.add(new Pending(r.method().name(), System.nanoTime()));
    }
    if (msg instanceof HttpContent c && !pending.isEmpty()) {
      pending.peekLast().bodyBytes += c.content().readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse r && !pending.isEmpty() && r.status().code() >= 200) {
      Pending p = pending.poll();
      long responseBytes = msg instanceof FullHttpResponse f ? f.content().readableBytes()
          : HttpUtil.getContentLength(r, 0L);
      metrics.record(p.method, r.status().code(), scheme, System.nanoTime() - p.start, p.bodyBytes, responseBytes);
    }
    ctx.write(msg, promise);
  }
}
