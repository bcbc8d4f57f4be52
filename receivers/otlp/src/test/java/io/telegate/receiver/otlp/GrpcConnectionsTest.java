package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ConnectivityState;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC server's connection bounds: {@code max_connections} closes connections past the limit
 * as they are accepted, and {@code keepalive.server_parameters} closes idle and old connections
 * (grpc-java answers with GOAWAY, which takes a client channel back to IDLE).
 */
class GrpcConnectionsTest {

  private ReceiverFixture fixture;
  private final RawSockets sockets = new RawSockets();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @AfterEach
  void stop() throws Exception {
    GatewayLogger.setOutput(System.out);
    sockets.close();
    if (fixture != null) {
      fixture.close();
    }
  }

  private Socket connect() throws IOException {
    return sockets.connect(fixture.grpcPort());
  }

  /** The first byte the server sends (its HTTP/2 SETTINGS), or -1 when it closed the connection. */
  private static int firstByte(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server sent nothing and kept the connection open");
    } catch (IOException e) {
      return -1; // reset: closed too
    }
  }

  @Test
  void connectionsPastMaxConnectionsAreClosedAtAcceptAndTheLimitFreesWhenOneCloses() throws Exception {
    GatewayLogger.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    fixture = ReceiverFixture.start(Map.of("max_connections", 2), null);
    Socket a = connect();
    Socket b = connect();
    assertTrue(firstByte(a) >= 0, "the first connection is served");
    assertTrue(firstByte(b) >= 0, "the second connection is served");
    assertEquals(-1, firstByte(connect()), "the third is closed at once");
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("OTLP gRPC connection limit reached") && logged.contains("\"max_connections\":2"),
        logged);

    a.close();
    Await.until("a connection past the closed one to be served", Duration.ofSeconds(20), () -> {
      try {
        return firstByte(connect()) >= 0;
      } catch (IOException e) {
        return false;
      }
    });
  }

  @Test
  void aConnectionIdleForMaxConnectionIdleIsClosed() throws Exception {
    fixture = ReceiverFixture.start(Map.of("keepalive", Map.of("server_parameters",
        Map.of("max_connection_idle", "300ms"))), null);
    TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
        .export(ReceiverFixture.spans(1).build());
    assertEquals(ConnectivityState.READY, fixture.channel().getState(false));
    Await.until("the server to close the idle connection", Duration.ofSeconds(20),
        () -> fixture.channel().getState(false) == ConnectivityState.IDLE);
  }

  @Test
  void aConnectionOlderThanMaxConnectionAgeIsClosedEvenWhileInUse() throws Exception {
    fixture = ReceiverFixture.start(Map.of("keepalive", Map.of("server_parameters",
        Map.of("max_connection_age", "300ms", "max_connection_age_grace", "1s"))), null);
    var stub = TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    stub.export(ReceiverFixture.spans(1).build());
    Await.until("the server to close the old connection", Duration.ofSeconds(20),
        () -> fixture.channel().getState(false) == ConnectivityState.IDLE);
    stub.export(ReceiverFixture.spans(1).build());
    assertEquals(2, fixture.traces.itemCount(), "a client reconnects and goes on");
  }
}
