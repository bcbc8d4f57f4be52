package io.telegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code proxy_url} tests every HTTP exporter runs, with its {@link ClientTransportContract}:
 * requests go through the proxy (to a host that does not exist, so only the proxy can answer),
 * and the credentials in the URL answer a proxy that asks for them.
 */
public interface HttpProxyContract {

  /** {@link ClientTransportContract#sendOnce}. */
  void sendOnce(String base, Map<String, Object> keys) throws Exception;

  @Test
  default void sendsThroughTheProxyUrl() throws Exception {
    try (TestProxy proxy = new TestProxy(null)) {
      sendOnce("http://telemetry.invalid:4318", Map.of("proxy_url", proxy.url()));
      assertEquals(1, proxy.targets().size(), proxy.targets().toString());
      assertEquals("telemetry.invalid", proxy.targets().get(0).getHost());
    }
  }

  @Test
  default void givesTheProxyTheCredentialsOfItsUrl() throws Exception {
    try (TestProxy proxy = new TestProxy("relay:s3cret")) {
      assertThrows(Exception.class, () -> sendOnce("http://telemetry.invalid:4318", Map.of("proxy_url", proxy.url())),
          "no credentials: 407");
      sendOnce("http://telemetry.invalid:4318", Map.of("proxy_url", proxy.url().replace("http://", "http://relay:s3cret@")));
      assertEquals(1, proxy.targets().size());
    }
  }
}
