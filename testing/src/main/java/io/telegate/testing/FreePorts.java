package io.telegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for tests. Taken below the kernel's ephemeral range: a port that
 * {@code bind(0)} hands out comes from the same range as the local ports of outgoing connections,
 * so with tests in parallel forks opening hundreds of client sockets, such a port could be taken
 * by some connection between this check and the test's own bind.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;
  private static final java.util.concurrent.atomic.AtomicInteger NEXT =
      new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));

  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago, outside the ephemeral range when it can. */
  public static int next() {
    int below = ephemeralStart();
    if (below - LOWEST > 1_000) {
      for (int attempt = 0; attempt < 50; attempt++) {
        // One walk per JVM from a random start: never the same port twice in a JVM, and parallel
        // forks (other JVMs) walk far apart.
        int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), below - LOWEST);
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(true);
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first port of Linux's ephemeral range (32768 by default), or 0 when it cannot be read. */
  private static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
