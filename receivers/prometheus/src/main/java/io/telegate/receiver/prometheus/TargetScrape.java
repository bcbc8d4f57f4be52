package io.telegate.receiver.prometheus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

/**
 * One target's HTTP request as Prometheus sends it: {@code Accept} from the scrape protocols,
 * {@code Accept-Encoding: gzip} unless compression is off, {@code X-Prometheus-Scrape-Timeout-Seconds},
 * the job's authorization; the answer must be 200 and fit {@code body_size_limit} once uncompressed.
 */
final class TargetScrape {

  /** A scraped body, uncompressed, and its format (from its {@code Content-Type}). */
  record Body(byte[] bytes, boolean openMetrics, boolean protobuf) {

    /** The body's metric families, read by the parser of its format with the job's histogram settings. */
    java.util.List<MetricFamily> parse(ScrapeConfig.Resolved job) {
      return protobuf ? ProtobufParser.parse(bytes, job.nativeHistograms(), job.classicHistograms())
          : ExpositionParser.parse(bytes, openMetrics);
    }
  }

  private final HttpClient client;
  private final ScrapeConfig.Resolved job;
  private final ScrapeTarget target;
  private final String accept;
  private final String timeoutSeconds;

  TargetScrape(HttpClient client, ScrapeConfig.Resolved job, ScrapeTarget target) {
    this.client = client;
    this.job = job;
    this.target = target;
    this.accept = ScrapeProtocols.acceptHeader(job.protocols());
    this.timeoutSeconds = BigDecimal.valueOf(job.timeout().toMillis()).movePointLeft(3).stripTrailingZeros()
        .toPlainString();
  }

  /** The request (its headers are what a test peer sees). */
  HttpRequest request() throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(target.url()).GET().timeout(job.timeout())
        .header("Accept", accept)
        .header("User-Agent", "Telegate/" + PrometheusReceiver.version())
        .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds);
    if (job.config().enableCompression()) {
      b.header("Accept-Encoding", "gzip");
    }
    job.http().authorize(b);
    return b.build();
  }

  CompletableFuture<Body> fetch() {
    HttpRequest request;
    try {
      request = request();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    try {
      return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(this::body);
    } catch (RuntimeException e) {
      // The client refuses at once (shut down, bad request): a failed scrape like any other.
      return CompletableFuture.failedFuture(e);
    }
  }

  private Body body(HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw new ScrapeException("server returned HTTP status " + r.statusCode());
    }
    long limit = job.bodySizeLimit();
    byte[] raw = r.body();
    String encoding = r.headers().firstValue("Content-Encoding").orElse("");
    byte[] bytes;
    if (encoding.equalsIgnoreCase("gzip")) {
      bytes = gunzip(raw, limit);
    } else {
      bytes = raw;
    }
    if (limit > 0 && bytes.length > limit) {
      throw new ScrapeException("body size limit exceeded (limit: " + limit + " bytes)");
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    return new Body(bytes, ExpositionParser.isOpenMetrics(type), ProtobufParser.isProtobuf(type));
  }

  private static byte[] gunzip(byte[] raw, long limit) {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (limit > 0 && out.size() > limit) {
          throw new ScrapeException("body size limit exceeded (limit: " + limit + " bytes)");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ScrapeException("cannot decompress the gzip body: " + e.getMessage());
    }
  }

  /** A scrape whose answer cannot be used. */
  static final class ScrapeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScrapeException(String message) {
      super(message, null, false, false);
    }
  }
}
