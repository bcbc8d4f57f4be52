package io.telegate.receiver.prometheus.discovery;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server for tests: answers queries in DNS's wire format (RFC 1035) over UDP on 127.0.0.1
 * from records the test sets, NXDOMAIN for names it has none for, SERVFAIL while {@link #failing}.
 */
final class DnsResponder implements AutoCloseable {

  static final int A = 1;
  static final int NS = 2;
  static final int MX = 15;
  static final int AAAA = 28;
  static final int SRV = 33;

  /** One record's type and its data already in wire form. */
  record Rr(int type, byte[] data) {}

  private final DatagramSocket socket;
  private final Map<String, List<Rr>> records = new ConcurrentHashMap<>();
  private final Thread thread;
  final AtomicInteger queries = new AtomicInteger();
  volatile boolean failing;

  DnsResponder() throws SocketException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "dns-responder");
    thread.setDaemon(true);
    thread.start();
  }

  String url() {
    return "dns://127.0.0.1:" + socket.getLocalPort();
  }

  /** Sets the records of {@code name} (lower case, no trailing dot). */
  void set(String name, Rr... rrs) {
    records.put(name, List.of(rrs));
  }

  void remove(String name) {
    records.remove(name);
  }

  static Rr a(String ip) throws IOException {
    return new Rr(A, InetAddress.getByName(ip).getAddress());
  }

  static Rr aaaa(String ip) throws IOException {
    return new Rr(AAAA, InetAddress.getByName(ip).getAddress());
  }

  static Rr srv(int priority, int weight, int port, String target) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeShort(priority);
    d.writeShort(weight);
    d.writeShort(port);
    writeName(d, target);
    return new Rr(SRV, b.toByteArray());
  }

  static Rr mx(int preference, String host) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeShort(preference);
    writeName(d, host);
    return new Rr(MX, b.toByteArray());
  }

  static Rr ns(String host) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    writeName(new DataOutputStream(b), host);
    return new Rr(NS, b.toByteArray());
  }

  private static void writeName(DataOutputStream d, String name) throws IOException {
    for (String label : name.split("\\.")) {
      if (!label.isEmpty()) {
        d.writeByte(label.length());
        d.writeBytes(label);
      }
    }
    d.writeByte(0);
  }

  private void serve() {
    byte[] buf = new byte[512];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        queries.incrementAndGet();
        byte[] answer = answer(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
        socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
      } catch (IOException | RuntimeException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private byte[] answer(ByteBuffer q) throws IOException {
    int id = q.getShort() & 0xffff;
    q.position(12);
    int questionStart = 12;
    StringBuilder name = new StringBuilder();
    for (int len = q.get() & 0xff; len != 0; len = q.get() & 0xff) {
      byte[] label = new byte[len];
      q.get(label);
      name.append(name.length() == 0 ? "" : ".").append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
    }
    int qtype = q.getShort() & 0xffff;
    q.getShort(); // class
    int questionEnd = q.position();
    List<Rr> rrs = records.get(name.toString().toLowerCase(java.util.Locale.ROOT));
    int rcode = failing ? 2 : rrs == null ? 3 : 0;
    List<Rr> matching = rrs == null || failing ? List.of() : rrs.stream().filter(r -> r.type() == qtype).toList();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeShort(id);
    d.writeShort(0x8180 | rcode); // response, recursion desired and available
    d.writeShort(1);
    d.writeShort(matching.size());
    d.writeShort(0);
    d.writeShort(0);
    d.write(q.array(), questionStart, questionEnd - questionStart);
    for (Rr r : matching) {
      d.writeShort(0xc00c); // the question's name
      d.writeShort(r.type());
      d.writeShort(1);
      d.writeInt(30);
      d.writeShort(r.data().length);
      d.write(r.data());
    }
    return b.toByteArray();
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(10_000);
  }
}
