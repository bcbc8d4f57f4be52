package io.telegate.receiver.otlp;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.telegate.core.component.HostPort;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.RpcMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The gRPC side of the OTLP receiver: a grpc-java Netty server with one Export service per signal. */
final class OtlpGrpcServer {

  private final GrpcConfig config;
  private final Collection<SignalIntake<?>> intakes;
  private final GatewayLogger log;
  private Server server;
  private EventLoopGroup boss;
  private EventLoopGroup workers;

  private final Authentication auth;

  /** The {@code rpc_server_*} histograms, or null below level {@code detailed}. */
  private final RpcMetrics metrics;

  /**
   * @param auth the calls' authentication, or null
   * @param metrics the {@code rpc_server_*} histograms, or null
   */
  OtlpGrpcServer(GrpcConfig config, Collection<SignalIntake<?>> intakes, GatewayLogger log, Authentication auth,
      RpcMetrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.intakes = intakes;
    this.log = log;
    this.auth = auth;
  }

  /** Binds the endpoint; throws if it cannot (port in use, bad certificate). */
  void start() throws IOException {
    HostPort hp = HostPort.parse(config.endpoint());
    // Own event loops, so that the accepting channel can be one that counts connections.
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("telegate-grpc-accept", true),
        NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("telegate-grpc", true),
        NioIoHandler.newFactory());
    int maxConnections = config.effectiveMaxConnections();
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(hp.host(), hp.port()))
        .bossEventLoopGroup(boss).workerEventLoopGroup(workers)
        .channelFactory(() -> new ConnectionCappedChannel(maxConnections, config.endpoint(), log))
        .maxInboundMessageSize(config.maxInboundMessageBytes())
        .decompressorRegistry(io.telegate.transport.grpc.GrpcCodecs.decompressors())
        .intercept(new ClientContextInterceptor(config.includeMetadata()));
    if (metrics != null) {
      // Before authentication, so that it runs after it: a refused call is timed too (UNAUTHENTICATED).
      b.intercept(new GrpcServerMetrics(metrics));
    }
    if (auth != null) {
      // Added last, so it runs first: a refused call is closed before anything else looks at it.
      b.intercept(auth.grpc());
    }
    if (config.effectiveMaxConcurrentStreams() > 0) {
      b.maxConcurrentCallsPerConnection(config.effectiveMaxConcurrentStreams());
      if (config.maxConcurrentStreams() == 0) {
        // Clients queue calls beyond the limit on their side, unseen here: say why there is one.
        log.info("max_concurrent_streams is unset; calls per connection are capped for this heap, so that "
            + "messages of max_recv_msg_size_mib being received at once fit in it (set either key to change it)",
            "max_concurrent_streams", config.effectiveMaxConcurrentStreams(), "max_recv_msg_size_mib",
            config.maxInboundMessageBytes() >> 20, "max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
      }
    }
    applyKeepalive(b, config.keepalive());
    if (config.tls() != null) {
      b.sslContext(ServerTls.forGrpc(config.tls(), log));
    }
    for (SignalIntake<?> intake : intakes) {
      b.addService(OtlpGrpcService.definition(intake));
    }
    try {
      server = b.build().start();
    } catch (IOException | RuntimeException e) {
      stopEventLoops();
      throw e;
    }
    log.info("OTLP gRPC receiver listening", "endpoint", address().toString(), "tls", config.tls() != null);
  }

  private static void applyKeepalive(NettyServerBuilder b, KeepaliveConfig k) {
    if (k == null) {
      return;
    }
    KeepaliveConfig.ServerParameters p = k.serverParameters();
    if (p != null) {
      if (set(p.maxConnectionIdle())) {
        b.maxConnectionIdle(p.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (set(p.maxConnectionAge())) {
        b.maxConnectionAge(p.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (set(p.maxConnectionAgeGrace())) {
        b.maxConnectionAgeGrace(p.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (set(p.time())) {
        b.keepAliveTime(p.time().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (set(p.timeout())) {
        b.keepAliveTimeout(p.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    KeepaliveConfig.EnforcementPolicy e = k.enforcementPolicy();
    if (e != null) {
      if (set(e.minTime())) {
        b.permitKeepAliveTime(e.minTime().toNanos(), TimeUnit.NANOSECONDS);
      }
      b.permitKeepAliveWithoutCalls(e.permitWithoutStream());
    }
  }

  /** Zero means unset, as in grpc-go. */
  private static boolean set(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }

  /** The bound address; the port differs from the configured one when that was 0. */
  InetSocketAddress address() {
    return server == null ? null : (InetSocketAddress) server.getListenSockets().get(0);
  }

  /** Stops taking calls, lets calls in flight finish until {@code timeout}, then cancels the rest. */
  void shutdown(Duration timeout) {
    if (server == null) {
      stopEventLoops();
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn("gRPC calls still running at the shutdown deadline; cancelling them");
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    stopEventLoops();
  }

  private void stopEventLoops() {
    for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
      if (g != null) {
        g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The accepting channel: past {@code max} open connections a new one is closed as it is
   * accepted, before grpc-java sets it up (logged, rate-limited), so that a flood of connections
   * cannot take every file descriptor.
   */
  static final class ConnectionCappedChannel extends NioServerSocketChannel {
    private final int max;
    private final String endpoint;
    private final GatewayLogger log;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionCappedChannel(int max, String endpoint, GatewayLogger log) {
      this.max = max;
      this.endpoint = endpoint;
      this.log = log;
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
      int from = buf.size();
      int read = super.doReadMessages(buf);
      // In accept order, so that the connections kept are the first ones.
      for (int i = from; i < buf.size(); ) {
        Channel ch = (Channel) buf.get(i);
        if (open.get() >= max) {
          buf.remove(i);
          read--;
          log.rateLimited(GatewayLogger.Level.WARN, "grpc-max-connections/" + endpoint, Duration.ofSeconds(10),
              "OTLP gRPC connection limit reached; closing new connections (max_connections)", null,
              "max_connections", max, "remote", String.valueOf(ch.remoteAddress()));
          ch.unsafe().closeForcibly();
        } else {
          open.incrementAndGet();
          ch.closeFuture().addListener(f -> open.decrementAndGet());
          i++;
        }
      }
      return read;
    }
  }
}
