package io.telegate.exporter.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.core.consumer.ConsumerException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import io.telegate.transport.http.HttpFailure;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What an OTLP/HTTP error response means for the exporter helper, as the specification and the
 * Collector say: 429, 502, 503 and 504 are retried (after {@code Retry-After} when the server sent
 * one); every other status is permanent ({@link HttpFailure}). The message is the server's
 * {@code google.rpc.Status} when the body is one, else the start of the body.
 */
final class HttpFailures {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_MESSAGE = 512;

  private HttpFailures() {}

  static ConsumerException from(int status, HttpHeaders headers, byte[] body, Instant now) {
    String message = "HTTP " + status + serverMessage(headers, body).map(m -> ": " + m).orElse("");
    return HttpFailure.of(message, HttpFailure.otlpRetryable(status), headers.firstValue("retry-after").orElse(null),
        now);
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
          return Optional.of(HttpFailure.excerpt(s.getMessage(), MAX_MESSAGE));
        }
      } catch (IOException e) {
        // not a Status; fall through to the raw body
      }
    } else if (type.startsWith("application/json")) {
      try {
        JsonNode msg = MAPPER.readTree(body).get("message");
        if (msg != null && msg.isTextual()) {
          return Optional.of(HttpFailure.excerpt(msg.asText(), MAX_MESSAGE));
        }
      } catch (IOException e) {
        // not JSON; fall through to the raw body
      }
    }
    return Optional.of(HttpFailure.excerpt(new String(body, 0, Math.min(body.length, MAX_MESSAGE + 1),
        StandardCharsets.UTF_8), MAX_MESSAGE));
  }
}
