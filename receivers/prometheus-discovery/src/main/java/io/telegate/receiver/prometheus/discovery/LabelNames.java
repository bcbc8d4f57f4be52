package io.telegate.receiver.prometheus.discovery;

/** Prometheus's label name rules, and the sanitising that turns Kubernetes names into label names. */
final class LabelNames {

  private LabelNames() {}

  /** Whether {@code name} matches {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  static boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Every character outside {@code [a-zA-Z0-9_]} becomes {@code _}, as Prometheus's {@code strutil.SanitizeLabelName}. */
  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }
}
