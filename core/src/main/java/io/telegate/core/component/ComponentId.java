package io.telegate.core.component;

import java.util.Objects;
import java.util.regex.Pattern;

/** The id of a configured component or pipeline: {@code type[/name]}, as in the Collector's config. */
public record ComponentId(String type, String name) implements Comparable<ComponentId> {

  private static final Pattern TYPE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,62}");

  public ComponentId {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  public static ComponentId of(String type) {
    return new ComponentId(type, "");
  }

  /**
   * Parses {@code type} or {@code type/name}.
   *
   * @throws IllegalArgumentException with a message that says what was expected
   */
  public static ComponentId parse(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be empty (expected: type[/name])");
    }
    String trimmed = id.strip();
    int slash = trimmed.indexOf('/');
    String type = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String name = slash < 0 ? "" : trimmed.substring(slash + 1);
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "invalid type '" + type + "' in id '" + id + "' (expected: a letter, then letters, digits or '_')");
    }
    if (slash >= 0 && name.isBlank()) {
      throw new IllegalArgumentException("id '" + id + "' has an empty name after '/' (expected: type[/name])");
    }
    return new ComponentId(type, name);
  }

  @Override
  public String toString() {
    return name.isEmpty() ? type : type + "/" + name;
  }

  @Override
  public int compareTo(ComponentId o) {
    return toString().compareTo(o.toString());
  }
}
