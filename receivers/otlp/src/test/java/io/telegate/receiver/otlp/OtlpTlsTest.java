package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS on both transports. */
class OtlpTlsTest {

  @TempDir
  static Path dir;
  private static TestCertificates certs;

  private ReceiverFixture fixture;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(dir);
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static Map<String, Object> tls(boolean mutual, String minVersion) {
    Map<String, Object> tls = new java.util.HashMap<>(Map.of(
        "cert_file", certs.serverCertPem().toString(), "key_file", certs.serverKeyPem().toString()));
    if (mutual) {
      tls.put("client_ca_file", certs.caPem().toString());
    }
    if (minVersion != null) {
      tls.put("min_version", minVersion);
    }
    return Map.of("tls", tls);
  }

  private static SSLContext clientContext(boolean withCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certs.trustStore())) {
      trust.load(in, TestCertificates.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withCertificate) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(certs.clientKeyStore())) {
        keys.load(in, TestCertificates.PASSWORD.toCharArray());
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, TestCertificates.PASSWORD.toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private int postOverHttps(SSLContext ssl, SSLParameters params) throws Exception {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
        .connectTimeout(Duration.ofSeconds(5));
    if (params != null) {
      b.sslParameters(params);
    }
    HttpResponse<byte[]> r = b.build().send(HttpRequest.newBuilder(java.net.URI.create(
            "https://127.0.0.1:" + fixture.receiver.httpAddress().getPort() + "/v1/traces"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ReceiverFixture.spans(1).bytes())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    return r.statusCode();
  }

  private void exportOverGrpc(ChannelCredentials credentials) throws Exception {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", fixture.grpcPort(), credentials).build();
    try {
      TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .export(ReceiverFixture.spans(1).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void httpsServesAnyClientWithoutClientCa() throws Exception {
    fixture = ReceiverFixture.start(null, tls(false, null));
    assertEquals(200, postOverHttps(clientContext(false), null));
  }

  @Test
  void mutualTlsOverHttpAcceptsAClientWithACertificateFromTheCa() throws Exception {
    fixture = ReceiverFixture.start(null, tls(true, null));
    assertEquals(200, postOverHttps(clientContext(true), null));
    assertEquals(1, fixture.traces.itemCount());
  }

  @Test
  void mutualTlsOverHttpRefusesAClientWithoutACertificate() throws Exception {
    fixture = ReceiverFixture.start(null, tls(true, null));
    assertThrows(IOException.class, () -> postOverHttps(clientContext(false), null));
    assertEquals(0, fixture.traces.itemCount());
  }

  @Test
  void minVersionRefusesOlderClients() throws Exception {
    fixture = ReceiverFixture.start(null, tls(false, "1.3"));
    SSLParameters tls12 = new SSLParameters();
    tls12.setProtocols(new String[] {"TLSv1.2"});
    assertThrows(IOException.class, () -> postOverHttps(clientContext(false), tls12));
    assertEquals(200, postOverHttps(clientContext(false), null));
  }

  @Test
  void mutualTlsOverGrpcAcceptsAClientWithACertificateFromTheCa() throws Exception {
    fixture = ReceiverFixture.start(tls(true, null), null);
    exportOverGrpc(TlsChannelCredentials.newBuilder()
        .keyManager(certs.clientCertPem().toFile(), certs.clientKeyPem().toFile())
        .trustManager(certs.caPem().toFile()).build());
    assertEquals(1, fixture.traces.itemCount());
  }

  @Test
  void mutualTlsOverGrpcRefusesAClientWithoutACertificate() throws Exception {
    fixture = ReceiverFixture.start(tls(true, null), null);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> exportOverGrpc(
        TlsChannelCredentials.newBuilder().trustManager(certs.caPem().toFile()).build()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertEquals(0, fixture.traces.itemCount());
  }
}
