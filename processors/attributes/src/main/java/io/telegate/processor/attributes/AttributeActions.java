package io.telegate.processor.attributes;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.telegate.core.data.ClientContext;
import io.telegate.core.regex.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled list of attribute actions, run in config order on one item's attributes, with the
 * semantics of the Collector's {@code attraction} package.
 */
final class AttributeActions {

  /** The action names, in the order the docs list them. */
  static final List<String> ACTIONS = List.of("insert", "update", "upsert", "delete", "hash", "extract", "convert");

  static final List<String> CONVERTED_TYPES = List.of("int", "double", "string");

  private enum Kind {
    INSERT,
    UPDATE,
    UPSERT,
    DELETE,
    HASH,
    EXTRACT,
    CONVERT
  }

  /** One compiled action; fields not used by its kind are null. */
  private record Action(
      Kind kind,
      String key,
      AnyValue value,
      String fromAttribute,
      String fromContext,
      AnyValue defaultValue,
      Pattern pattern,
      List<String> groupNames,
      String convertedType) {}

  private final List<Action> actions;

  private AttributeActions(List<Action> actions) {
    this.actions = actions;
  }

  /** The actions of a config that {@code validate()} accepted; the component trusts it, as every component does. */
  static AttributeActions of(List<ActionConfig> configs) {
    return compile(configs, "", new ArrayList<>());
  }

  /**
   * Compiles actions, adding each problem as {@code path[i]::key: message} to {@code errors}.
   *
   * @return the actions, or null if any is invalid
   */
  static AttributeActions compile(List<ActionConfig> configs, String path, List<String> errors) {
    List<Action> out = new ArrayList<>();
    int before = errors.size();
    for (int i = 0; i < configs.size(); i++) {
      Action a = compileOne(configs.get(i), path + "[" + i + "]", errors);
      if (a != null) {
        out.add(a);
      }
    }
    return errors.size() == before ? new AttributeActions(List.copyOf(out)) : null;
  }

  private static boolean set(String s) {
    return s != null && !s.isEmpty();
  }

  private static Action compileOne(ActionConfig c, String path, List<String> errors) {
    if (c == null) {
      errors.add(path + ": must not be empty");
      return null;
    }
    if (!set(c.action())) {
      errors.add(path + "::action: must be set (expected one of: " + String.join(", ", ACTIONS) + ")");
      return null;
    }
    String name = c.action().strip().toLowerCase(Locale.ROOT);
    if (!ACTIONS.contains(name)) {
      errors.add(path + "::action: unknown action '" + c.action() + "' (expected one of: " + String.join(", ", ACTIONS)
          + ")");
      return null;
    }
    Kind kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
    int before = errors.size();
    boolean hasPattern = set(c.pattern());
    int sources = (c.value() != null ? 1 : 0) + (set(c.fromAttribute()) ? 1 : 0) + (set(c.fromContext()) ? 1 : 0);
    switch (kind) {
      case DELETE, HASH -> {
        if (!set(c.key()) && !hasPattern) {
          errors.add(path + "::key: at least one of key and pattern must be set for action " + name);
        }
      }
      default -> {
        if (!set(c.key())) {
          errors.add(path + "::key: must be set for action " + name);
        }
      }
    }
    AnyValue value = null;
    AnyValue defaultValue = null;
    Pattern pattern = null;
    List<String> groupNames = null;
    String convertedType = null;
    switch (kind) {
      case INSERT, UPDATE, UPSERT -> {
        if (sources == 0 && c.defaultValue() == null) {
          errors.add(path + ": one of value, from_attribute, from_context or default_value must be set for action "
              + name);
        } else if (sources > 1) {
          errors.add(path + ": only one of value, from_attribute and from_context may be set");
        }
        notUsed(c.pattern(), "pattern", name, path, errors);
        notUsed(c.convertedType(), "converted_type", name, path, errors);
        value = yamlValue(c.value(), path + "::value", errors);
        defaultValue = yamlValue(c.defaultValue(), path + "::default_value", errors);
      }
      case DELETE, HASH -> {
        notUsedSources(c, name, path, errors);
        notUsed(c.convertedType(), "converted_type", name, path, errors);
        if (hasPattern) {
          GoRegex compiled = regex(c.pattern(), path + "::pattern", errors);
          pattern = compiled == null ? null : compiled.pattern();
        }
      }
      case EXTRACT -> {
        notUsedSources(c, name, path, errors);
        notUsed(c.convertedType(), "converted_type", name, path, errors);
        if (!hasPattern) {
          errors.add(path + "::pattern: must be set for action extract");
        } else {
          GoRegex compiled = regex(c.pattern(), path + "::pattern", errors);
          if (compiled != null) {
            if (compiled.groupNames().isEmpty()) {
              errors.add(path + "::pattern: '" + c.pattern() + "' has no named capture groups "
                  + "(expected: groups such as (?P<name>...) whose names become attribute keys)");
            } else if (compiled.unnamedGroups() > 0) {
              errors.add(path + "::pattern: '" + c.pattern() + "' has an unnamed capture group "
                  + "(expected: every group named, such as (?P<name>...), or non-capturing (?:...))");
            }
            pattern = compiled.pattern();
            groupNames = compiled.groupNames();
          }
        }
      }
      case CONVERT -> {
        notUsedSources(c, name, path, errors);
        notUsed(c.pattern(), "pattern", name, path, errors);
        if (!set(c.convertedType())) {
          errors.add(path + "::converted_type: must be set for action convert (expected one of: "
              + String.join(", ", CONVERTED_TYPES) + ")");
        } else if (!CONVERTED_TYPES.contains(c.convertedType())) {
          errors.add(path + "::converted_type: invalid value '" + c.convertedType() + "' (expected one of: "
              + String.join(", ", CONVERTED_TYPES) + ")");
        } else {
          convertedType = c.convertedType();
        }
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new Action(kind, c.key(), value, set(c.fromAttribute()) ? c.fromAttribute() : null,
        set(c.fromContext()) ? c.fromContext() : null, defaultValue, pattern, groupNames, convertedType);
  }

  private static void notUsed(String v, String key, String action, String path, List<String> errors) {
    if (set(v)) {
      errors.add(path + "::" + key + ": not used by action " + action + "; remove it");
    }
  }

  private static void notUsedSources(ActionConfig c, String action, String path, List<String> errors) {
    if (c.value() != null) {
      errors.add(path + "::value: not used by action " + action + "; remove it");
    }
    notUsed(c.fromAttribute(), "from_attribute", action, path, errors);
    notUsed(c.fromContext(), "from_context", action, path, errors);
    if (c.defaultValue() != null) {
      errors.add(path + "::default_value: not used by action " + action + "; remove it");
    }
  }

  private static AnyValue yamlValue(Object raw, String path, List<String> errors) {
    if (raw == null) {
      return null;
    }
    try {
      return AttributeValues.fromYaml(raw);
    } catch (IllegalArgumentException e) {
      errors.add(path + ": " + e.getMessage());
      return null;
    }
  }

  static GoRegex regex(String regex, String path, List<String> errors) {
    try {
      return GoRegex.compile(regex);
    } catch (IllegalArgumentException e) {
      errors.add(path + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * The key-value pairs when every action inserts a constant string (the common "tag everything"
   * config), which can be spliced into encoded spans without parsing; otherwise null.
   */
  List<String[]> constantStringInserts() {
    List<String[]> out = new ArrayList<>();
    for (Action a : actions) {
      if (a.kind() != Kind.INSERT || a.value() == null
          || a.value().getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
        return null;
      }
      out.add(new String[] {a.key(), a.value().getStringValue()});
    }
    return out.isEmpty() ? null : out;
  }

  /** Runs every action in order on {@code attrs}. */
  void apply(AttributeMap attrs, ClientContext client) {
    for (Action a : actions) {
      switch (a.kind()) {
        case INSERT -> {
          AnyValue v = source(a, attrs, client);
          if (v != null && !attrs.contains(a.key())) {
            attrs.put(a.key(), v);
          }
        }
        case UPDATE -> {
          AnyValue v = source(a, attrs, client);
          if (v != null && attrs.contains(a.key())) {
            attrs.put(a.key(), v);
          }
        }
        case UPSERT -> {
          AnyValue v = source(a, attrs, client);
          if (v != null) {
            attrs.put(a.key(), v);
          }
        }
        case DELETE -> {
          if (a.key() != null && !a.key().isEmpty()) {
            attrs.remove(a.key());
          }
          if (a.pattern() != null) {
            for (String k : attrs.keys()) {
              if (a.pattern().matcher(k).find()) {
                attrs.remove(k);
              }
            }
          }
        }
        case HASH -> {
          if (a.key() != null && !a.key().isEmpty()) {
            hash(attrs, a.key());
          }
          if (a.pattern() != null) {
            for (String k : attrs.keys()) {
              if (a.pattern().matcher(k).find()) {
                hash(attrs, k);
              }
            }
          }
        }
        case EXTRACT -> extract(a, attrs);
        case CONVERT -> {
          AnyValue v = attrs.get(a.key());
          if (v != null) {
            AnyValue converted = AttributeValues.convert(v, a.convertedType());
            if (converted != null) {
              attrs.put(a.key(), converted);
            }
          }
        }
      }
    }
  }

  private static void hash(AttributeMap attrs, String key) {
    AnyValue v = attrs.get(key);
    if (v != null) {
      attrs.put(key, AttributeValues.string(AttributeValues.sha256Hex(v)));
    }
  }

  private static void extract(Action a, AttributeMap attrs) {
    AnyValue v = attrs.get(a.key());
    if (v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
      return;
    }
    Matcher m = a.pattern().matcher(v.getStringValue());
    if (!m.find()) {
      return;
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      String s = m.group(g);
      attrs.put(a.groupNames().get(g - 1), AttributeValues.string(s == null ? "" : s));
    }
  }

  /** The value an insert, update or upsert sets, or null when there is none. */
  private static AnyValue source(Action a, AttributeMap attrs, ClientContext client) {
    AnyValue v = a.value();
    if (v == null && a.fromAttribute() != null) {
      v = attrs.get(a.fromAttribute());
    } else if (v == null && a.fromContext() != null) {
      v = fromContext(a.fromContext(), client);
    }
    return v != null ? v : a.defaultValue();
  }

  /** The IP of a {@code host:port} or {@code [v6]:port} peer address, as the Collector's client.address. */
  static String hostOf(String address) {
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      return end < 0 ? address : address.substring(1, end);
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 || address.indexOf(':') != colon ? address : address.substring(0, colon);
  }

  /**
   * A value from the client: {@code client.address}, {@code metadata.<key>} (several values joined
   * with {@code ;}), {@code auth.<key>} (what the receiver's authenticator learnt: {@code
   * auth.subject}, {@code auth.membership}, ...); any other key is read from the metadata, as the
   * Collector does for compatibility.
   */
  private static AnyValue fromContext(String key, ClientContext client) {
    if (client == null) {
      return null;
    }
    if (key.equals("client.address")) {
      String host = hostOf(client.address());
      return host.isEmpty() ? null : AttributeValues.string(host);
    }
    if (key.startsWith("auth.")) {
      String v = client.auth().get(key.substring("auth.".length()));
      return v == null ? null : AttributeValues.string(v);
    }
    List<String> values = client.get(key.startsWith("metadata.") ? key.substring("metadata.".length()) : key);
    return values.isEmpty() ? null : AttributeValues.string(String.join(";", values));
  }
}
