package io.telegate.core.component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keys the Collector accepts for this config that Telegate does not support yet. Using one fails
 * validation with a message saying so, rather than a generic "unknown key".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UnsupportedKeys {
  String[] value();
}
