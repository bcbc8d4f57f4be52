package io.telegate.receiver.prometheus;

import java.util.List;
import java.util.Map;

/** The {@code scrape_protocols} Telegate reads, and the {@code Accept} header Prometheus builds from them. */
final class ScrapeProtocols {

  static final String OPENMETRICS_1 = "OpenMetricsText1.0.0";
  static final String OPENMETRICS_0 = "OpenMetricsText0.0.1";
  static final String TEXT_0_0_4 = "PrometheusText0.0.4";
  static final String TEXT_1 = "PrometheusText1.0.0";
  static final String PROTO = "PrometheusProto";

  /** Prometheus's default. */
  static final List<String> DEFAULT = List.of(OPENMETRICS_1, OPENMETRICS_0, TEXT_1, TEXT_0_0_4);

  /** Prometheus's default for a job that scrapes native histograms: only the protobuf format carries them. */
  static final List<String> PROTO_FIRST = List.of(PROTO, OPENMETRICS_1, OPENMETRICS_0, TEXT_1, TEXT_0_0_4);

  private static final Map<String, String> MEDIA_TYPES = Map.of(
      PROTO, "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
      TEXT_0_0_4, "text/plain;version=0.0.4",
      TEXT_1, "text/plain;version=1.0.0",
      OPENMETRICS_0, "application/openmetrics-text;version=0.0.1",
      OPENMETRICS_1, "application/openmetrics-text;version=1.0.0");

  private ScrapeProtocols() {}

  static void validate(List<String> errors, List<String> protocols) {
    if (protocols == null) {
      return;
    }
    if (protocols.isEmpty()) {
      errors.add("scrape_protocols: must not be empty");
    }
    for (int i = 0; i < protocols.size(); i++) {
      String p = protocols.get(i);
      if (!MEDIA_TYPES.containsKey(p)) {
        errors.add("scrape_protocols[" + i + "]: unknown scrape protocol '" + p + "' (valid: "
            + String.join(", ", PROTO_FIRST) + ")");
      } else if (protocols.subList(0, i).contains(p)) {
        errors.add("scrape_protocols[" + i + "]: duplicated protocol in scrape_protocols, got " + protocols);
      }
    }
  }

  /**
   * The Accept header as Prometheus writes it: each protocol's media type with a falling weight
   * (starting from one above the number of protocols Prometheus knows), then {@code *}{@code /*}.
   */
  static String acceptHeader(List<String> protocols) {
    StringBuilder sb = new StringBuilder();
    int weight = MEDIA_TYPES.size() + 1;
    for (String p : protocols) {
      sb.append(MEDIA_TYPES.get(p)).append(";q=0.").append(weight).append(',');
      weight--;
    }
    return sb.append("*/*;q=0.").append(weight).toString();
  }
}
