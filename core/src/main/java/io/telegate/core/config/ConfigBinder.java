package io.telegate.core.config;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ConfigKey;
import io.telegate.core.component.OnWhenKeyGiven;
import io.telegate.core.component.UnsupportedKeys;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a YAML tree (maps, lists, scalars) onto immutable config records, over a default record.
 *
 * <p>Keys are the snake_case of record component names, or {@link ConfigKey}. A key the user
 * leaves out keeps the default's value; an explicit {@code null} does too. Unknown keys, wrong
 * types and bad durations are errors, and binding goes on after one so that every error is
 * reported with its path.
 *
 * <p>Supported types: String, boolean, int, long, double (and boxes), {@link Duration}, enums
 * (by lower-case name), {@link ComponentId}, {@code List}, {@code Set}, {@code Map<String, T>},
 * nested records, and {@code Object} (the raw YAML value).
 */
public final class ConfigBinder {

  private ConfigBinder() {}

  /**
   * Binds {@code raw} over {@code defaults}.
   *
   * @param raw the YAML value: a map, or null for "all defaults"
   * @param path the path of {@code raw}, prefixed to errors
   * @return the bound record; when errors were added, a best-effort record
   */
  public static <R extends Record> R bind(Object raw, R defaults, String path, ConfigErrors errors) {
    @SuppressWarnings("unchecked")
    Class<R> type = (Class<R>) defaults.getClass();
    return bindRecord(raw, type, defaults, path, errors);
  }

  /** The YAML key of a record component. */
  public static String keyOf(RecordComponent rc) {
    ConfigKey k = rc.getAnnotation(ConfigKey.class);
    return k != null ? k.value() : snakeCase(rc.getName());
  }

  /** {@code sendBatchSize} becomes {@code send_batch_size}. */
  public static String snakeCase(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The keys a record type accepts, in declaration order. */
  public static List<String> keys(Class<? extends Record> type) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent rc : type.getRecordComponents()) {
      keys.add(keyOf(rc));
    }
    return keys;
  }

  private static <R> R bindRecord(Object raw, Class<R> type, R defaults, String path, ConfigErrors errors) {
    if (raw == null) {
      if (defaults == null) {
        errors.add(path, "must be set");
      }
      return defaults;
    }
    if (!(raw instanceof Map<?, ?> map)) {
      errors.add(path, "expected a map of keys, got " + describe(raw));
      return defaults;
    }
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new LinkedHashMap<>();
    for (RecordComponent rc : components) {
      byKey.put(keyOf(rc), rc);
    }
    UnsupportedKeys unsupported = type.getAnnotation(UnsupportedKeys.class);
    Set<String> unsupportedKeys =
        unsupported == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(unsupported.value()));
    for (Object key : map.keySet()) {
      String k = String.valueOf(key);
      if (!byKey.containsKey(k)) {
        if (unsupportedKeys.contains(k)) {
          errors.add(ConfigErrors.join(path, k), "not supported by Telegate yet");
        } else {
          errors.add(ConfigErrors.join(path, k),
              "unknown key (valid keys: " + String.join(", ", new TreeSet<>(byKey.keySet())) + ")");
        }
      }
    }
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      types[i] = rc.getType();
      Object def = defaults == null ? null : accessor(rc, defaults);
      String key = keyOf(rc);
      Object value = map.get(key);
      if (value == null) {
        args[i] = def;
        if (def == null && map.containsKey(key) && rc.isAnnotationPresent(OnWhenKeyGiven.class)) {
          args[i] = defaultFor(rc.getType());
        }
        if (def == null && rc.getType().isPrimitive()) {
          args[i] = primitiveZero(rc.getType());
        }
      } else {
        args[i] = bindValue(value, rc.getGenericType(), def, ConfigErrors.join(path, key), errors);
        if (args[i] == null && rc.getType().isPrimitive()) {
          args[i] = def != null ? def : primitiveZero(rc.getType());
        }
      }
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      errors.add(path, String.valueOf(e.getCause().getMessage()));
      return defaults;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /** The value of {@code rc} in {@code record}, also for records that are not public. */
  static Object accessor(RecordComponent rc, Object record) {
    try {
      var m = rc.getAccessor();
      m.setAccessible(true);
      return m.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object primitiveZero(Class<?> t) {
    if (t == boolean.class) {
      return false;
    }
    if (t == int.class) {
      return 0;
    }
    if (t == long.class) {
      return 0L;
    }
    if (t == double.class) {
      return 0.0;
    }
    throw new IllegalStateException("unsupported primitive " + t);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object bindValue(Object raw, Type type, Object def, String path, ConfigErrors errors) {
    Class<?> cls = rawClass(type);
    if (cls == Object.class) {
      return raw;
    }
    if (cls == String.class) {
      if (raw instanceof Map || raw instanceof List) {
        errors.add(path, "expected a string, got " + describe(raw));
        return def;
      }
      return String.valueOf(raw);
    }
    if (cls == boolean.class || cls == Boolean.class) {
      if (raw instanceof Boolean b) {
        return b;
      }
      if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(s);
      }
      errors.add(path, "expected true or false, got " + describe(raw));
      return def;
    }
    if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
      Long v = toLong(raw);
      if (v == null) {
        errors.add(path, "expected an integer, got " + describe(raw));
        return def;
      }
      if (cls == int.class || cls == Integer.class) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          errors.add(path, "integer " + v + " out of range");
          return def;
        }
        return v.intValue();
      }
      return v;
    }
    if (cls == double.class || cls == Double.class) {
      if (raw instanceof Number n) {
        return n.doubleValue();
      }
      if (raw instanceof String s) {
        try {
          return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      errors.add(path, "expected a number, got " + describe(raw));
      return def;
    }
    if (cls == Duration.class) {
      if (raw instanceof Number n && n.longValue() == 0 && n.doubleValue() == 0) {
        return Duration.ZERO;
      }
      if (raw instanceof String s) {
        try {
          return Durations.parse(s);
        } catch (IllegalArgumentException e) {
          errors.add(path, e.getMessage());
          return def;
        }
      }
      errors.add(path, "invalid duration " + describe(raw) + " (expected: a number with a unit, such as 200ms, 10s)");
      return def;
    }
    if (cls == ComponentId.class) {
      try {
        return ComponentId.parse(String.valueOf(raw));
      } catch (IllegalArgumentException e) {
        errors.add(path, e.getMessage());
        return def;
      }
    }
    if (cls.isEnum()) {
      String s = String.valueOf(raw).strip().toLowerCase(Locale.ROOT);
      List<String> names = new ArrayList<>();
      for (Object c : cls.getEnumConstants()) {
        String name = ((Enum<?>) c).name().toLowerCase(Locale.ROOT);
        if (name.equals(s)) {
          return c;
        }
        names.add(name);
      }
      errors.add(path, "invalid value '" + raw + "' (expected one of: " + String.join(", ", names) + ")");
      return def;
    }
    if (List.class.isAssignableFrom(cls) || Set.class.isAssignableFrom(cls)) {
      Type elem = typeArg(type, 0);
      List<Object> items;
      if (raw instanceof List<?> l) {
        items = (List<Object>) l;
      } else if (raw instanceof String s && elem == String.class) {
        // The Collector accepts a comma-separated string for some lists; a single value is a list of one.
        items = List.of(s);
      } else {
        errors.add(path, "expected a list, got " + describe(raw));
        return def;
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        Object bound = item == null ? null : bindValue(item, elem, defaultFor(elem), path + "[" + i + "]", errors);
        if (bound != null) {
          out.add(bound);
        } else if (item == null) {
          errors.add(path + "[" + i + "]", "must not be empty");
        }
      }
      return Set.class.isAssignableFrom(cls) ? Set.copyOf(out) : List.copyOf(out);
    }
    if (Map.class.isAssignableFrom(cls)) {
      if (raw instanceof List<?> l && isListOfSingleEntryMaps(l)) {
        // Collector configs in the wild write headers as a list of one-entry maps; same meaning.
        Map<Object, Object> merged = new LinkedHashMap<>();
        l.forEach(e -> merged.putAll((Map<?, ?>) e));
        raw = merged;
      }
      if (!(raw instanceof Map<?, ?> m)) {
        errors.add(path, "expected a map, got " + describe(raw));
        return def;
      }
      Type valueType = typeArg(type, 1);
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        Object v = e.getValue();
        Object bound = v == null ? defaultFor(valueType)
            : bindValue(v, valueType, defaultFor(valueType), ConfigErrors.join(path, k), errors);
        if (bound == null && rawClass(valueType) == String.class) {
          bound = "";
        }
        if (bound != null) {
          out.put(k, bound);
        }
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    if (cls.isRecord()) {
      Object d = def != null ? def : defaultFor(type);
      return bindRecord(raw, (Class) cls, d, path, errors);
    }
    throw new IllegalStateException("config type not supported by the binder: " + type);
  }

  private static boolean isListOfSingleEntryMaps(List<?> l) {
    for (Object e : l) {
      if (!(e instanceof Map<?, ?> m) || m.size() != 1) {
        return false;
      }
    }
    return true;
  }

  /** The default instance of a nested record type: its {@code DEFAULT} constant, or null. */
  private static Object defaultFor(Type type) {
    Class<?> cls = rawClass(type);
    if (!cls.isRecord()) {
      return null;
    }
    try {
      var f = cls.getDeclaredField("DEFAULT");
      f.setAccessible(true);
      return f.get(null);
    } catch (NoSuchFieldException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof java.math.BigInteger b) {
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
      return d.longValue();
    }
    if (raw instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof java.lang.reflect.WildcardType w) {
      return rawClass(w.getUpperBounds()[0]);
    }
    throw new IllegalStateException("unsupported type " + type);
  }

  private static Type typeArg(Type type, int i) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[i];
    }
    return Object.class;
  }

  static String describe(Object raw) {
    if (raw instanceof Map) {
      return "a map";
    }
    if (raw instanceof List) {
      return "a list";
    }
    return "'" + raw + "'";
  }

  /**
   * Turns a record back into a YAML tree with the keys the binder reads; used by {@code
   * print-config} and to document defaults.
   */
  public static Object unbind(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Record r) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        Object v = accessor(rc, r);
        // Unset (null) keys are left out: written back, the tree binds to the same record.
        if (v != null) {
          out.put(keyOf(rc), unbind(v));
        }
      }
      return out;
    }
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof ComponentId id) {
      return id.toString();
    }
    if (value instanceof java.util.Collection<?> c) {
      List<Object> out = new ArrayList<>();
      for (Object o : c) {
        out.add(unbind(o));
      }
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), unbind(e.getValue()));
      }
      return out;
    }
    return value;
  }
}
