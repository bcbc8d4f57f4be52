package io.telegate.exporter.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.core.consumer.ConsumerException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What an OTLP/HTTP error response means for the exporter helper, as in the Collector: 429, 502,
 * 503 and 504 are retried after {@code Retry-After} when the server sent one; other 4xx are
 * permanent; other 5xx are retried. The message is the server's {@code google.rpc.Status} when
 * the body is one, else the start of the body.
 */
final class HttpFailures {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_MESSAGE = 512;

  private HttpFailures() {}

  static ConsumerException from(int status, HttpHeaders headers, byte[] body, Instant now) {
    String message = "HTTP " + status + serverMessage(headers, body).map(m -> ": " + m).orElse("");
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      return io.telegate.core.exporter.RetryAfter.parse(headers.firstValue("retry-after").orElse(null), now).map(d -> ConsumerException.throttled(message, d))
          .orElseGet(() -> ConsumerException.retryable(message));
    }
    if (status >= 500) {
      return ConsumerException.retryable(message);
    }
    return ConsumerException.permanent(message);
  }


  private static Optional<String> serverMessage(HttpHeaders headers, byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    String type = headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf")) {
      try {
        com.google.rpc.Status s = com.google.rpc.Status.parseFrom(body);
        if (!s.getMessage().isEmpty()) {
          return Optional.of(truncate(s.getMessage()));
        }
      } catch (IOException e) {
        // not a Status; fall through to the raw body
      }
    } else if (type.startsWith("application/json")) {
      try {
        JsonNode msg = MAPPER.readTree(body).get("message");
        if (msg != null && msg.isTextual()) {
          return Optional.of(truncate(msg.asText()));
        }
      } catch (IOException e) {
        // not JSON; fall through to the raw body
      }
    }
    return Optional.of(truncate(new String(body, 0, Math.min(body.length, MAX_MESSAGE), StandardCharsets.UTF_8)
        .replaceAll("[\\p{Cntrl}]", " ").strip()));
  }

  private static String truncate(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
  }
}
