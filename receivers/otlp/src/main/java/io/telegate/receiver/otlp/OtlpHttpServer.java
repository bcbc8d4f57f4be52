package io.telegate.receiver.otlp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.telegate.core.component.HostPort;
import io.telegate.core.component.Signal;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the OTLP receiver: a Netty HTTP/1.1 server whose event loops only parse and
 * route; decompression, decoding and the pipeline run on a bounded pool of workers.
 */
final class OtlpHttpServer {

  /** Requests waiting for a worker beyond this are answered 503 at once. */
  private static final int WORK_QUEUE = 1024;

  private final HttpConfig config;
  private final Map<Signal, SignalIntake<?>> intakes;
  private final GatewayLogger log;
  private final InFlightRequests inFlight = new InFlightRequests();
  private EventLoopGroup boss;
  private EventLoopGroup loops;
  private ThreadPoolExecutor workers;
  private ChannelGroup connections;
  private Channel server;

  /** @param intake the gateway's intake budget, which bodies being aggregated reserve from */
  OtlpHttpServer(HttpConfig config, Map<Signal, SignalIntake<?>> intakes, GatewayLogger log,
      io.telegate.core.flow.MemoryBudget intake, Authentication auth, io.telegate.core.telemetry.HttpMetrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.intakes = intakes;
    this.log = log;
    this.intake = intake;
    this.auth = auth;
  }

  private final Authentication auth;
  /** The {@code http_server_*} histograms, or null below level {@code detailed}. */
  private final io.telegate.core.telemetry.HttpMetrics metrics;

  private final io.telegate.core.flow.MemoryBudget intake;

  /** Binds the endpoint; throws if it cannot (port in use, bad certificate). */
  void start() throws IOException {
    SslContext ssl = config.tls() == null ? null : ServerTls.forHttp(config.tls(), log);
    Map<String, SignalIntake<?>> routes = new HashMap<>();
    for (Map.Entry<Signal, SignalIntake<?>> e : intakes.entrySet()) {
      routes.put(switch (e.getKey()) {
        case TRACES -> config.tracesUrlPath();
        case METRICS -> config.metricsUrlPath();
        case LOGS -> config.logsUrlPath();
      }, e.getValue());
    }
    Set<String> encodings = new HashSet<>();
    for (String c : config.compressionAlgorithms()) {
      encodings.add(c.strip().toLowerCase(Locale.ROOT));
    }
    CorsPolicy cors = config.cors() != null && config.cors().enabled() ? new CorsPolicy(config.cors()) : null;
    HttpResponses responses = new HttpResponses(config.responseHeaders(), cors);
    int cores = Runtime.getRuntime().availableProcessors();
    workers = new ThreadPoolExecutor(cores, cores, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WORK_QUEUE),
        new DefaultThreadFactory("telegate-otlp-http-worker", true));
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("telegate-otlp-http-accept", true),
        NioIoHandler.newFactory());
    loops = new MultiThreadIoEventLoopGroup(cores, new DefaultThreadFactory("telegate-otlp-http", true),
        NioIoHandler.newFactory());
    connections = new DefaultChannelGroup("otlp-http", GlobalEventExecutor.INSTANCE);
    OtlpHttpHandler.Settings settings = new OtlpHttpHandler.Settings(routes, responses, Set.copyOf(encodings),
        config.maxBodyBytes(), config.includeMetadata(), workers, inFlight, log, intake, auth);
    HostPort hp = HostPort.parse(config.endpoint());
    try {
      server = new ServerBootstrap()
          .group(boss, loops)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childHandler(new OtlpHttpInitializer(ssl, config.maxBodyBytes(), settings, connections, config, log,
              metrics))
          .bind(new InetSocketAddress(hp.host(), hp.port()))
          .sync()
          .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopThreads(Duration.ZERO);
      throw new IOException("interrupted while binding " + config.endpoint(), e);
    } catch (Exception e) {
      stopThreads(Duration.ZERO);
      throw new IOException("cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
    }
    log.info("OTLP HTTP receiver listening", "endpoint", address().toString(), "tls", ssl != null);
  }

  /** The bound address; the port differs from the configured one when that was 0. */
  InetSocketAddress address() {
    return server == null ? null : (InetSocketAddress) server.localAddress();
  }

  /** Stops accepting, answers the requests in flight until {@code timeout}, then closes every connection. */
  void shutdown(Duration timeout) {
    if (boss == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (server != null) {
      server.close().awaitUninterruptibly(timeout.toMillis());
    }
    try {
      if (!inFlight.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        log.warn("OTLP/HTTP requests still in flight at the shutdown deadline; closing their connections");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.close().awaitUninterruptibly(1000);
    stopThreads(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  private void stopThreads(Duration timeout) {
    // Queued tasks own request buffers: let them run (they release them) rather than drop them.
    workers.shutdown();
    try {
      workers.awaitTermination(Math.max(100, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boss.shutdownGracefully(0, Math.max(100, timeout.toMillis()), TimeUnit.MILLISECONDS);
    loops.shutdownGracefully(0, Math.max(100, timeout.toMillis()), TimeUnit.MILLISECONDS);
    boss.terminationFuture().awaitUninterruptibly(Math.max(100, timeout.toMillis()));
    loops.terminationFuture().awaitUninterruptibly(Math.max(100, timeout.toMillis()));
    boss = null;
  }
}
