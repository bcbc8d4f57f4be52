package io.telegate.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads config files into one YAML tree: parses each file, expands {@code ${env:VAR}}, {@code
 * ${env:VAR:-default}}, {@code ${VAR}} and {@code $$} in values, and merges the files in order
 * (maps merge key by key, anything else, lists included, is replaced by the later file). Not
 * thread-safe: {@link #warnings()} gathers what every load of this instance found.
 */
public final class ConfigSource {

  private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> env;
  /** Unset variables without a default, each with the keys it fed, in the order met. */
  private final Map<String, Set<String>> unset = new LinkedHashMap<>();

  public ConfigSource(Function<String, String> env) {
    this.env = env;
  }

  /**
   * Loads and merges {@code files}; problems (missing or empty file, YAML syntax with line and
   * column, a key given twice, bad {@code ${...}}) are added to {@code errors} with the file name
   * and path.
   */
  public Map<String, Object> load(List<Path> files, ConfigErrors errors) {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        errors.add(file.toString(), "no such file");
        continue;
      } catch (MalformedInputException e) {
        errors.add(file.toString(), "cannot read: not UTF-8 text");
        continue;
      } catch (IOException e) {
        errors.add(file.toString(), "cannot read: " + e.getMessage());
        continue;
      }
      Map<String, Object> tree = YamlTreeReader.read(text, file.toString(), errors);
      if (tree != null) {
        merge(merged, expand(tree, "", errors));
      }
    }
    return merged;
  }

  /** Parses YAML text (one document) and expands it; for tests and {@code --config yaml:...}. */
  public Map<String, Object> loadString(String yaml, ConfigErrors errors) {
    Map<String, Object> tree = YamlTreeReader.read(yaml, "", errors);
    if (tree == null) {
      return new LinkedHashMap<>();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) expand(tree, "", errors);
    return m;
  }

  /**
   * What the loads so far found worth saying without refusing the config: one line per
   * environment variable that is not set and has no default, naming the keys it fed (they hold
   * an empty string, as in the Collector).
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    unset.forEach((name, keys) -> out.add("environment variable " + name + " is not set and ${env:" + name
        + "} has no default, so " + String.join(", ", keys) + (keys.size() == 1 ? " is" : " are")
        + " an empty string (give a default with ${env:" + name + ":-value})"));
    return out;
  }

  /** Merges {@code overlay} into {@code base}: maps recursively, everything else replaced. */
  @SuppressWarnings("unchecked")
  public static void merge(Map<String, Object> base, Object overlay) {
    if (!(overlay instanceof Map<?, ?> over)) {
      return;
    }
    for (Map.Entry<?, ?> e : over.entrySet()) {
      String key = String.valueOf(e.getKey());
      Object existing = base.get(key);
      if (existing instanceof Map && e.getValue() instanceof Map) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
        merge(copy, e.getValue());
        base.put(key, copy);
      } else {
        base.put(key, e.getValue());
      }
    }
  }

  private Object expand(Object node, String path, ConfigErrors errors) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        out.put(key, expand(e.getValue(), ConfigErrors.join(path, key), errors));
      }
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(expand(l.get(i), path + "[" + i + "]", errors));
      }
      return out;
    }
    if (node instanceof String s && s.indexOf('$') >= 0) {
      return expandString(s, path, errors);
    }
    return node;
  }

  /**
   * Expands references in one string value. A value that is exactly one reference takes the type
   * its expansion has in YAML ({@code ${env:PORT}} with PORT=4317 is the integer 4317), as in the
   * Collector.
   */
  Object expandString(String s, String path, ConfigErrors errors) {
    StringBuilder out = new StringBuilder(s.length());
    int refs = 0;
    boolean onlyRef = true;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$') {
        out.append(c);
        onlyRef = false;
        i++;
        continue;
      }
      if (i + 1 < s.length() && s.charAt(i + 1) == '$') {
        out.append('$');
        onlyRef = false;
        i += 2;
        continue;
      }
      if (i + 1 >= s.length() || s.charAt(i + 1) != '{') {
        // A lone '$' (or $VAR without braces) stays as written, like the Collector does now.
        out.append(c);
        onlyRef = false;
        i++;
        continue;
      }
      int close = s.indexOf('}', i + 2);
      if (close < 0) {
        errors.add(path, "unclosed '${' in '" + s + "' (expected: ${env:NAME} or ${env:NAME:-default})");
        return s;
      }
      String ref = s.substring(i + 2, close);
      String value = resolve(ref, path, errors);
      if (value == null) {
        return s;
      }
      out.append(value);
      refs++;
      i = close + 1;
    }
    String result = out.toString();
    if (refs == 1 && onlyRef) {
      try {
        Object typed = YAML.readValue(result.isEmpty() ? "\"\"" : result, Object.class);
        if (typed == null || typed instanceof Map || typed instanceof List) {
          return result;
        }
        return typed;
      } catch (IOException e) {
        return result;
      }
    }
    return result;
  }

  private String resolve(String ref, String path, ConfigErrors errors) {
    String body = ref;
    int colon = ref.indexOf(':');
    if (colon >= 0 && !ref.startsWith(":")) {
      String scheme = ref.substring(0, colon);
      if (scheme.equals("env")) {
        body = ref.substring(colon + 1);
      } else if (ENV_NAME.matcher(scheme).matches() && !ref.startsWith(scheme + ":-")) {
        errors.add(path, "unsupported config provider '" + scheme + ":' in '${" + ref
            + "}' (Telegate expands env: only)");
        return null;
      }
    }
    String name = body;
    String fallback = null;
    int dflt = body.indexOf(":-");
    if (dflt >= 0) {
      name = body.substring(0, dflt);
      fallback = body.substring(dflt + 2);
    }
    if (!ENV_NAME.matcher(name).matches()) {
      errors.add(path, "invalid environment variable name '" + name + "' in '${" + ref
          + "}' (expected: letters, digits and '_', not starting with a digit)");
      return null;
    }
    String value = env.apply(name);
    if (value == null && fallback == null) {
      unset.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(path.isEmpty() ? "(top level)" : path);
      return "";
    }
    if (value == null || (value.isEmpty() && fallback != null)) {
      return fallback == null ? "" : fallback;
    }
    return value;
  }

  /** Writes a tree as YAML. */
  public static String toYaml(Object tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
