package io.telegate.exporter.loki;

import io.telegate.core.consumer.ConsumerException;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Locale;

/**
 * What a Loki push response means: 429 and 5xx are retried (after {@code Retry-After} when Loki
 * sent one); other 4xx are permanent, with a reason read from Loki's message so rejections can be
 * counted by cause.
 */
final class LokiFailures {

  private static final int MAX_MESSAGE = 512;

  /** Why Loki refused a push permanently, as the {@code reason} label of the rejection counters. */
  enum Reason {
    OUT_OF_ORDER("out_of_order"),
    STREAM_LIMIT("stream_limit"),
    OTHER("other");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  /** The helper's error, and for permanent ones the reason. */
  record Failure(ConsumerException error, Reason reason, String message) {}

  private LokiFailures() {}

  static Failure from(int status, HttpHeaders headers, String body, Instant now) {
    String message = message(body);
    String text = "Loki answered HTTP " + status + (message.isEmpty() ? "" : ": " + message);
    boolean retryable = io.telegate.transport.http.HttpFailure.pushRetryable(status);
    ConsumerException e = io.telegate.transport.http.HttpFailure.of(text, retryable,
        headers.firstValue("retry-after").orElse(null), now);
    return new Failure(e, retryable ? null : reason(message), message);
  }

  /** Loki's messages: "entry out of order", "Maximum active stream limit exceeded", ... */
  static Reason reason(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("out of order")) {
      return Reason.OUT_OF_ORDER;
    }
    if (m.contains("stream limit")) {
      return Reason.STREAM_LIMIT;
    }
    return Reason.OTHER;
  }


  /** The start of Loki's plain-text message, on one line. */
  private static String message(String body) {
    return io.telegate.transport.http.HttpFailure.excerpt(body, MAX_MESSAGE);
  }
}
