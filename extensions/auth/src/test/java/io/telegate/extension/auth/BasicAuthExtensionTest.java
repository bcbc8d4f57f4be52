package io.telegate.extension.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.auth.Verdict;
import io.telegate.core.component.ComponentId;
import io.telegate.core.data.ClientContext;
import io.telegate.testing.TestHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP Basic against htpasswd lines of every hash Apache's htpasswd writes, and the client side. */
class BasicAuthExtensionTest {

  @TempDir Path dir;

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Verdict check(BasicAuthExtension ext, String authorization) {
    return ext.authenticate(Map.of("authorization", authorization)::get);
  }

  @Test
  void checksEveryKindOfHashAndNamesTheUser() throws Exception {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    String sha = "{SHA}" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
        .digest("pw-sha".getBytes(StandardCharsets.UTF_8)));
    Path file = Files.writeString(dir.resolve(".htpasswd"), String.join("\n",
        "# users",
        "bcrypt:" + OpenBSDBCrypt.generate("2y", "pw-bcrypt".toCharArray(), salt, 5),
        "md5:" + Md5Crypt.apr1Crypt("pw-md5".getBytes(StandardCharsets.UTF_8)),
        "sha256:" + Sha2Crypt.sha256Crypt("pw-256".getBytes(StandardCharsets.UTF_8)),
        "sha512:" + Sha2Crypt.sha512Crypt("pw-512".getBytes(StandardCharsets.UTF_8)),
        "sha1:" + sha, ""));
    BasicAuthExtension ext = new BasicAuthExtension(ComponentId.parse("basicauth"), new BasicAuthConfig(
        new BasicAuthConfig.Htpasswd(file.toString(), "plain:pw-plain\n"), null));
    ext.start(new TestHost());
    Map<String, String> users = Map.of("bcrypt", "pw-bcrypt", "md5", "pw-md5", "sha256", "pw-256", "sha512", "pw-512",
        "sha1", "pw-sha", "plain", "pw-plain");
    for (Map.Entry<String, String> u : users.entrySet()) {
      Verdict ok = check(ext, basic(u.getKey(), u.getValue()));
      assertTrue(ok.passed(), u.getKey() + ": " + ok.refusal());
      assertEquals(u.getKey(), ok.attributes().get("username"));
      assertFalse(check(ext, basic(u.getKey(), u.getValue() + "x")).passed(), u.getKey() + " with a wrong password");
    }
    assertFalse(check(ext, basic("nobody", "pw-plain")).passed());
    assertFalse(check(ext, "Basic !!!").passed());
    assertFalse(check(ext, "Bearer abc").passed());
    assertFalse(ext.authenticate(Map.<String, String>of()::get).passed());
  }

  @Test
  void aLineWithAnUnknownHashFailsTheStartNamingTheLine() {
    BasicAuthExtension ext = new BasicAuthExtension(ComponentId.parse("basicauth"), new BasicAuthConfig(
        new BasicAuthConfig.Htpasswd(null, "a:plain\nb:$9$xyz\n"), null));
    IOException e = assertThrows(IOException.class, () -> ext.start(new TestHost()));
    assertTrue(e.getMessage().contains("htpasswd::inline, line 2") && e.getMessage().contains("$9$"), e.getMessage());
  }

  @Test
  void theClientSideSendsItsCredentialsWhichTheServerSideAccepts() throws Exception {
    BasicAuthExtension client = new BasicAuthExtension(ComponentId.parse("basicauth/client"), new BasicAuthConfig(null,
        new BasicAuthConfig.ClientAuth("gateway", "p:ss wörd")));
    client.start(new TestHost());
    Headers h = new Headers();
    client.authenticate(ClientContext.EMPTY, h);
    assertEquals(basic("gateway", "p:ss wörd"), h.get("Authorization"));
    BasicAuthExtension server = new BasicAuthExtension(ComponentId.parse("basicauth/server"), new BasicAuthConfig(
        new BasicAuthConfig.Htpasswd(null, "gateway:p:ss wörd"), null));
    server.start(new TestHost());
    assertTrue(check(server, h.get("Authorization")).passed());
  }

  @Test
  void configErrors() {
    assertEquals(1, new BasicAuthConfig(null, null).validate().size());
    assertEquals(List.of("htpasswd: set file or inline"),
        new BasicAuthConfig(new BasicAuthConfig.Htpasswd(null, " "), null).validate());
    assertEquals(List.of("client_auth::username: must not contain ':' (RFC 7617)"),
        new BasicAuthConfig(null, new BasicAuthConfig.ClientAuth("a:b", "c")).validate());
  }
}
