package io.telegate.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every problem found in a config, each with its path, collected so all are reported at once. */
public final class ConfigErrors {

  private final List<String> errors = new ArrayList<>();

  /** Adds {@code path: message}; an empty path adds the message alone. */
  public void add(String path, String message) {
    errors.add(path == null || path.isEmpty() ? message : path + ": " + message);
  }

  public void addAll(ConfigErrors other) {
    errors.addAll(other.errors);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<String> list() {
    return Collections.unmodifiableList(errors);
  }

  /** Joins a parent path and a key with the Collector's {@code ::} delimiter. */
  public static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "::" + key;
  }

  @Override
  public String toString() {
    return String.join("\n", errors);
  }
}
