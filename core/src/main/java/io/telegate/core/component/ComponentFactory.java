package io.telegate.core.component;

import java.util.Set;

/**
 * Describes one component type: its name, its config record and its default config.
 *
 * <p>Creating a component has no side effects: no sockets, no threads. Those come with {@link
 * Component#start}.
 *
 * @param <C> the config record of this type
 */
public interface ComponentFactory<C extends ComponentConfig> {

  /** The type name used in config ids, for example {@code otlp} or {@code prometheusremotewrite}. */
  String type();

  /** The kind of component this factory creates. */
  ComponentKind kind();

  /** The config record class; the config binder reads its components. */
  Class<C> configType();

  /** The config used for keys the user leaves out. */
  C defaultConfig();

  /** The signals this factory can create a component for; empty for extensions. */
  Set<Signal> signals();

  /** Other type names accepted for this factory, for example deprecated names. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** A warning to log once when this type is used under {@code alias}, or null. */
  default String aliasWarning(String alias) {
    return null;
  }
}
