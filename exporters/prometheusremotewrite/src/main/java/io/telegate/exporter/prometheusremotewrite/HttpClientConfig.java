package io.telegate.exporter.prometheusremotewrite;

import io.telegate.transport.tls.ClientTlsConfig;
import java.util.Map;

/**
 * {@code http}: the client settings block that newer Collector versions use instead of top-level
 * {@code endpoint}, {@code headers} and {@code tls}.
 */
public record HttpClientConfig(String endpoint, Map<String, String> headers, ClientTlsConfig tls, String compression) {

  public static final HttpClientConfig DEFAULT = new HttpClientConfig(null, Map.of(), ClientTlsConfig.DEFAULT, null);
}
