package io.telegate.core.component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The set of component factories a gateway is built with, looked up by kind and type name. */
public final class Components {

  private final Map<ComponentKind, Map<String, ComponentFactory<?>>> byKind =
      new EnumMap<>(ComponentKind.class);
  private final List<ComponentFactory<?>> all = new ArrayList<>();

  private Components(Collection<? extends ComponentFactory<?>> factories) {
    for (ComponentFactory<?> f : factories) {
      Map<String, ComponentFactory<?>> types = byKind.computeIfAbsent(f.kind(), k -> new TreeMap<>());
      register(types, f.type(), f);
      for (String alias : f.aliases()) {
        register(types, alias, f);
      }
      all.add(f);
    }
  }

  private static void register(Map<String, ComponentFactory<?>> types, String name, ComponentFactory<?> f) {
    ComponentFactory<?> previous = types.putIfAbsent(name, f);
    if (previous != null) {
      throw new IllegalArgumentException(
          "two " + f.kind().label() + " factories for type '" + name + "': " + previous.getClass().getName()
              + " and " + f.getClass().getName());
    }
  }

  public static Components of(Collection<? extends ComponentFactory<?>> factories) {
    return new Components(factories);
  }

  public static Components of(ComponentFactory<?>... factories) {
    return new Components(List.of(factories));
  }

  /** The factory for a type name or alias. */
  public Optional<ComponentFactory<?>> find(ComponentKind kind, String type) {
    return Optional.ofNullable(byKind.getOrDefault(kind, Map.of()).get(type));
  }

  /** Type names (not aliases) of a kind, sorted. */
  public List<String> types(ComponentKind kind) {
    List<String> out = new ArrayList<>();
    for (ComponentFactory<?> f : all) {
      if (f.kind() == kind) {
        out.add(f.type());
      }
    }
    Collections.sort(out);
    return out;
  }

  /** Every factory, in registration order. */
  public List<ComponentFactory<?>> all() {
    return Collections.unmodifiableList(all);
  }
}
