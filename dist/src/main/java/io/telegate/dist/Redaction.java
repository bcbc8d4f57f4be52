package io.telegate.dist;

import io.telegate.core.telemetry.Secrets;

/** Hides secrets before a config is printed: see {@link Secrets} for what counts as one. */
final class Redaction {

  static final String MASK = Secrets.MASK;

  private Redaction() {}

  static Object redact(Object node) {
    return Secrets.redactTree(node);
  }

  /** Keys whose values are secrets; {@code key_file} and similar name a path, not a secret. */
  static boolean isSecret(String key) {
    return Secrets.isSecretKey(key);
  }
}
