package io.telegate.receiver.otlp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.telegate.core.flow.MemoryBudget;
import java.util.ArrayDeque;

/**
 * Reserves a request body's bytes from the gateway's intake budget before the aggregator holds
 * them: at the headers for a body with a {@code Content-Length} (its whole decoding cost when it
 * is not compressed), chunk by chunk for a chunked one.
 * A body that does not fit is refused at once, 429 with {@code Retry-After} and {@code Connection:
 * close}; the rest of the body is read and dropped (never held), then the connection closes. So many large bodies arriving together are bounded by
 * the budget, not only each by {@code max_request_body_size}.
 *
 * <p>What is reserved for each aggregated request is handed to {@link OtlpHttpHandler} in request
 * order ({@link #take}); it counts it towards the request's decoding cost and releases it with the
 * answer. What was never handed on is released when the connection closes. One instance per
 * connection; everything runs on its event loop.
 */
final class BodyBudget extends ChannelDuplexHandler {

  private final MemoryBudget intake;
  private final int bodyLimit;
  private final HttpResponses responses;
  private final ArrayDeque<Long> aggregated = new ArrayDeque<>();
  private long current;
  private boolean refusing;

  BodyBudget(MemoryBudget intake, int bodyLimit, HttpResponses responses) {
    this.intake = intake;
    this.bodyLimit = bodyLimit;
    this.responses = responses;
  }

  /** What was reserved for the next aggregated request (0 if nothing). */
  long take() {
    Long held = aggregated.poll();
    return held == null ? 0 : held;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing) {
      // The rest of the refused body is read and dropped, so that the client, still sending, gets
      // to read the answer; then the connection closes.
      ReferenceCountUtil.release(msg);
      if (msg instanceof LastHttpContent) {
        ctx.close();
      }
      return;
    }
    if (msg instanceof HttpRequest request) {
      byLength = false;
      long length = request.decoderResult().isSuccess() ? HttpUtil.getContentLength(request, -1L) : -1;
      // Past the body limit the aggregator answers 400 from the headers alone: nothing to hold.
      if (length > 0 && length <= bodyLimit) {
        long cost = upfront(request, length);
        if (cost <= intake.limit()) {
          if (!reserve(cost)) {
            refuse(ctx, request, msg);
            return;
          }
          byLength = true;
        }
        // A body whose decoding could never fit is left to the export handler's 400.
      }
    }
    if (msg instanceof HttpContent content) {
      int n = content.content().readableBytes();
      if (!byLength && n > 0 && current + n <= bodyLimit && !reserve(n)) {
        refuse(ctx, null, msg);
        return;
      }
      if (msg instanceof LastHttpContent) {
        aggregated.add(current);
        current = 0;
        byLength = false;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * What to reserve at the headers: for a body that is not compressed, its whole decoding cost (so
   * that requests never hold part of what they need while waiting for the rest, which could starve
   * each other); for a compressed one, its length (the rest once its size is known).
   */
  private static long upfront(HttpRequest request, long length) {
    String ce = request.headers().get(HttpHeaderNames.CONTENT_ENCODING, "").strip();
    HttpEncoding encoding = HttpEncoding.of(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    if (encoding != null && (ce.isEmpty() || ce.equalsIgnoreCase("identity"))) {
      return SignalIntake.decodeCost(length, encoding == HttpEncoding.JSON);
    }
    return length;
  }

  // Whether the request being read had its whole body reserved at its headers.
  private boolean byLength;

  private boolean reserve(long bytes) {
    if (!intake.tryReserveStrict(bytes)) {
      return false;
    }
    current += bytes;
    return true;
  }

  private void refuse(ChannelHandlerContext ctx, HttpRequest request, Object msg) {
    ReferenceCountUtil.release(msg);
    refusing = true;
    HttpEncoding encoding = request == null ? null : HttpEncoding.of(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    FullHttpResponse response = responses.failure(ExportFailure.from(intake.exhausted(
        "the gateway is receiving as much as its memory allows; retry later")),
        encoding == null ? HttpEncoding.JSON : encoding,
        request == null ? null : request.headers().get(HttpHeaderNames.ORIGIN), false);
    ctx.writeAndFlush(response);
    if (msg instanceof LastHttpContent) {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    long left = current;
    for (Long held : aggregated) {
      left += held;
    }
    aggregated.clear();
    current = 0;
    intake.release(left);
    super.channelInactive(ctx);
  }
}
