package io.telegate.receiver.otlp;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.HostPort;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.transport.tls.ServerTlsConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The gRPC protocol of the OTLP receiver, with the Collector's {@code configgrpc} server keys.
 *
 * @param endpoint {@code host:port} to listen on
 * @param transport only {@code tcp}; the Collector also has {@code unix}
 * @param tls server TLS; null means plaintext
 * @param maxRecvMsgSizeMib largest request accepted, after decompression, in MiB; 0 means 4
 * @param maxConcurrentStreams most calls open at once on one connection; 0 means no limit
 * @param keepalive keepalive settings; null keeps grpc-java's defaults
 * @param includeMetadata whether request metadata goes into the client context
 * @param auth the authenticator extension every call must pass ({@code auth: {authenticator: id}})
 * @param maxConnections Telegate's: the most connections open at once; more are closed at
 *     accept (logged, rate-limited); 0 = 10,000
 */
@UnsupportedKeys({"read_buffer_size", "write_buffer_size", "middlewares"})
public record GrpcConfig(
    String endpoint, String transport, ServerTlsConfig tls, int maxRecvMsgSizeMib, long maxConcurrentStreams,
    KeepaliveConfig keepalive, boolean includeMetadata, io.telegate.core.auth.AuthConfig auth, int maxConnections) implements ConfigValidator {

  public static final String DEFAULT_ENDPOINT = "localhost:4317";
  /** grpc-go's built-in limit, which the Collector keeps when the key is unset. */
  public static final int DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;

  public static final GrpcConfig DEFAULT =
      new GrpcConfig(DEFAULT_ENDPOINT, "tcp", null, 0, 0, null, false, null, 0);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    if (!"tcp".equals(transport)) {
      errors.add("transport: '" + transport + "' is not supported by Telegate yet (expected: tcp)");
    }
    if (maxRecvMsgSizeMib < 0 || maxRecvMsgSizeMib > 2047) {
      errors.add("max_recv_msg_size_mib: " + maxRecvMsgSizeMib + " (expected: 0-2047)");
    }
    if (maxConcurrentStreams < 0 || maxConcurrentStreams > Integer.MAX_VALUE) {
      errors.add("max_concurrent_streams: " + maxConcurrentStreams + " (expected: 0-" + Integer.MAX_VALUE + ")");
    }
    if (maxConnections < 0) {
      errors.add("max_connections: must not be negative, got " + maxConnections);
    }
    return errors;
  }

  /**
   * Calls open at once on one connection: as set; unset, no limit, except under a heap too small
   * for 100 messages of the largest size to be buffered at once, where it is a quarter of the heap
   * over the message limit (at least 1). grpc-java buffers each call's whole message in direct
   * memory (bounded by the heap size) before the receiver sees it, so 8 concurrent 4 MiB calls
   * would exhaust a 40 MiB sidecar's; clients queue calls beyond the limit instead.
   */
  int effectiveMaxConcurrentStreams() {
    if (maxConcurrentStreams > 0) {
      return (int) maxConcurrentStreams;
    }
    long fit = Runtime.getRuntime().maxMemory() / 4 / maxInboundMessageBytes();
    return fit >= 100 ? 0 : (int) Math.max(1, fit);
  }

  int effectiveMaxConnections() {
    return maxConnections == 0 ? HttpConfig.DEFAULT_MAX_CONNECTIONS : maxConnections;
  }

  /** The request size limit in bytes. */
  int maxInboundMessageBytes() {
    // Unset: grpc-go's 4 MiB, lowered to an eighth of the maximum heap under a smaller heap.
    return maxRecvMsgSizeMib == 0 ? (int) Math.min((long) DEFAULT_MAX_RECV_MSG_SIZE_MIB << 20, HttpConfig.heapShare())
        : maxRecvMsgSizeMib << 20;
  }
}
