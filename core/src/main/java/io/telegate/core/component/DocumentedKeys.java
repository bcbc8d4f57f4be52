package io.telegate.core.component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For a config record component that is bound as a raw YAML tree and read by a parser of its own
 * (Prometheus's formats inside the {@code prometheus} receiver): where the generated component docs
 * find its sub-keys. {@code in}'s public static field {@code field} is a {@code Map<String, String>}
 * from key paths to their defaults ({@code ""}: unset; {@code []} marks the items of a list), the
 * same map the parser takes its allowed keys from, so docs and parser cannot drift apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DocumentedKeys {

  /** The class holding the key map. */
  Class<?> in();

  /** The name of the public static {@code Map<String, String>} field of {@link #in}. */
  String field();

  /** Only the keys under this path of the map, relative to it; empty for the whole map. */
  String under() default "";

  /** Whether the component is a list of such mappings (its keys are then documented under {@code []}). */
  boolean list() default false;
}
