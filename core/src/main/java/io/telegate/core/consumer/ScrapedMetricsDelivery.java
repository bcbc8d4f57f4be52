package io.telegate.core.consumer;

import io.telegate.core.data.Metrics;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a scraping receiver (JMX, Prometheus) hands what it read to its next consumer: counted in
 * {@code otelcol_receiver_accepted_metric_points} or {@code _refused_metric_points} once the
 * pipelines answered, a refusal logged (rate-limited). Nobody upstream waits for the answer, so a
 * refused scrape is lost, and counted.
 */
public final class ScrapedMetricsDelivery {

  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  private final Consumer<Metrics> next;
  private final MetricRegistry.Counter accepted;
  private final MetricRegistry.Counter refused;
  private final GatewayLogger log;
  private final String logKey;

  /**
   * @param receiver the receiver's id, the {@code receiver} label
   * @param transport the {@code transport} label ({@code jmx}, {@code http})
   */
  public ScrapedMetricsDelivery(Consumer<Metrics> next, MetricRegistry metrics, GatewayLogger log, String receiver,
      String transport) {
    this.next = next;
    this.log = log;
    this.logKey = "scrape-refused:" + receiver;
    accepted = metrics.counter("otelcol_receiver_accepted_metric_points",
        "Number of metric_points successfully pushed into the pipeline.", "receiver", receiver, "transport",
        transport);
    refused = metrics.counter("otelcol_receiver_refused_metric_points",
        "Number of metric_points that could not be pushed into the pipeline.", "receiver", receiver, "transport",
        transport);
  }

  /** Passes {@code data} on; the returned completion has already been counted when it completes. */
  public CompletableFuture<Void> deliver(Metrics data) {
    int points = data.itemCount();
    CompletableFuture<Void> done;
    try {
      done = next.consume(data);
    } catch (RuntimeException e) {
      done = Completions.failed(e);
    }
    return done.whenComplete((v, t) -> {
      if (t == null) {
        accepted.add(points);
      } else {
        refused.add(points);
        ConsumerException ce = ConsumerException.from(t);
        log.rateLimited(GatewayLogger.Level.WARN, logKey, LOG_INTERVAL, "pipeline refused scraped metrics", ce,
            "points", points, "permanent", ce.isPermanent());
      }
    });
  }
}
