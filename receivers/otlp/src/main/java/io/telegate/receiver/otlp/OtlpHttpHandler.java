package io.telegate.receiver.otlp;

import com.google.rpc.Code;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves OTLP/HTTP exports: routes by path, checks method, content type and encoding on the event
 * loop, then decompresses, decodes and consumes on a worker, and answers once the pipeline has
 * taken the data.
 *
 * <p>One request per connection is worked on at a time: the connection stops reading meanwhile,
 * and requests a pipelining client already sent wait their turn, so answers leave in order and a
 * client cannot queue unbounded work on one connection.
 */
final class OtlpHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final String SUPPORTED_TYPES = "[application/json, application/x-protobuf]";

  /** What the handler needs, shared by the handlers of every connection. */
  record Settings(
      Map<String, SignalIntake<?>> routes, HttpResponses responses, Set<String> encodings, int bodyLimit,
      boolean includeMetadata, Executor workers, InFlightRequests inFlight, GatewayLogger log,
      io.telegate.core.flow.MemoryBudget intake, Authentication auth) {}

  /** Why a request is answered before its body is looked at. */
  private record Refusal(HttpResponseStatus status, Code code, String message) {}

  private final Settings s;
  // Both confined to the connection's event loop: whether an answer is pending, and the requests behind it.
  private boolean busy;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

  private final BodyBudget bodies;

  /** @param bodies what the connection's {@link BodyBudget} reserved for each aggregated body */
  OtlpHttpHandler(Settings settings, BodyBudget bodies) {
    // Requests are released by this class (or by the worker it hands them to), not by the superclass.
    super(false);
    this.s = settings;
    this.bodies = bodies;
  }

  /** Takes ownership of {@code request}: it waits in {@link #waiting} or goes to {@link #handle}. */
  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (busy) {
      waiting.add(request);
      return;
    }
    busy = true;
    ctx.channel().config().setAutoRead(false);
    handle(ctx, request);
  }

  /** Releases the requests that were waiting behind the one in flight. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (FullHttpRequest r; (r = waiting.poll()) != null; ) {
      r.release();
    }
    super.channelInactive(ctx);
  }

  /** Releases {@code request} here, or hands it to {@link #export} on a worker, which releases it. */
  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    s.inFlight().enter();
    long held = bodies.take();
    HttpHeaders headers = request.headers();
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    HttpEncoding encoding = HttpEncoding.of(headers.get(HttpHeaderNames.CONTENT_TYPE));
    HttpEncoding answerIn = encoding == null ? HttpEncoding.JSON : encoding;
    String method = request.method().name();
    CorsPolicy cors = s.responses().cors();
    if (cors != null && request.decoderResult().isSuccess() && CorsPolicy.isPreflight(method, headers)) {
      FullHttpResponse preflight = s.responses().empty(HttpResponseStatus.NO_CONTENT, keepAlive);
      cors.answerPreflight(headers, preflight.headers());
      request.release();
      s.intake().release(held);
      respond(ctx, preflight, keepAlive);
      return;
    }
    Map<String, String> authAttributes = Map.of();
    if (s.auth() != null && request.decoderResult().isSuccess()) {
      io.telegate.core.auth.Verdict verdict = s.auth().check(headers::get);
      if (!verdict.passed()) {
        request.release();
        s.intake().release(held);
        respond(ctx, s.responses().failure(new ExportFailure(Code.UNAUTHENTICATED, verdict.refusal(), null), answerIn,
            origin, keepAlive), keepAlive);
        return;
      }
      authAttributes = verdict.attributes();
    }
    String contentEncoding = headers.get(HttpHeaderNames.CONTENT_ENCODING, "").strip().toLowerCase(Locale.ROOT);
    if (contentEncoding.equals("identity")) {
      contentEncoding = "";
    }
    SignalIntake<?> intake = request.decoderResult().isSuccess()
        ? s.routes().get(new QueryStringDecoder(request.uri()).path()) : null;
    Refusal refusal = refusal(request, intake, encoding, contentEncoding);
    if (refusal != null) {
      request.release();
      s.intake().release(held);
      FullHttpResponse r = s.responses().failure(refusal.status(),
          new ExportFailure(refusal.code(), refusal.message(), null), answerIn, origin, keepAlive);
      if (refusal.status() == HttpResponseStatus.METHOD_NOT_ALLOWED) {
        r.headers().set(HttpHeaderNames.ALLOW, "POST");
      }
      respond(ctx, r, keepAlive);
      return;
    }
    ClientContext client = clientContext(ctx, headers).withAuth(authAttributes);
    String ce = contentEncoding;
    try {
      s.workers().execute(() -> export(ctx, request, intake, encoding, ce, client, origin, keepAlive, held));
    } catch (RejectedExecutionException e) {
      request.release();
      s.intake().release(held);
      respond(ctx, s.responses().failure(ExportFailure.unavailable("the receiver is overloaded, retry later"),
          encoding, origin, keepAlive), keepAlive);
    }
  }

  /** The Collector's checks, in its order: path, method, content type; then the encoding. Null if none fails. */
  private Refusal refusal(FullHttpRequest request, SignalIntake<?> intake, HttpEncoding encoding, String ce) {
    if (request.decoderResult().isFailure()) {
      return new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
          "malformed HTTP request: " + request.decoderResult().cause().getMessage());
    }
    String method = request.method().name();
    if (intake == null) {
      return new Refusal(HttpResponseStatus.NOT_FOUND, Code.UNIMPLEMENTED,
          "no OTLP endpoint at " + new QueryStringDecoder(request.uri()).path());
    }
    if (!method.equals("POST")) {
      return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, Code.UNIMPLEMENTED,
          method + " method not allowed, supported: [POST]");
    }
    if (encoding == null) {
      return new Refusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, Code.INVALID_ARGUMENT, "unsupported media type '"
          + request.headers().get(HttpHeaderNames.CONTENT_TYPE, "") + "', supported: " + SUPPORTED_TYPES);
    }
    if (!s.encodings().contains(ce) || !BodyDecompressor.knows(ce)) {
      return new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
          "unsupported Content-Encoding '" + ce + "'");
    }
    return null;
  }

  /**
   * Runs on a worker. Releases {@code request} once its body is decoded; the decoded bytes are the
   * only copy kept. {@code held}: what was reserved for the body while it was aggregated, which
   * counts towards its decoding cost; the whole reservation is released with the answer.
   */
  private <T extends TelemetryData<?>> void export(ChannelHandlerContext ctx, FullHttpRequest request,
      SignalIntake<T> intake, HttpEncoding encoding, String contentEncoding, ClientContext client, String origin,
      boolean keepAlive, long held) {
    T data;
    long cost = held;
    try {
      byte[] body;
      try {
        body = BodyDecompressor.decode(request.content(), contentEncoding, s.bodyLimit());
      } finally {
        request.release();
      }
      long full = SignalIntake.decodeCost(body.length, encoding == HttpEncoding.JSON);
      ExportFailure refused = intake.reserve(full, held);
      if (refused != null) {
        intake.release(held);
        respond(ctx, s.responses().failure(refused, encoding, origin, keepAlive), keepAlive);
        return;
      }
      cost = Math.max(full, held);
      data = encoding == HttpEncoding.JSON ? intake.decodeJson(body, client) : intake.decodeProtobuf(body, client);
    } catch (BodyTooLargeException | MalformedDataException e) {
      intake.release(cost);
      respond(ctx, s.responses().failure(ExportFailure.invalidArgument(e.getMessage()), encoding, origin, keepAlive),
          keepAlive);
      return;
    } catch (IOException e) {
      intake.release(cost);
      respond(ctx, s.responses().failure(ExportFailure.invalidArgument(
          "cannot decode " + contentEncoding + " body: " + e.getMessage()), encoding, origin, keepAlive), keepAlive);
      return;
    } catch (RuntimeException e) {
      intake.release(cost);
      s.log().rateLimited(GatewayLogger.Level.WARN, "otlp-http-decode", Duration.ofSeconds(10),
          "unexpected error decoding an OTLP/HTTP request", e);
      respond(ctx, s.responses().failure(new ExportFailure(Code.INTERNAL, String.valueOf(e.getMessage()), null),
          encoding, origin, keepAlive), keepAlive);
      return;
    }
    long reserved = cost;
    intake.consume(data, Protocol.HTTP).whenComplete((v, error) -> {
      intake.release(reserved);
      respond(ctx, error == null
          ? s.responses().success(encoding, origin, keepAlive)
          : s.responses().failure(ExportFailure.from(error), encoding, origin, keepAlive), keepAlive);
    });
  }

  /**
   * Writes {@code response} (Netty releases it) from any thread. Once written (the listener runs on
   * the event loop) the next waiting request is handled, or reading resumes, or the connection closes.
   */
  private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    ctx.writeAndFlush(response).addListener(f -> {
      s.inFlight().exit();
      if (!keepAlive || !f.isSuccess()) {
        ctx.close();
        return;
      }
      FullHttpRequest next = waiting.poll();
      if (next != null) {
        handle(ctx, next);
      } else {
        busy = false;
        ctx.channel().config().setAutoRead(true);
      }
    });
  }

  private ClientContext clientContext(ChannelHandlerContext ctx, HttpHeaders headers) {
    String address = ClientContextInterceptor.address(ctx.channel().remoteAddress());
    if (!s.includeMetadata()) {
      return new ClientContext(address, Map.of());
    }
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : headers) {
      metadata.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
    }
    metadata.replaceAll((k, v) -> List.copyOf(v));
    return new ClientContext(address, metadata);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    s.log().rateLimited(GatewayLogger.Level.DEBUG, "otlp-http-connection", Duration.ofSeconds(10),
        "OTLP/HTTP connection failed", cause, "peer", String.valueOf(ctx.channel().remoteAddress()));
    ctx.close();
  }
}
