package io.telegate.core.component;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link ComponentFactory} answers of a factory written as a {@link FactoryDefinition}; the
 * kinds' bases ({@link ReceiverFactory.Base}, ...) add the create methods.
 */
public abstract class DefinedFactory<C extends ComponentConfig> implements ComponentFactory<C> {

  private final String type;
  private final C defaults;
  private final Class<C> configType;
  private final Set<String> aliases;
  private final Function<String, String> aliasWarning;
  private final Map<Signal, Object> creators;
  private final Set<Signal> signals;

  DefinedFactory(FactoryDefinition<C, ?> d) {
    this.type = d.type;
    this.defaults = d.defaults;
    this.configType = d.configType;
    this.aliases = Set.copyOf(d.aliases);
    this.aliasWarning = d.aliasWarning;
    this.creators = d.creators.isEmpty() ? Map.of() : new EnumMap<>(d.creators);
    this.signals = d.creators.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(d.creators.keySet()));
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final Class<C> configType() {
    return configType;
  }

  @Override
  public final C defaultConfig() {
    return defaults;
  }

  @Override
  public final Set<Signal> signals() {
    return signals;
  }

  @Override
  public final Set<String> aliases() {
    return aliases;
  }

  @Override
  public final String aliasWarning(String alias) {
    return aliasWarning.apply(alias);
  }

  /** The create function defined for {@code signal}; refuses a signal the type does not support. */
  @SuppressWarnings("unchecked")
  final <F> F creator(Signal signal) {
    Object f = creators.get(signal);
    if (f == null) {
      throw new UnsupportedOperationException(kind().label() + " type " + type + " does not support "
          + signal.id());
    }
    return (F) f;
  }

  @Override
  public String toString() {
    return kind().label() + " factory " + type;
  }
}
