package io.telegate.receiver.otlp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Plain TCP connections a test opens to a receiver's port (20 s read timeout), all closed at the end. */
final class RawSockets implements AutoCloseable {

  private final List<Socket> open = new ArrayList<>();

  Socket connect(int port) throws IOException {
    Socket s = new Socket();
    open.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    s.setSoTimeout(20_000);
    return s;
  }

  @Override
  public void close() throws IOException {
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }
}
