package io.telegate.exporter.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.telegate.exporter.loki.testproto.LokiPush;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.xerial.snappy.Snappy;

/**
 * A Loki push endpoint for tests, on 127.0.0.1. It decodes protobuf pushes (snappy, then {@code
 * logproto.PushRequest}) with classes generated at build time from src/test/proto/loki_push.proto
 * — our own transcription of the field numbers of Loki's push.proto — so the exporter's
 * hand-written encoder is checked against protoc's code. JSON pushes are read with Jackson.
 * Answers 204 unless the test scripted other responses.
 */
final class TestLokiServer implements AutoCloseable {

  /** One decoded entry. */
  record Entry(long timestampNanos, String line, Map<String, String> metadata) {}

  /** One decoded stream; labelsText is null for JSON pushes, which carry a label object. */
  record Stream(String labelsText, Map<String, String> labels, List<Entry> entries) {}

  /** One request as Loki saw it. */
  record Push(String path, String contentType, String contentEncoding, String tenant, List<Stream> streams) {
    int entries() {
      return streams.stream().mapToInt(s -> s.entries().size()).sum();
    }
  }

  /** A scripted answer. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer of(int status, String body, String... headers) {
      Map<String, String> h = new LinkedHashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        h.put(headers[i], headers[i + 1]);
      }
      return new Answer(status, body, h);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  final List<Push> pushes = new CopyOnWriteArrayList<>();
  /** Every request, including refused ones, in arrival order. */
  final List<Push> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Function<Push, Answer> rule = p -> null;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  TestLokiServer() throws IOException {
    this(null);
  }

  /** @param tls the server's TLS (its certificate), or null for plain HTTP */
  TestLokiServer(javax.net.ssl.SSLContext tls) throws IOException {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(at, 50);
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 50);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      server = https;
    }
    scheme = tls == null ? "http" : "https";
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  private final String scheme;

  String endpoint() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/loki/api/v1/push";
  }

  /** Answers the next requests with these, in order, then 204 again. */
  void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Answers by content when the script is empty; null means 204. */
  void answerBy(Function<Push, Answer> rule) {
    this.rule = rule;
  }

  List<Entry> allEntries() {
    List<Entry> out = new ArrayList<>();
    pushes.forEach(p -> p.streams().forEach(s -> out.addAll(s.entries())));
    return out;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      Push push = new Push(ex.getRequestURI().getPath(), type, ex.getRequestHeaders().getFirst("Content-Encoding"),
          ex.getRequestHeaders().getFirst("X-Scope-OrgID"),
          "application/json".equals(type) ? decodeJson(body) : decodeProtobuf(body));
      received.add(push);
      Answer a = script.poll();
      if (a == null) {
        a = rule.apply(push);
      }
      if (a == null) {
        pushes.add(push);
        ex.sendResponseHeaders(204, -1);
        return;
      }
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (RuntimeException | IOException e) {
      ex.sendResponseHeaders(500, -1);
      throw e;
    }
  }

  static List<Stream> decodeProtobuf(byte[] body) throws IOException {
    LokiPush.PushRequest req = LokiPush.PushRequest.parseFrom(Snappy.uncompress(body));
    List<Stream> out = new ArrayList<>();
    for (LokiPush.StreamAdapter s : req.getStreamsList()) {
      List<Entry> entries = new ArrayList<>();
      for (LokiPush.EntryAdapter e : s.getEntriesList()) {
        Map<String, String> md = new LinkedHashMap<>();
        e.getStructuredMetadataList().forEach(l -> md.put(l.getName(), l.getValue()));
        entries.add(new Entry(e.getTimestamp().getSeconds() * 1_000_000_000L + e.getTimestamp().getNanos(),
            e.getLine(), md));
      }
      out.add(new Stream(s.getLabels(), parseLabels(s.getLabels()), entries));
    }
    return out;
  }

  static List<Stream> decodeJson(byte[] body) throws IOException {
    JsonNode root = MAPPER.readTree(body);
    List<Stream> out = new ArrayList<>();
    for (JsonNode s : root.get("streams")) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : s.get("stream").properties()) {
        labels.put(f.getKey(), f.getValue().asText());
      }
      List<Entry> entries = new ArrayList<>();
      for (JsonNode v : s.get("values")) {
        Map<String, String> md = new LinkedHashMap<>();
        if (v.size() > 2) {
          v.get(2).properties().forEach(f -> md.put(f.getKey(), f.getValue().asText()));
        }
        entries.add(new Entry(Long.parseLong(v.get(0).asText()), v.get(1).asText(), md));
      }
      out.add(new Stream(null, labels, entries));
    }
    return out;
  }

  /** Reads {@code {a="x", b="y\"z"}} with Go string escapes, as Loki's label parser does. */
  static Map<String, String> parseLabels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 1;
    while (i < text.length() - 1) {
      int eq = text.indexOf('=', i);
      String name = text.substring(i, eq).strip();
      i = eq + 2;
      StringBuilder v = new StringBuilder();
      while (text.charAt(i) != '"') {
        char c = text.charAt(i++);
        if (c == '\\') {
          char n = text.charAt(i++);
          switch (n) {
            case 'n' -> v.append('\n');
            case 't' -> v.append('\t');
            case 'r' -> v.append('\r');
            case 'x' -> {
              v.append((char) Integer.parseInt(text.substring(i, i + 2), 16));
              i += 2;
            }
            default -> v.append(n);
          }
        } else {
          v.append(c);
        }
      }
      out.put(name, v.toString());
      i++;
      while (i < text.length() - 1 && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
        i++;
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
