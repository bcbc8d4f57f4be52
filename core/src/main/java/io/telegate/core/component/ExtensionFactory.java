package io.telegate.core.component;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * Creates extensions: components outside the pipelines, such as {@code health_check}.
 *
 * <p>Write one with {@link #define}: {@code ExtensionFactory.define("foo", FooConfig.DEFAULT)
 * .create(FooExtension::new).build()}.
 */
public interface ExtensionFactory<C extends ComponentConfig> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.EXTENSION;
  }

  @Override
  default Set<Signal> signals() {
    return Set.of();
  }

  Component create(CreateSettings settings, C config);

  /** Starts the definition of an extension type; {@code defaults} is its default config record. */
  static <C extends ComponentConfig> Definition<C> define(String type, C defaults) {
    return new Definition<>(type, defaults);
  }

  /** An extension type's definition: its names, defaults and its create function. */
  final class Definition<C extends ComponentConfig> extends FactoryDefinition<C, Definition<C>> {
    private BiFunction<CreateSettings, C, Component> create;

    Definition(String type, C defaults) {
      super(type, defaults);
    }

    public Definition<C> create(BiFunction<CreateSettings, C, Component> create) {
      this.create = create;
      return this;
    }

    public ExtensionFactory<C> build() {
      return new Base<>(this);
    }
  }

  /** An extension factory made from a {@link Definition}; extend it to give the factory a class name. */
  class Base<C extends ComponentConfig> extends DefinedFactory<C> implements ExtensionFactory<C> {
    private final BiFunction<CreateSettings, C, Component> create;

    public Base(Definition<C> definition) {
      super(definition);
      if (definition.create == null) {
        throw new IllegalStateException(definition.type + ": no create function");
      }
      this.create = definition.create;
    }

    @Override
    public final Component create(CreateSettings settings, C config) {
      return create.apply(settings, config);
    }
  }
}
