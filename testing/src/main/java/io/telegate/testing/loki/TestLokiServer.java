package io.telegate.testing.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.telegate.testing.loki.proto.LokiPush;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import org.xerial.snappy.Snappy;

/**
 * A Loki push endpoint for tests ({@code POST /loki/api/v1/push} on 127.0.0.1, plain HTTP or TLS),
 * read as Loki reads it: a {@code Content-Type} of {@code application/json} is Loki's JSON push
 * format, anything else a snappy-compressed {@code logproto.PushRequest}; a {@code
 * Content-Encoding} of {@code gzip} or {@code deflate} is undone first ({@code snappy} or none
 * leaves the body as it is), any other is answered 415. Protobuf pushes are decoded with classes
 * protoc generates at build time from src/main/proto/loki_push.proto, our own transcription of the
 * field numbers of Loki's push.proto, so a hand-written encoder is checked against an independent
 * protobuf implementation. Answers 204 unless the test scripted other answers.
 *
 * <p>Needs snappy-java, which a module has through transport (an optional dependency of testing).
 */
public final class TestLokiServer implements AutoCloseable {

  /** The path Loki serves pushes on. */
  public static final String PUSH_PATH = "/loki/api/v1/push";

  /** One decoded entry: its timestamp, its line and its structured metadata (in order). */
  public record Entry(long timestampNanos, String line, Map<String, String> metadata) {}

  /** One decoded stream; labelsText is null for JSON pushes, which carry a label object. */
  public record Stream(String labelsText, Map<String, String> labels, List<Entry> entries) {}

  /** One request as Loki saw it. */
  public record Push(String path, String contentType, String contentEncoding, String tenant, List<Stream> streams) {
    /** The number of entries in all its streams. */
    public int entries() {
      return streams.stream().mapToInt(s -> s.entries().size()).sum();
    }
  }

  /** A scripted answer. */
  public record Answer(int status, String body, Map<String, String> headers) {
    /** An answer with this status and body, and headers given as name, value, name, value... */
    public static Answer of(int status, String body, String... headers) {
      Map<String, String> h = new LinkedHashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        h.put(headers[i], headers[i + 1]);
      }
      return new Answer(status, body, h);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<Push> pushes = new CopyOnWriteArrayList<>();
  private final List<Push> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Function<Push, Answer> rule = p -> null;
  private final HttpServer server;
  private final String scheme;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  /** A plain HTTP server on a port of its own, started. */
  public TestLokiServer() throws IOException {
    this(null);
  }

  /** @param tls the server's TLS (its certificate), or null for plain HTTP */
  public TestLokiServer(SSLContext tls) throws IOException {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(at, 50);
    } else {
      HttpsServer https = HttpsServer.create(at, 50);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    scheme = tls == null ? "http" : "https";
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The push URL, for an exporter's {@code endpoint}. */
  public String endpoint() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + PUSH_PATH;
  }

  /** The pushes answered 204, in arrival order. */
  public List<Push> pushes() {
    return pushes;
  }

  /** Every request, refused ones included, in arrival order. */
  public List<Push> received() {
    return received;
  }

  /** The entries of every accepted push, in arrival order. */
  public List<Entry> allEntries() {
    List<Entry> out = new ArrayList<>();
    pushes.forEach(p -> p.streams().forEach(s -> out.addAll(s.entries())));
    return out;
  }

  /** Answers the next requests with these, in order, then 204 again. */
  public void answer(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Answers by content when the script is empty; null means 204. */
  public void answerBy(Function<Push, Answer> rule) {
    this.rule = rule;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
      byte[] body;
      try (InputStream in = decoded(ex.getRequestBody(), encoding)) {
        if (in == null) {
          ex.sendResponseHeaders(415, -1);
          return;
        }
        body = in.readAllBytes();
      }
      Push push = new Push(ex.getRequestURI().getPath(), type, encoding,
          ex.getRequestHeaders().getFirst("X-Scope-OrgID"),
          isJson(type) ? decodeJson(body) : decodeProtobuf(body));
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

  /** The body with its content encoding undone as Loki does, or null for one Loki refuses. */
  private static InputStream decoded(InputStream body, String encoding) throws IOException {
    if (encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("snappy")) {
      return body;
    }
    return switch (encoding.toLowerCase(Locale.ROOT)) {
      case "gzip" -> new GZIPInputStream(body);
      case "deflate" -> new InflaterInputStream(body);
      default -> null;
    };
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** Decodes a protobuf push body: snappy block format around a {@code logproto.PushRequest}. */
  public static List<Stream> decodeProtobuf(byte[] body) throws IOException {
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

  /** Decodes a JSON push body: {@code {"streams":[{"stream":{...},"values":[["ns","line",{...}]]}]}}. */
  public static List<Stream> decodeJson(byte[] body) throws IOException {
    try (InputStream in = new ByteArrayInputStream(body)) {
      JsonNode root = MAPPER.readTree(in);
      List<Stream> out = new ArrayList<>();
      for (JsonNode s : root.get("streams")) {
        Map<String, String> labels = new LinkedHashMap<>();
        s.get("stream").properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
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
  }

  /** Reads {@code {a="x", b="y\"z"}} with Go string escapes, as Loki's label parser does. */
  public static Map<String, String> parseLabels(String text) {
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
