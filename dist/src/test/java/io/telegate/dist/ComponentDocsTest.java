package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.DocumentedKeys;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigSource;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/components/ has one page per built-in component whose key table is exactly the keys its
 * config record binds, with their defaults: no key documented that the code lacks, none the code
 * has left out. Pages are generated from the records; run with {@code -Dtelegate.docs.write=true}
 * to rewrite them after a config change.
 */
class ComponentDocsTest {

  static final Path DOCS = Path.of("..", "docs", "components");
  private static final Pattern KEY_ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

  /** The module README that explains each type's keys, relative to the repository root. */
  private static final Map<String, String> README = Map.ofEntries(
      Map.entry("receiver-otlp", "receivers/otlp/README.md"),
      Map.entry("receiver-jmx", "receivers/jmx/README.md"),
      Map.entry("receiver-prometheus", "receivers/prometheus/README.md"),
      Map.entry("receiver-filelog", "receivers/filelog/README.md"),
      Map.entry("receiver-otlpjsonfile", "receivers/otlpjsonfile/README.md"),
      Map.entry("processor-batch", "processors/batch/README.md"),
      Map.entry("processor-attributes", "processors/attributes/README.md"),
      Map.entry("processor-resource", "processors/attributes/README.md"),
      Map.entry("processor-memory_limiter", "processors/memorylimiter/README.md"),
      Map.entry("exporter-otlp", "exporters/otlp/README.md"),
      Map.entry("exporter-otlphttp", "exporters/otlp/README.md"),
      Map.entry("exporter-prometheusremotewrite", "exporters/prometheusremotewrite/README.md"),
      Map.entry("exporter-prometheus", "exporters/prometheus/README.md"),
      Map.entry("exporter-loki", "exporters/loki/README.md"),
      Map.entry("exporter-debug", "README.md"),
      Map.entry("exporter-file", "exporters/file/README.md"),
      Map.entry("extension-health_check", "README.md"),
      Map.entry("extension-zpages", "docs/compatibility.md"),
      Map.entry("extension-pprof", "docs/compatibility.md"),
      Map.entry("extension-file_storage", "docs/compatibility.md"),
      Map.entry("extension-bearertokenauth", "extensions/auth/README.md"),
      Map.entry("extension-basicauth", "extensions/auth/README.md"),
      Map.entry("extension-headers_setter", "extensions/auth/README.md"),
      Map.entry("extension-oauth2client", "extensions/auth/README.md"),
      Map.entry("extension-oidc", "extensions/auth/README.md"));

  @Test
  void everyComponentHasAPageListingExactlyTheKeysItsConfigBinds() throws IOException {
    boolean write = Boolean.getBoolean("telegate.docs.write");
    List<String> stale = new ArrayList<>();
    List<String> expectedPages = new ArrayList<>();
    for (ComponentFactory<?> f : BuiltinComponents.all().all()) {
      String name = f.kind().label() + "-" + f.type();
      expectedPages.add(name + ".md");
      Path page = DOCS.resolve(name + ".md");
      String generated = page(name, f);
      if (write) {
        Files.createDirectories(DOCS);
        Files.writeString(page, generated);
        continue;
      }
      if (!Files.exists(page)) {
        stale.add(page + " is missing");
        continue;
      }
      Map<String, String> code = keys(f);
      List<String> documented = new ArrayList<>();
      Matcher m = KEY_ROW.matcher(Files.readString(page));
      while (m.find()) {
        documented.add(m.group(1));
      }
      for (String key : documented) {
        if (!code.containsKey(key)) {
          stale.add(name + ": documents `" + key + "`, which the config does not have");
        }
      }
      for (String key : code.keySet()) {
        if (!documented.contains(key)) {
          stale.add(name + ": does not document `" + key + "`");
        }
      }
      if (stale.isEmpty() && !Files.readString(page).equals(generated)) {
        stale.add(name + ": defaults or example differ from the code");
      }
    }
    try (Stream<Path> s = Files.list(DOCS)) {
      s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md") && !expectedPages.contains(n))
          .forEach(n -> stale.add(n + " documents no built-in component"));
    }
    assertTrue(stale.isEmpty(), "docs/components is out of date (regenerate with mvn -pl dist test "
        + "-Dtest=ComponentDocsTest -Dtelegate.docs.write=true):\n  " + String.join("\n  ", stale));
    assertEquals(BuiltinComponents.all().all().size(), expectedPages.size());
  }

  private static String page(String name, ComponentFactory<?> f) {
    StringBuilder sb = new StringBuilder();
    sb.append("# `").append(f.type()).append("` ").append(f.kind().label()).append("\n\n");
    sb.append("<!-- Generated from the config record by ComponentDocsTest; do not edit by hand. -->\n\n");
    List<String> signals = new ArrayList<>();
    for (Signal s : Signal.values()) {
      if (f.signals().contains(s)) {
        signals.add(s.id());
      }
    }
    sb.append("| | |\n|---|---|\n");
    sb.append("| kind | ").append(f.kind().label()).append(" |\n");
    if (!signals.isEmpty()) {
      sb.append("| signals | ").append(String.join(", ", signals)).append(" |\n");
    }
    if (!f.aliases().isEmpty()) {
      sb.append("| also accepted as | ").append(String.join(", ", f.aliases().stream().sorted().toList())).append(" |\n");
    }
    sb.append("| config | `").append(f.configType().getName()).append("` |\n");
    String readme = README.get(name);
    if (readme != null) {
      sb.append("| what each key means | [").append(readme).append("](../../").append(readme).append(") |\n");
    }
    sb.append("\n## Keys and defaults\n\n");
    sb.append("Keys are paths in the component's YAML block; `[]` marks the items of a list. An empty default means unset.\n\n");
    sb.append("| key | default |\n|---|---|\n");
    for (Map.Entry<String, String> e : keys(f).entrySet()) {
      sb.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n");
    }
    sb.append("\n## Example: the defaults written out\n\n```yaml\n");
    Map<String, Object> example = new LinkedHashMap<>();
    example.put(f.kind().section(), Map.of(f.type(), ConfigBinder.unbind(f.defaultConfig())));
    sb.append(ConfigSource.toYaml(example).replaceFirst("^---\n", "")).append("```\n");
    return sb.toString();
  }

  /** Every key path the config record binds, with its default rendered for a table cell. */
  static Map<String, String> keys(ComponentFactory<?> f) {
    Map<String, String> out = new LinkedHashMap<>();
    walk(f.configType(), f.defaultConfig(), "", out);
    return out;
  }

  private static void walk(Class<?> type, Object dflt, String prefix, Map<String, String> out) {
    for (RecordComponent rc : type.getRecordComponents()) {
      String key = prefix + ConfigBinder.keyOf(rc);
      Object value = dflt == null ? null : read(rc, dflt);
      Class<?> raw = rc.getType();
      Type generic = rc.getGenericType();
      DocumentedKeys documented = rc.getAnnotation(DocumentedKeys.class);
      if (documented != null) {
        out.put(key, cell(value));
        documentedKeys(documented, key, out);
      } else if (raw.isRecord()) {
        walk(raw, value != null ? value : defaultOf(raw), key + ".", out);
      } else if ((List.class.isAssignableFrom(raw) || java.util.Set.class.isAssignableFrom(raw))
          && typeArg(generic, 0) instanceof Class<?> elem && elem.isRecord()) {
        out.put(key, cell(value));
        walk(elem, defaultOf(elem), key + "[].", out);
      } else if (raw == Object.class && value instanceof Map<?, ?> m && !m.isEmpty()) {
        walkTree(m, key + ".", out);
      } else {
        out.put(key, cell(value));
      }
    }
  }

  /** The sub-keys of a component read by a parser of its own, from the key map its annotation names. */
  private static void documentedKeys(DocumentedKeys d, String key, Map<String, String> out) {
    Map<?, ?> keys;
    try {
      var field = d.in().getField(d.field());
      keys = (Map<?, ?>) field.get(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(key + ": @DocumentedKeys names no public static Map " + d.in().getName()
          + "." + d.field(), e);
    }
    String under = d.under().isEmpty() ? "" : d.under() + ".";
    String prefix = key + (d.list() ? "[]." : ".");
    int found = 0;
    for (Map.Entry<?, ?> e : keys.entrySet()) {
      String k = (String) e.getKey();
      if (k.startsWith(under)) {
        out.put(prefix + k.substring(under.length()), cell(e.getValue()));
        found++;
      }
    }
    if (found == 0) {
      throw new IllegalStateException(key + ": @DocumentedKeys finds no keys under '" + d.under() + "' in "
          + d.in().getName() + "." + d.field());
    }
  }

  private static void walkTree(Map<?, ?> tree, String prefix, Map<String, String> out) {
    for (Map.Entry<?, ?> e : tree.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Record r) {
        walk(r.getClass(), r, key + ".", out);
      } else if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
        walkTree(m, key + ".", out);
      } else {
        out.put(key, cell(e.getValue()));
      }
    }
  }

  private static Object read(RecordComponent rc, Object record) {
    try {
      var accessor = rc.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object defaultOf(Class<?> recordType) {
    try {
      var field = recordType.getDeclaredField("DEFAULT");
      field.setAccessible(true);
      return field.get(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static Type typeArg(Type t, int i) {
    return t instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
  }

  private static String cell(Object value) {
    Object v = ConfigBinder.unbind(value);
    if (v == null || (v instanceof String s && s.isEmpty())) {
      return "";
    }
    if (v instanceof Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty()) {
      return v instanceof Map ? "`{}`" : "`[]`";
    }
    String text = v instanceof String ? (String) v : ConfigSource.toYaml(v).replaceFirst("^---\\s*", "").strip()
        .replace("\n", " ");
    return "`" + text.replace("|", "\\|") + "`";
  }
}
