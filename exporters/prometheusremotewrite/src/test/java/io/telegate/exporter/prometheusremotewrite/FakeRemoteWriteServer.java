package io.telegate.exporter.prometheusremotewrite;

import com.google.protobuf.CodedInputStream;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xerial.snappy.Snappy;

/** A remote write endpoint that records what it gets and answers with scripted responses. */
final class FakeRemoteWriteServer implements AutoCloseable {

  /** A scripted answer. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer ok() {
      return new Answer(204, "", Map.of());
    }
  }

  /** One request as received: its headers and the series names and labels it carried. */
  record Received(Map<String, String> headers, List<Map<String, String>> series, int metadata) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  FakeRemoteWriteServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/api/v1/write", ex -> {
      try (ex) {
        byte[] body = Snappy.uncompress(ex.getRequestBody().readAllBytes());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        received.add(decode(headers, body));
        Answer a = script.poll();
        if (a == null) {
          a = Answer.ok();
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
          }
        }
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
  }

  void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Reads WriteRequest.timeseries(1).labels(1){name=1,value=2} and counts metadata(3). */
  private static Received decode(Map<String, String> headers, byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    List<Map<String, String>> series = new ArrayList<>();
    int metadata = 0;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (tag >>> 3 == 1) {
        CodedInputStream ts = CodedInputStream.newInstance(in.readByteArray());
        Map<String, String> labels = new TreeMap<>();
        while (!ts.isAtEnd()) {
          int t = ts.readTag();
          if (t >>> 3 == 1) {
            CodedInputStream l = CodedInputStream.newInstance(ts.readByteArray());
            String name = null;
            String value = null;
            while (!l.isAtEnd()) {
              int lt = l.readTag();
              if (lt >>> 3 == 1) {
                name = l.readString();
              } else {
                value = l.readString();
              }
            }
            labels.put(name, value);
          } else {
            ts.skipField(t);
          }
        }
        series.add(labels);
      } else if (tag >>> 3 == 3) {
        metadata++;
        in.skipField(tag);
      } else {
        in.skipField(tag);
      }
    }
    return new Received(headers, series, metadata);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
