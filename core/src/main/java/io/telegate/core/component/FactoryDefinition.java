package io.telegate.core.component;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a factory states, as the Collector's {@code NewFactory(type, createDefaultConfig,
 * WithTraces(...))}: its type, the names it is also accepted under, its default config (whose
 * record class is the config type), and one create function per signal it supports. The kinds'
 * definitions ({@link ReceiverFactory.Definition}, ...) add the create functions; {@link
 * DefinedFactory} answers the {@link ComponentFactory} questions from it.
 *
 * @param <C> the config record
 * @param <D> the kind's definition, so that the chained calls keep it
 */
public abstract class FactoryDefinition<C extends ComponentConfig, D extends FactoryDefinition<C, D>> {

  final String type;
  final C defaults;
  final Class<C> configType;
  final Set<String> aliases = new LinkedHashSet<>();
  Function<String, String> aliasWarning = alias -> null;
  final Map<Signal, Object> creators = new EnumMap<>(Signal.class);

  @SuppressWarnings("unchecked")
  FactoryDefinition(String type, C defaults) {
    if (!(defaults instanceof Record)) {
      throw new IllegalArgumentException(type + ": the default config must be a record, got " + defaults);
    }
    this.type = type;
    this.defaults = defaults;
    this.configType = (Class<C>) defaults.getClass();
  }

  @SuppressWarnings("unchecked")
  private D self() {
    return (D) this;
  }

  /** Other names this type is accepted under (the Collector's second spelling, a deprecated name). */
  public D alias(String... names) {
    Collections.addAll(aliases, names);
    return self();
  }

  /** The warning logged once when the type is used under an alias; none by default. */
  public D aliasWarning(Function<String, String> warning) {
    this.aliasWarning = warning;
    return self();
  }

  D put(Signal signal, Object creator) {
    if (creators.putIfAbsent(signal, creator) != null) {
      throw new IllegalStateException(type + ": " + signal.id() + " is defined twice");
    }
    return self();
  }

  D putEvery(Object creator) {
    for (Signal s : Signal.values()) {
      put(s, creator);
    }
    return self();
  }
}
