package io.telegate.core.config;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.ValidationContext;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation walk, as the Collector's {@code xconfmap.Validate}: every {@link ConfigValidator}
 * inside a config record (record components, list elements, map values, at any depth) is asked,
 * and its messages get its YAML path in front, with one convention: {@code sending_queue::batch::
 * min_size: ...}, {@code headers[0]: ...}. Nothing nested can be forgotten, and no part builds its
 * own path.
 */
public final class ConfigValidation {

  /** A message that starts with the key path it is about, such as {@code queue_size: ...}. */
  private static final Pattern KEYED = Pattern.compile("^[A-Za-z0-9_.\\-\\[\\]/]+(::[A-Za-z0-9_.\\-\\[\\]/]+)*: ");

  private ConfigValidation() {}

  /** Every problem in {@code config} and its parts, with paths relative to {@code config}. */
  public static List<String> validate(Object config) {
    List<String> out = new ArrayList<>();
    walk(config, "", null, out);
    return out;
  }

  /**
   * Every problem that depends on where {@code config}'s component is used ({@link
   * ConfigValidator#validate(ValidationContext)} of it and its parts), with paths relative to it.
   */
  public static List<String> validate(Object config, ValidationContext context) {
    List<String> out = new ArrayList<>();
    walk(config, "", context, out);
    return out;
  }

  private static void walk(Object value, String path, ValidationContext context, List<String> out) {
    if (value == null) {
      return;
    }
    if (value instanceof ConfigValidator v) {
      for (String message : context == null ? v.validate() : v.validate(context)) {
        out.add(prefix(path, message));
      }
    }
    if (value instanceof Record r) {
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        Object part = ConfigBinder.accessor(rc, r);
        walk(part, join(path, ConfigBinder.keyOf(rc)), context, out);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", context, out);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getValue(), join(path, String.valueOf(e.getKey())), context, out);
      }
    } else if (value instanceof Collection<?> c) {
      for (Object o : c) {
        walk(o, path, context, out);
      }
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "::" + key;
  }

  /** {@code sending_queue} + {@code queue_size: must be positive} = {@code sending_queue::queue_size: ...}. */
  static String prefix(String path, String message) {
    if (path.isEmpty()) {
      return message;
    }
    return KEYED.matcher(message).find() ? path + "::" + message : path + ": " + message;
  }
}
