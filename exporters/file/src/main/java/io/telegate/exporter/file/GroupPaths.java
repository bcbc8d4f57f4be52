package io.telegate.exporter.file;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The file of each {@code group_by} value: {@code path} with its {@code *} replaced by the value,
 * cleaned, and kept under the part of {@code path} before the {@code *}, so that a value such as
 * {@code ../../etc/x} cannot write outside it (it is then taken as relative to that part).
 */
final class GroupPaths {

  private final String prefix;
  private final String suffix;

  GroupPaths(String path) {
    int star = path.indexOf('*');
    String before = path.substring(0, star);
    String cleaned = clean(before);
    this.prefix = before.endsWith("/") && !cleaned.endsWith("/") ? cleaned + "/" : cleaned;
    this.suffix = path.substring(star + 1);
  }

  String pathOf(String value) {
    String segment = value;
    if (segment.startsWith("./")) {
      segment = segment.substring(1);
    } else if (segment.startsWith("../")) {
      segment = segment.substring(2);
    }
    String full = clean(prefix + segment + suffix);
    if (full.startsWith(prefix)) {
      return full;
    }
    return clean(prefix + "/" + clean("/" + segment + suffix));
  }

  /** Lexical clean of a slash-separated path: no empty, {@code .} or inner {@code ..} elements. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    int leadingUp = 0;
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        } else if (!rooted) {
          leadingUp++;
        }
        continue;
      }
      parts.addLast(p);
    }
    StringBuilder sb = new StringBuilder(rooted ? "/" : "");
    for (int i = 0; i < leadingUp; i++) {
      sb.append(sb.length() > 0 && sb.charAt(sb.length() - 1) != '/' ? "/" : "").append("..");
    }
    for (String p : parts) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append(p);
    }
    return sb.length() == 0 ? "." : sb.toString();
  }
}
