package io.telegate.transport.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code min_version} / {@code max_version} of a {@code tls:} block, client or server: checked and turned into JDK protocol names. */
final class TlsVersions {

  private TlsVersions() {}

  /** Config version names and the JDK protocol names they stand for. */
  private static final Map<String, String> PROTOCOLS =
      Map.of("1.0", "TLSv1", "1.1", "TLSv1.1", "1.2", "TLSv1.2", "1.3", "TLSv1.3");
  private static final List<String> ORDER = List.of("1.0", "1.1", "1.2", "1.3");

  /** Adds each problem with the two keys to {@code errors}, under {@code path}. */
  static void validate(String minVersion, String maxVersion, List<String> errors) {
    if (minVersion != null && !PROTOCOLS.containsKey(minVersion)) {
      errors.add("min_version: '" + minVersion + "' (expected one of: " + String.join(", ", ORDER) + ")");
    }
    if (maxVersion != null && !PROTOCOLS.containsKey(maxVersion)) {
      errors.add("max_version: '" + maxVersion + "' (expected one of: " + String.join(", ", ORDER) + ")");
    }
    if (PROTOCOLS.containsKey(String.valueOf(minVersion)) && PROTOCOLS.containsKey(String.valueOf(maxVersion))
        && ORDER.indexOf(minVersion) > ORDER.indexOf(maxVersion)) {
      errors.add("min_version " + minVersion + " is above max_version " + maxVersion);
    }
  }

  /** The JDK protocol names from {@code minVersion} (1.2 when unset) to {@code maxVersion}, newest first. */
  static String[] protocols(String minVersion, String maxVersion) {
    int from = ORDER.indexOf(minVersion == null ? "1.2" : minVersion);
    int to = maxVersion == null ? ORDER.size() - 1 : ORDER.indexOf(maxVersion);
    List<String> out = new ArrayList<>();
    for (int i = to; i >= from; i--) {
      out.add(PROTOCOLS.get(ORDER.get(i)));
    }
    return out.toArray(String[]::new);
  }
}
