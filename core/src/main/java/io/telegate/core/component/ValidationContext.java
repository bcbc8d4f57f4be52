package io.telegate.core.component;

import java.util.Optional;
import java.util.Set;

/**
 * Where a component is used, for the checks that depend on it ({@link
 * ConfigValidator#validate(ValidationContext)}): the signals of the pipelines that use it, and the
 * extensions the service runs. {@code telegate validate} and {@code run} share this pass, so a
 * config one refuses the other refuses too.
 */
public interface ValidationContext {

  /** The kind of the component being checked (an {@code auth} block of a receiver names a server authenticator). */
  ComponentKind kind();

  /** The signals of the pipelines that use the component; empty for an extension. */
  Set<Signal> signals();

  /**
   * The extension {@code id} as created (not started) when it is configured and listed in {@code
   * service::extensions}; empty otherwise. Creating a component has no side effects, so checks
   * may look at what it is (an authenticator, a storage).
   */
  Optional<Component> extension(ComponentId id);

  /**
   * The reference {@code value} at {@code path} names a running extension of type {@code kind}
   * ({@code Class}): null when it does, or the message saying why not.
   */
  default String checkExtension(String path, String value, Class<?> kind, String what) {
    ComponentId id;
    try {
      id = ComponentId.parse(value);
    } catch (IllegalArgumentException e) {
      return path + ": " + e.getMessage();
    }
    Optional<Component> ext = extension(id);
    if (ext.isEmpty()) {
      return path + ": '" + id + "' is not a running extension (configure it under extensions and list it in "
          + "service::extensions)";
    }
    if (!kind.isInstance(ext.get())) {
      return path + ": '" + id + "' is not " + what;
    }
    return null;
  }
}
