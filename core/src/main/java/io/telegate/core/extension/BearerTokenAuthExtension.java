package io.telegate.core.extension;

import io.telegate.core.auth.ClientAuthenticator;
import io.telegate.core.auth.ServerAuthenticator;
import io.telegate.core.auth.Verdict;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.data.ClientContext;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code bearertokenauth}. As a server authenticator a request passes when its header holds the
 * scheme and one of the accepted tokens; as a client authenticator every request carries the
 * scheme and the token (the first of {@code tokens} when that is how it is given). A token file is looked at again at most once a second and re-read
 * when its modification time changed, so a rotated token takes effect without a restart. Tokens
 * are compared in constant time and never logged.
 */
final class BearerTokenAuthExtension implements Component, ServerAuthenticator, ClientAuthenticator {

  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final ComponentId id;
  private final BearerTokenAuthConfig config;
  private final String headerName;
  private volatile List<byte[]> accepted = List.of();
  // What a client sends: the scheme and the first token, as a header value.
  private volatile String sent;
  private volatile long checkedNanos;
  private volatile FileTime fileTime;
  private volatile GatewayLogger log = GatewayLogger.root();

  BearerTokenAuthExtension(ComponentId id, BearerTokenAuthConfig config) {
    this.id = id;
    this.config = config;
    this.headerName = config.header().toLowerCase(Locale.ROOT);
  }

  @Override
  public void start(Host host) throws IOException {
    log = host.logger(ComponentKind.EXTENSION, id);
    if (BearerTokenAuthConfig.set(config.filename())) {
      readFile();
    } else {
      List<String> tokens = BearerTokenAuthConfig.set(config.token()) ? List.of(config.token()) : config.tokens();
      accept(tokens);
    }
  }

  private void accept(List<String> tokens) {
    List<byte[]> expected = expected(tokens);
    sent = new String(expected.get(0), StandardCharsets.UTF_8);
    accepted = expected;
  }

  private List<byte[]> expected(List<String> tokens) {
    List<byte[]> out = new ArrayList<>();
    String prefix = config.scheme() == null || config.scheme().isEmpty() ? "" : config.scheme() + " ";
    for (String t : tokens) {
      out.add((prefix + t.strip()).getBytes(StandardCharsets.UTF_8));
    }
    return List.copyOf(out);
  }

  private void readFile() throws IOException {
    Path p = Path.of(config.filename());
    FileTime t = Files.getLastModifiedTime(p);
    String token = Files.readString(p, StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new IOException("bearertokenauth " + id + ": " + p + " holds no token");
    }
    accept(List.of(token));
    fileTime = t;
    checkedNanos = System.nanoTime();
  }

  /** Re-reads a token file that changed, at most once a second; a file that went bad keeps the old token. */
  private void refresh() {
    if (!BearerTokenAuthConfig.set(config.filename()) || System.nanoTime() - checkedNanos < RECHECK.toNanos()) {
      return;
    }
    checkedNanos = System.nanoTime();
    try {
      if (!Files.getLastModifiedTime(Path.of(config.filename())).equals(fileTime)) {
        readFile();
        log.info("bearer token file changed; the new token is in use", "file", config.filename());
      }
    } catch (IOException e) {
      log.rateLimited(GatewayLogger.Level.WARN, "bearertokenauth-file/" + id, Duration.ofSeconds(60),
          "cannot re-read the bearer token file; the last token stays in use", null, "file", config.filename(),
          "error", e.getMessage());
    }
  }

  @Override
  public Verdict authenticate(Function<String, String> header) {
    refresh();
    String value = header.apply(headerName);
    if (value == null || value.isEmpty()) {
      return Verdict.refuse("missing " + config.header() + " header");
    }
    byte[] got = value.strip().getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] want : accepted) {
      ok |= MessageDigest.isEqual(got, want);
    }
    return ok ? Verdict.pass() : Verdict.refuse("the " + config.header() + " header does not hold an accepted token");
  }

  @Override
  public void authenticate(ClientContext client, RequestHeaders headers) {
    refresh();
    headers.set(config.header(), sent);
  }

  @Override
  public void shutdown(Duration timeout) {
  }
}
