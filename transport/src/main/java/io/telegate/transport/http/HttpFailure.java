package io.telegate.transport.http;

import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.exporter.RetryAfter;
import java.time.Instant;

/**
 * What an HTTP exporter's error response means for the exporter helper, once for all of them:
 * retryable statuses are retried (after the server's {@code Retry-After}, read on the injected
 * clock, when it sent one), every other one is permanent. Which statuses are retryable is the
 * protocol's: OTLP/HTTP's specification names 429, 502, 503 and 504 (all other 4xx and 5xx MUST NOT
 * be retried, as the Collector's {@code otlphttp} exporter does); the push APIs of remote write
 * and Loki retry 429 and every 5xx.
 */
public final class HttpFailure {

  private HttpFailure() {}

  /** OTLP/HTTP's retryable statuses. */
  public static boolean otlpRetryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** Remote write's and Loki's: 429 and every 5xx. */
  public static boolean pushRetryable(int status) {
    return status == 429 || status >= 500;
  }

  /**
   * @param retryAfter the response's {@code Retry-After}, or null
   * @param now the injected clock's time, for an HTTP-date {@code Retry-After}
   */
  public static ConsumerException of(String message, boolean retryable, String retryAfter, Instant now) {
    if (!retryable) {
      return ConsumerException.permanent(message);
    }
    return RetryAfter.parse(retryAfter, now).map(d -> ConsumerException.throttled(message, d))
        .orElseGet(() -> ConsumerException.retryable(message));
  }

  /** The start of a server's message, on one line: control characters become spaces, at most {@code max} chars. */
  public static String excerpt(String text, int max) {
    if (text == null) {
      return "";
    }
    String t = text.length() > max ? text.substring(0, max) + "…" : text;
    return t.replaceAll("\\p{Cntrl}+", " ").strip();
  }
}
