package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void treatsPasswordsTokensAndAuthHeadersAsSecretButNotFilePaths() {
    for (String k : new String[] {"password", "keystore_password", "api_key", "X-Api-Key", "Authorization",
        "bearer_token", "client_secret"}) {
      assertTrue(Redaction.isSecret(k), k);
    }
    for (String k : new String[] {"key_file", "endpoint", "cert_file", "keystore_type", "truststore_path", "key"}) {
      assertFalse(Redaction.isSecret(k), k);
    }
  }
}
