package io.telegate.translator.stanza;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A place in an entry, in the Collector's field syntax: {@code body}, {@code body.x.y},
 * {@code body["x.y"]}, {@code attributes.k}, {@code attributes["k"]}, {@code resource["k"]}.
 * Keys after the root walk nested maps.
 */
public final class Field {

  /** Which part of the entry a field starts from. */
  public enum Root { BODY, ATTRIBUTES, RESOURCE }

  private final Root root;
  private final String[] keys;
  private final String text;

  private Field(Root root, String[] keys, String text) {
    this.root = root;
    this.keys = keys;
    this.text = text;
  }

  public static Field body(String... keys) {
    return new Field(Root.BODY, keys, render(Root.BODY, keys));
  }

  public static Field attribute(String... keys) {
    return new Field(Root.ATTRIBUTES, keys, render(Root.ATTRIBUTES, keys));
  }

  public static Field resource(String... keys) {
    return new Field(Root.RESOURCE, keys, render(Root.RESOURCE, keys));
  }

  /**
   * Parses the field syntax.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static Field parse(String text) {
    String s = text.strip();
    List<String> parts = new ArrayList<>();
    int i = 0;
    int n = s.length();
    StringBuilder cur = new StringBuilder();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '.') {
        if (cur.length() == 0 && (parts.isEmpty() || s.charAt(i - 1) != ']')) {
          throw bad(text, "empty key");
        }
        if (cur.length() > 0) {
          parts.add(cur.toString());
          cur.setLength(0);
        }
        i++;
        if (i == n) {
          throw bad(text, "ends with '.'");
        }
      } else if (c == '[') {
        if (cur.length() > 0) {
          parts.add(cur.toString());
          cur.setLength(0);
        }
        if (i + 1 >= n || (s.charAt(i + 1) != '"' && s.charAt(i + 1) != '\'')) {
          throw bad(text, "expected a quoted key after '['");
        }
        char quote = s.charAt(i + 1);
        int end = s.indexOf(quote, i + 2);
        if (end < 0 || end + 1 >= n || s.charAt(end + 1) != ']') {
          throw bad(text, "unterminated [\"...\"] key");
        }
        parts.add(s.substring(i + 2, end));
        i = end + 2;
      } else {
        cur.append(c);
        i++;
      }
    }
    if (cur.length() > 0) {
      parts.add(cur.toString());
    }
    if (parts.isEmpty()) {
      throw bad(text, "empty field");
    }
    String first = parts.get(0);
    Root root = switch (first) {
      case "body", "$body" -> Root.BODY;
      case "attributes", "$attributes" -> Root.ATTRIBUTES;
      case "resource", "$resource" -> Root.RESOURCE;
      default -> throw bad(text, "unrecognized prefix '" + first + "' (expected: body, attributes or resource)");
    };
    String[] keys = parts.subList(1, parts.size()).toArray(new String[0]);
    return new Field(root, keys, render(root, keys));
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("invalid field '" + text + "': " + why);
  }

  private static String render(Root root, String[] keys) {
    StringBuilder sb = new StringBuilder(switch (root) {
      case BODY -> "body";
      case ATTRIBUTES -> "attributes";
      case RESOURCE -> "resource";
    });
    for (String k : keys) {
      if (k.indexOf('.') >= 0 || k.indexOf('[') >= 0 || k.indexOf(']') >= 0) {
        sb.append("[\"").append(k).append("\"]");
      } else {
        sb.append('.').append(k);
      }
    }
    return sb.toString();
  }

  public Root root() {
    return root;
  }

  /** Whether the field is a whole part of the entry ({@code body}, {@code attributes}, {@code resource}). */
  public boolean isRoot() {
    return keys.length == 0;
  }

  /** The last key; null for a root. */
  public String lastKey() {
    return keys.length == 0 ? null : keys[keys.length - 1];
  }

  /** The field one level up; the root itself for a root. */
  public Field parent() {
    if (keys.length == 0) {
      return this;
    }
    String[] up = java.util.Arrays.copyOf(keys, keys.length - 1);
    return new Field(root, up, render(root, up));
  }

  /** A field one level down. */
  public Field child(String key) {
    String[] down = java.util.Arrays.copyOf(keys, keys.length + 1);
    down[keys.length] = key;
    return new Field(root, down, render(root, down));
  }

  /** Whether {@code other} is this field or lies inside it. */
  public boolean contains(Field other) {
    if (other.root != root || other.keys.length < keys.length) {
      return false;
    }
    for (int i = 0; i < keys.length; i++) {
      if (!keys[i].equals(other.keys[i])) {
        return false;
      }
    }
    return true;
  }

  /** The value, or null when absent (see {@link #has}). */
  public Object get(Entry e) {
    Object cur = rootValue(e);
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }

  /** Whether the entry holds a value (possibly null) at this field. */
  public boolean has(Entry e) {
    if (keys.length == 0) {
      return root != Root.BODY || e.body != null;
    }
    Object cur = rootValue(e);
    for (int i = 0; i < keys.length; i++) {
      if (!(cur instanceof Map<?, ?> m) || !m.containsKey(keys[i])) {
        return false;
      }
      cur = m.get(keys[i]);
    }
    return true;
  }

  private Object rootValue(Entry e) {
    return switch (root) {
      case BODY -> e.body;
      case ATTRIBUTES -> e.attributes;
      case RESOURCE -> e.resource;
    };
  }

  /**
   * Sets the value. A map set into attributes or resource is merged into the map there; the body
   * is replaced. Intermediate values that are not maps are replaced by maps.
   *
   * @throws IllegalArgumentException when a non-map value is set as attributes or resource
   */
  @SuppressWarnings("unchecked")
  public void set(Entry e, Object value) {
    if (root == Root.BODY) {
      if (keys.length == 0) {
        e.body = value;
        return;
      }
      if (!(e.body instanceof Map)) {
        e.body = new LinkedHashMap<String, Object>();
      }
      Map<String, Object> m = descend((Map<String, Object>) e.body, keys.length - 1);
      m.put(keys[keys.length - 1], value);
      return;
    }
    Map<String, Object> top = root == Root.ATTRIBUTES ? e.attributes : e.resource;
    if (value instanceof Map<?, ?> vm) {
      Map<String, Object> target = descend(top, keys.length);
      for (Map.Entry<?, ?> me : vm.entrySet()) {
        target.put(String.valueOf(me.getKey()), me.getValue());
      }
      return;
    }
    if (keys.length == 0) {
      throw new IllegalArgumentException("cannot set " + text + " root to a value that is not a map");
    }
    descend(top, keys.length - 1).put(keys[keys.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> descend(Map<String, Object> m, int depth) {
    for (int i = 0; i < depth; i++) {
      Object next = m.get(keys[i]);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        m.put(keys[i], next);
      }
      m = (Map<String, Object>) next;
    }
    return m;
  }

  /** Removes the value and returns it; {@link #MISSING} when there was none. */
  public Object delete(Entry e) {
    if (keys.length == 0) {
      switch (root) {
        case BODY -> {
          Object b = e.body;
          e.body = null;
          return b == null ? MISSING : b;
        }
        case ATTRIBUTES -> {
          return drain(e.attributes);
        }
        default -> {
          return drain(e.resource);
        }
      }
    }
    Object cur = rootValue(e);
    for (int i = 0; i < keys.length - 1; i++) {
      if (!(cur instanceof Map<?, ?> m)) {
        return MISSING;
      }
      cur = m.get(keys[i]);
    }
    if (!(cur instanceof Map<?, ?> m) || !m.containsKey(keys[keys.length - 1])) {
      return MISSING;
    }
    return m.remove(keys[keys.length - 1]);
  }

  private static Object drain(Map<String, Object> m) {
    if (m.isEmpty()) {
      return MISSING;
    }
    Map<String, Object> copy = new LinkedHashMap<>(m);
    m.clear();
    return copy;
  }

  /** What {@link #delete} returns when nothing was there. */
  public static final Object MISSING = new Object() {
    @Override
    public String toString() {
      return "<missing>";
    }
  };

  @Override
  public boolean equals(Object o) {
    return o instanceof Field f && f.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
