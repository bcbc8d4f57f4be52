package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP receiver's connection limits, on raw sockets as a slowloris or an idle flood would use
 * them: each timeout closes what a client holds open, and the connection limit refuses the excess.
 * The timeouts are short here so that the test is quick; what is asserted is that the server closes
 * the connection (it reads end of stream), not how fast.
 */
class HttpTimeoutsTest {

  private ReceiverFixture fixture;
  private final RawSockets sockets = new RawSockets();

  @AfterEach
  void stop() throws IOException {
    sockets.close();
    if (fixture != null) {
      fixture.close();
    }
  }

  private Socket connect() throws IOException {
    return sockets.connect(fixture.receiver.httpAddress().getPort());
  }

  /** Reads until the server closes; returns what it sent. Fails if it keeps the connection open. */
  private static String readUntilClosed(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; it sent: " + got);
    } catch (IOException e) {
      // reset by the server: closed too
    }
    return got.toString();
  }

  private static String post(int bodyBytes) {
    return "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
        + bodyBytes + "\r\n\r\n";
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterIdleTimeout() throws Exception {
    fixture = ReceiverFixture.start(null, Map.of("idle_timeout", "300ms"));
    assertEquals("", readUntilClosed(connect()));
  }

  @Test
  void headersSentByteByByteAreCutOffAtReadHeaderTimeout() throws Exception {
    fixture = ReceiverFixture.start(null, Map.of("read_header_timeout", "300ms", "idle_timeout", "0s"));
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    out.write("POST /v1/traces HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertEquals("", readUntilClosed(s), "no answer to a request whose headers never ended");
  }

  @Test
  void aBodyThatNeverEndsIsCutOffAtReadTimeout() throws Exception {
    fixture = ReceiverFixture.start(null, Map.of("read_timeout", "300ms", "idle_timeout", "0s"));
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    out.write((post(1000) + "abc").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertEquals("", readUntilClosed(s));
  }

  @Test
  void aKeptAliveConnectionServesRequestsThenClosesWhenIdle() throws Exception {
    fixture = ReceiverFixture.start(null, Map.of("idle_timeout", "500ms"));
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    out.write((post(0) + post(0)).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String answers = readUntilClosed(s);
    assertEquals(2, answers.split("HTTP/1.1 200 OK", -1).length - 1, "both requests answered first: " + answers);
  }

  @Test
  void connectionsBeyondMaxConnectionsAreClosedAtAccept() throws Exception {
    fixture = ReceiverFixture.start(null, Map.of("max_connections", 2, "idle_timeout", "0s"));
    Socket a = connect();
    Socket b = connect();
    // Make sure both were accepted and set up before the third arrives.
    for (Socket s : List.of(a, b)) {
      s.getOutputStream().write(post(0).getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[12];
      assertEquals(12, s.getInputStream().readNBytes(buf, 0, 12));
      assertEquals("HTTP/1.1 200", new String(buf, StandardCharsets.US_ASCII));
    }
    assertEquals("", readUntilClosed(connect()), "the third connection is closed at once");
    a.getOutputStream().write(post(0).getBytes(StandardCharsets.US_ASCII));
    assertTrue(a.getInputStream().read() >= 0, "the first two still work");
  }
}
