package io.telegate.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one YAML document into maps, lists and scalars (the types Jackson's untyped binding gives),
 * reporting problems as {@code name:line:column: message}: syntax errors with the YAML scanner's
 * own wording and mark, a key given twice in one mapping (which Jackson would silently let the
 * last one win), an empty document, and a top level that is not a map. No Jackson or SnakeYAML
 * type name reaches a message.
 */
final class YamlTreeReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();
  /** A Java type name as the libraries print it ({@code <org.yaml...Event(...)>}), cut from messages. */
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("<?\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:\\([^)]*\\))?>?");

  private YamlTreeReader() {}

  /**
   * Reads {@code text}; returns the top-level map, or {@code null} when problems were added to
   * {@code errors}. {@code name} (a file name, or empty) starts every message.
   */
  static Map<String, Object> read(String text, String name, ConfigErrors errors) {
    ConfigErrors found = new ConfigErrors();
    Object tree;
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        errors.add(name, "the file is empty (expected: receivers, exporters and a service section)");
        return null;
      }
      tree = value(p, first, name, found);
    } catch (JsonProcessingException e) {
      errors.add("", syntaxError(e, name));
      return null;
    } catch (YAMLException e) {
      errors.add("", syntaxError(e, name));
      return null;
    } catch (IOException e) {
      errors.add(name, "cannot read: " + e.getMessage());
      return null;
    }
    if (!found.isEmpty()) {
      errors.addAll(found);
      return null;
    }
    if (!(tree instanceof Map)) {
      errors.add(name, "the top level must be a map of sections (receivers, exporters, service, ...), got "
          + ConfigBinder.describe(tree));
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) tree;
    return map;
  }

  private static Object value(JsonParser p, JsonToken token, String name, ConfigErrors errors) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, JsonLocation> firstAt = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String key = p.currentName();
          JsonLocation at = p.currentTokenLocation();
          Object v = value(p, p.nextToken(), name, errors);
          JsonLocation earlier = firstAt.putIfAbsent(key, at);
          if (earlier != null) {
            errors.add(where(name, at.getLineNr(), at.getColumnNr()), "key '" + key
                + "' is already defined in this mapping at line " + earlier.getLineNr() + ", column "
                + earlier.getColumnNr() + " (a key may appear once)");
          } else {
            map.put(key, v);
          }
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(value(p, t, name, errors));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_EMBEDDED_OBJECT:
        return p.getEmbeddedObject();
      default:
        return null;
    }
  }

  /**
   * {@code name:line:column: problem}, from the YAML scanner's mark when there is one (Jackson's
   * own location is where its parser stood, often a token earlier), with the construct the
   * problem interrupted and where that started.
   */
  private static String syntaxError(Exception e, String name) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        Mark at = m.getProblemMark();
        String message = where(name, at.getLine() + 1, at.getColumn() + 1) + ": " + m.getProblem();
        Mark context = m.getContextMark();
        if (m.getContext() != null && context != null) {
          message += " (" + m.getContext() + " at line " + (context.getLine() + 1) + ", column "
              + (context.getColumn() + 1) + ")";
        }
        return message;
      }
    }
    String problem = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    problem = firstLine(problem);
    if (problem.startsWith("Expected a field name")) {
      problem = "a key must be a scalar (text or a number), not a map or a list";
    } else {
      problem = QUALIFIED_NAME.matcher(problem).replaceAll("").trim();
    }
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      return where(name, j.getLocation().getLineNr(), j.getLocation().getColumnNr()) + ": " + problem;
    }
    return (name.isEmpty() ? "" : name + ": ") + problem;
  }

  private static String where(String name, int line, int column) {
    return (name.isEmpty() ? "" : name + ":") + line + ":" + column;
  }

  private static String firstLine(String s) {
    return s == null ? "invalid YAML" : s.split("\n")[0];
  }
}
