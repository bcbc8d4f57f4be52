package io.telegate.core.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a factory gets when it creates a component: the component's id and a place to share one
 * instance between the signals of that id (the OTLP receiver serves all three on one port).
 */
public final class CreateSettings {

  private final ComponentId id;
  private final ComponentKind kind;
  private final Map<Object, Object> shared;

  public CreateSettings(ComponentId id, ComponentKind kind, Map<Object, Object> shared) {
    this.id = id;
    this.kind = kind;
    this.shared = shared;
  }

  /** Settings whose shared map is private to them; for tests. */
  public static CreateSettings of(ComponentKind kind, ComponentId id) {
    return new CreateSettings(id, kind, new ConcurrentHashMap<>());
  }

  public ComponentId id() {
    return id;
  }

  public ComponentKind kind() {
    return kind;
  }

  /**
   * Returns the instance shared by every signal of this component id, creating it on first use.
   * The pipeline graph starts and stops a shared instance once.
   */
  @SuppressWarnings("unchecked")
  public <T> T shared(Supplier<T> creator) {
    return (T) shared.computeIfAbsent(new SharedKey(kind, id), k -> creator.get());
  }

  private record SharedKey(ComponentKind kind, ComponentId id) {}
}
