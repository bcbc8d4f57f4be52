package io.telegate.core.component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a nested record component that is off (null) by default: giving its key turns it on with
 * the record type's {@code DEFAULT}, even with no value ({@code rotation:}), as the Collector
 * treats such a key (its {@code IsSet}). Without this, a key with no value keeps the default,
 * null, as if it were left out.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OnWhenKeyGiven {}
