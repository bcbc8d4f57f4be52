package io.telegate.extension.auth;

import io.telegate.core.component.ComponentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Config of the {@code headers_setter} extension ({@code headerssetter} too), with the Collector's
 * keys: headers set on each request an exporter sends, from a fixed value or from the context of
 * the request the data came in with.
 *
 * @param headers the headers, applied in order
 */
public record HeadersSetterConfig(List<Header> headers) implements ComponentConfig {

  public static final HeadersSetterConfig DEFAULT = new HeadersSetterConfig(List.of());

  /** What to do with a header. */
  public enum Action {
    /** Add it only when the request does not have it. */
    INSERT,
    /** Change it only when the request has it. */
    UPDATE,
    /** Set it either way (the default). */
    UPSERT,
    /** Remove it. */
    DELETE
  }

  /**
   * @param key the header's name
   * @param value a fixed value
   * @param fromContext a key of the incoming request's metadata (the receiver needs
   *     {@code include_metadata: true}), or {@code auth.<name>} for what its authenticator learnt
   * @param defaultValue the value when {@code from_context} finds nothing
   * @param action {@code insert}, {@code update}, {@code upsert} (default) or {@code delete}
   */
  public record Header(String key, String value, String fromContext, String defaultValue, String action) {

    Action parsedAction() {
      return action == null || action.isBlank() ? Action.UPSERT : Action.valueOf(action.strip().toUpperCase(Locale.ROOT));
    }
  }

  private static final Set<String> ACTIONS = Set.of("insert", "update", "upsert", "delete");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (headers == null || headers.isEmpty()) {
      errors.add("headers: at least one header is needed");
      return errors;
    }
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      String at = "headers[" + i + "]";
      if (h == null || h.key() == null || h.key().isBlank()) {
        errors.add(at + "::key: must not be empty");
        continue;
      }
      if (h.action() != null && !h.action().isBlank() && !ACTIONS.contains(h.action().strip().toLowerCase(Locale.ROOT))) {
        errors.add(at + "::action: '" + h.action() + "' (expected: insert, update, upsert, delete)");
        continue;
      }
      boolean delete = h.parsedAction() == Action.DELETE;
      boolean hasValue = h.value() != null;
      boolean hasContext = h.fromContext() != null && !h.fromContext().isBlank();
      if (!delete && hasValue == hasContext) {
        errors.add(at + ": set exactly one of value and from_context");
      }
      if (h.defaultValue() != null && !hasContext) {
        errors.add(at + "::default_value: only with from_context");
      }
    }
    return errors;
  }
}
