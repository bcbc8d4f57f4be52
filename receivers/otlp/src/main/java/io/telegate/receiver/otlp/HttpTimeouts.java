package io.telegate.receiver.otlp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.telegate.core.telemetry.GatewayLogger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code confighttp} server timeouts on one connection, as Go's {@code http.Server} applies
 * them:
 * <ul>
 *   <li>{@code idle_timeout}: how long a connection may wait for the first byte of its next
 *       request (from accept, or from the end of the last response);
 *   <li>{@code read_header_timeout}: from a request's first byte to the end of its headers;
 *   <li>{@code read_timeout}: from a request's first byte to the end of its body;
 *   <li>{@code write_timeout}: from the end of a request's headers until its response is written.
 * </ul>
 * A timer that fires closes the connection (a request in flight is lost to the client, who sees the
 * connection drop). Zero turns a timeout off. All state lives on the channel's event loop.
 *
 * <p>Two handlers share the state: {@link #raw()} sits before the HTTP codec and sees the first
 * byte of each request; {@link #decoded()} sits after it and sees headers, the end of the body and
 * the response.
 */
final class HttpTimeouts {

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private final long idleNanos;
  private final long headerNanos;
  private final long readNanos;
  private final long writeNanos;
  private final GatewayLogger log;
  private ChannelHandlerContext ctx;
  /** Reading a request: its first byte came, its body did not end yet. */
  private boolean reading;
  private boolean headersDone;
  private int awaitingResponses;
  private ScheduledFuture<?> idle;
  private ScheduledFuture<?> header;
  private ScheduledFuture<?> read;
  private ScheduledFuture<?> write;

  HttpTimeouts(HttpConfig config, GatewayLogger log) {
    this.idleNanos = nanos(config.effectiveIdleTimeout());
    this.headerNanos = nanos(config.effectiveReadHeaderTimeout());
    this.readNanos = nanos(config.readTimeout());
    this.writeNanos = nanos(config.effectiveWriteTimeout());
    this.log = log;
  }

  private static long nanos(Duration d) {
    return d == null ? 0 : d.toNanos();
  }

  ChannelInboundHandlerAdapter raw() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext c) throws Exception {
        ctx = c;
        idle = schedule(idleNanos, "idle_timeout", "no request");
        super.channelActive(c);
      }

      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
        if (!reading && msg instanceof ByteBuf b && b.isReadable()) {
          reading = true;
          headersDone = false;
          cancel(idle);
          idle = null;
          header = schedule(headerNanos, "read_header_timeout", "request headers not complete");
          read = schedule(readNanos, "read_timeout", "request not complete");
        }
        super.channelRead(c, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext c) throws Exception {
        cancelAll();
        super.channelInactive(c);
      }
    };
  }

  ChannelDuplexHandler decoded() {
    return new ChannelDuplexHandler() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
        if (msg instanceof HttpRequest && !headersDone) {
          headersDone = true;
          cancel(header);
          header = null;
          awaitingResponses++;
          if (write == null) {
            write = schedule(writeNanos, "write_timeout", "response not written");
          }
        }
        if (msg instanceof LastHttpContent) {
          reading = false;
          cancel(read);
          read = null;
        }
        super.channelRead(c, msg);
      }

      @Override
      public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) throws Exception {
        boolean last = msg instanceof LastHttpContent;
        super.write(c, msg, promise);
        if (last) {
          promise.addListener(f -> responseWritten());
        }
      }
    };
  }

  private void responseWritten() {
    if (awaitingResponses > 0) {
      awaitingResponses--;
    }
    if (awaitingResponses == 0) {
      cancel(write);
      write = null;
      if (!reading && ctx != null && ctx.channel().isActive()) {
        cancel(idle);
        idle = schedule(idleNanos, "idle_timeout", "no request");
      }
    }
  }

  private ScheduledFuture<?> schedule(long nanos, String key, String what) {
    if (nanos <= 0 || ctx == null) {
      return null;
    }
    return ctx.executor().schedule(() -> {
      log.rateLimited(GatewayLogger.Level.INFO, "http-timeout/" + key, LOG_INTERVAL,
          "closing an OTLP/HTTP connection: " + key + " expired (" + what + ")", null,
          "remote", String.valueOf(ctx.channel().remoteAddress()));
      cancelAll();
      ctx.close();
    }, nanos, TimeUnit.NANOSECONDS);
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private void cancelAll() {
    cancel(idle);
    cancel(header);
    cancel(read);
    cancel(write);
    idle = header = read = write = null;
  }
}
