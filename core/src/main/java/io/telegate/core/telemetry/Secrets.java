package io.telegate.core.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as a secret, and how it is hidden wherever the gateway shows text: {@code
 * print-config}, log lines, {@code /health} and zpages. Like the Collector's {@code configopaque}:
 *
 * <ul>
 *   <li>every value under a {@code headers} map, whatever the header's name ({@code Cookie},
 *       {@code X-Honeycomb-Team}, ...), and a {@code headers_list} string;
 *   <li>values of keys that name a secret: {@code *_pem}, passwords, tokens, secrets, API and
 *       license keys, credentials, authorization, cookies, DSNs, htpasswd lines ({@code inline})
 *       (but not {@code *_file} and {@code *_path}, which name where a secret is);
 *   <li>the user info of any URL ({@code http://user:pass@host}), in config values and in any text
 *       shown (error messages carry endpoints).
 * </ul>
 */
public final class Secrets {

  public static final String MASK = "[REDACTED]";

  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(password|passwd|secret|token|api[_-]?key|apikey|license[_-]?key|authorization|credential"
          + "|private[_-]?key|cookie|dsn|_pem$|^pem$|^inline$).*");
  /** {@code scheme://userinfo@}: the user info is everything up to the last {@code @} before the host. */
  private static final Pattern URL_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s\"'?#]+)@");

  private Secrets() {}

  /** True for keys whose values are secrets; {@code key_file} and similar name a path, not a secret. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith("_file") || k.endsWith("_path") || k.endsWith("_type") || k.endsWith("_ref")) {
      return false;
    }
    if (k.equals("headers_list")) {
      return true; // the OpenTelemetry configuration's "name=value,..." headers (service.telemetry)
    }
    return SECRET_KEY.matcher(k).matches();
  }

  /** {@code text} with the user info of every URL in it replaced by {@link #MASK}. */
  public static String redactText(String text) {
    if (text == null || text.indexOf("://") < 0 || text.indexOf('@') < 0) {
      return text;
    }
    Matcher m = URL_USER_INFO.matcher(text);
    return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@") : text;
  }

  /** A copy of a YAML tree with every secret hidden, for printing. */
  public static Object redactTree(Object node) {
    return redact(node, null, false);
  }

  private static Object redact(Object node, String key, boolean underHeaders) {
    if (node instanceof Map<?, ?> m) {
      boolean headers = key != null && key.toLowerCase(Locale.ROOT).endsWith("headers");
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        out.put(k, redact(e.getValue(), k, headers));
      }
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      boolean headers = key != null && key.toLowerCase(Locale.ROOT).endsWith("headers");
      for (Object o : l) {
        // headers as a list: [{key: Name, value: secret}] in older configs
        if (headers && o instanceof Map<?, ?> entry && entry.containsKey("value")) {
          Map<String, Object> copy = new LinkedHashMap<>();
          entry.forEach((k, v) -> copy.put(String.valueOf(k), "value".equals(k) ? MASK : v));
          out.add(copy);
        } else {
          out.add(redact(o, key, underHeaders));
        }
      }
      return out;
    }
    if (node == null) {
      return null;
    }
    if (underHeaders || (key != null && isSecretKey(key))) {
      return MASK;
    }
    return node instanceof String s ? redactText(s) : node;
  }
}
