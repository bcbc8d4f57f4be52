package io.telegate.testing.otlp;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How {@link OtlpTestServer} answers one request, on either transport as the OTLP specification
 * maps it: {@link #ok()} (200, {@code OK}), {@link #throttled} (429 with {@code Retry-After},
 * {@code RESOURCE_EXHAUSTED} with {@code RetryInfo}), {@link #unavailable} (503, {@code UNAVAILABLE},
 * with the delay when given), {@link #invalid} (400, {@code INVALID_ARGUMENT}); error bodies are a
 * {@code google.rpc.Status}. {@link #http} and {@link #grpc} give one transport's answer exactly.
 */
public final class Reply {

  /** gRPC status codes, by the numbers of {@code google.rpc.Code}. */
  public static final int OK = 0;
  public static final int UNKNOWN = 2;
  public static final int INVALID_ARGUMENT = 3;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int UNIMPLEMENTED = 12;
  public static final int INTERNAL = 13;
  public static final int UNAVAILABLE = 14;

  private final int httpStatus;
  private final int grpcCode;
  private final String message;
  private final Duration retryDelay;
  private final Map<String, String> httpHeaders;
  private final byte[] body;
  private final boolean rawHttp;
  private final CompletionStage<?> gate;

  private Reply(int httpStatus, int grpcCode, String message, Duration retryDelay, Map<String, String> httpHeaders,
      byte[] body, boolean rawHttp, CompletionStage<?> gate) {
    this.httpStatus = httpStatus;
    this.grpcCode = grpcCode;
    this.message = message;
    this.retryDelay = retryDelay;
    this.httpHeaders = httpHeaders;
    this.body = body;
    this.rawHttp = rawHttp;
    this.gate = gate;
  }

  /** Success with an empty response message. */
  public static Reply ok() {
    return okWith(new byte[0]);
  }

  /**
   * Success with this encoded {@code Export*ServiceResponse} (a partial success, say): the gRPC
   * response, or the HTTP body as {@code application/x-protobuf}.
   */
  public static Reply okWith(byte[] response) {
    return new Reply(200, OK, null, null, Map.of(), response, false, null);
  }

  /** Throttled: HTTP 429 with {@code Retry-After}; gRPC {@code RESOURCE_EXHAUSTED} with {@code RetryInfo}. */
  public static Reply throttled(Duration retryAfter) {
    return new Reply(429, RESOURCE_EXHAUSTED, "throttled", retryAfter, Map.of(), null, false, null);
  }

  /** The server is unavailable: HTTP 503; gRPC {@code UNAVAILABLE}. */
  public static Reply unavailable() {
    return new Reply(503, UNAVAILABLE, "unavailable", null, Map.of(), null, false, null);
  }

  /** {@link #unavailable()} with {@code Retry-After} / {@code RetryInfo}. */
  public static Reply unavailable(Duration retryAfter) {
    return new Reply(503, UNAVAILABLE, "unavailable", retryAfter, Map.of(), null, false, null);
  }

  /** The request is refused for good: HTTP 400; gRPC {@code INVALID_ARGUMENT}; with this message. */
  public static Reply invalid(String message) {
    return new Reply(400, INVALID_ARGUMENT, message, null, Map.of(), null, false, null);
  }

  /** No such service: HTTP 404; gRPC {@code UNIMPLEMENTED}. */
  public static Reply unimplemented() {
    return new Reply(404, UNIMPLEMENTED, "not served here", null, Map.of(), null, false, null);
  }

  /** Exactly this HTTP answer, with no body (gRPC: {@code UNKNOWN}). */
  public static Reply http(int status) {
    return http(status, Map.of(), new byte[0]);
  }

  /** Exactly this HTTP answer (gRPC: {@code UNKNOWN}). */
  public static Reply http(int status, Map<String, String> headers, byte[] body) {
    return new Reply(status, UNKNOWN, "an HTTP reply (" + status + ")", null, Map.copyOf(headers), body, true, null);
  }

  /** A gRPC status (HTTP: 500), with a message (or null). */
  public static Reply grpc(int code, String message) {
    return grpc(code, message, null);
  }

  /** A gRPC status whose details carry {@code google.rpc.RetryInfo} with {@code retryDelay} when it is not null. */
  public static Reply grpc(int code, String message, Duration retryDelay) {
    return new Reply(code == OK ? 200 : 500, code, message, retryDelay, Map.of(), code == OK ? new byte[0] : null,
        false, null);
  }

  /** This reply, given only once {@code gate} completed: a backend that holds its answer. */
  public Reply after(CompletionStage<?> gate) {
    return new Reply(httpStatus, grpcCode, message, retryDelay, httpHeaders, body, rawHttp, gate);
  }

  CompletionStage<Reply> answer() {
    Reply now = new Reply(httpStatus, grpcCode, message, retryDelay, httpHeaders, body, rawHttp, null);
    return gate == null ? CompletableFuture.completedFuture(now) : gate.thenApply(v -> now);
  }

  int httpStatus() {
    return httpStatus;
  }

  int grpcCode() {
    return grpcCode;
  }

  String message() {
    return message;
  }

  Duration retryDelay() {
    return retryDelay;
  }

  /** The HTTP headers to send: exactly the given ones for {@link #http}, else {@code Retry-After} when set. */
  Map<String, String> httpHeaders(boolean json) {
    if (rawHttp) {
      return httpHeaders;
    }
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("Content-Type", json ? "application/json" : "application/x-protobuf");
    if (retryDelay != null) {
      // Whole seconds, rounded up: the header has no finer unit.
      h.put("Retry-After", Long.toString((retryDelay.toMillis() + 999) / 1000));
    }
    return h;
  }

  /** The HTTP body: as given, the response, or the {@code google.rpc.Status} of an error. */
  byte[] httpBody(boolean json) {
    if (rawHttp) {
      return body;
    }
    if (body != null) {
      return json && body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body;
    }
    return json ? statusJson() : statusProto();
  }

  /** The gRPC response message of a success. */
  byte[] grpcResponse() {
    return body == null || rawHttp ? new byte[0] : body;
  }

  private byte[] statusJson() {
    StringBuilder s = new StringBuilder("{\"code\":").append(grpcCode).append(",\"message\":\"");
    for (char c : String.valueOf(message).toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code google.rpc.Status}: code (1) and message (2). Written here so HTTP-only tests need no gRPC jars. */
  private byte[] statusProto() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, grpcCode);
      if (message != null) {
        out.writeString(2, message);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
