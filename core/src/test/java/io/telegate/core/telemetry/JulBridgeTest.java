package io.telegate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Library (java.util.logging) lines reach the JSON log rate-limited, and never as a flood. */
class JulBridgeTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    GatewayLogger.setOutput(System.out);
    GatewayLogger.setClock(Clock.systemUTC());
    GatewayLogger.setLevel(GatewayLogger.Level.INFO);
    JulBridge.install();
  }

  @Test
  void atDebugLevelTheLoggersThatPrintHeaderValuesStayAtInfo() {
    GatewayLogger.setLevel(GatewayLogger.Level.DEBUG);
    JulBridge.install();
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger frames = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler");
    frames.log(Level.FINE, "OUTBOUND HEADERS: authorization: Bearer s3cr3t");
    Logger.getLogger("jdk.internal.httpclient.debug").log(Level.FINE, "GET http://user:pass@host/");
    Logger.getLogger("io.telegate.test.ordinary").log(Level.FINE, "an ordinary debug line");
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(!text.contains("s3cr3t") && !text.contains("user:pass"), text);
    assertTrue(text.contains("an ordinary debug line"), "other libraries still log at debug: " + text);
  }

  @Test
  void aFloodOfBrokenConnectionLinesFromGrpcBecomesOneLinePerInterval() {
    JulBridge.install();
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger grpc = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections");
    for (int i = 0; i < 700; i++) {
      grpc.log(Level.INFO, "Transport failed", new IOException("Connection reset by peer " + i));
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("\"msg\":\"Transport failed\""), lines.get(0));
    assertTrue(lines.get(0).contains("Connection reset by peer 0"), "the first one carries its error: " + lines.get(0));
  }

  @Test
  void differentMessagesOfALibraryAreLimitedEachOnTheirOwn() {
    JulBridge.install();
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger lib = Logger.getLogger("io.netty.test.JulBridgeTest");
    for (int i = 0; i < 50; i++) {
      lib.warning("first kind");
      lib.warning("second kind");
    }
    assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count());
  }
}
