package io.telegate.translator.stanza;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.telegate.core.regex.GoRegex;
import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The parsers that turn one field into a map (json, regex, key_value, csv) and those that set one
 * part of the entry from a field (severity, time, trace, scope_name).
 */
final class Parsers {

  private Parsers() {}

  private static final JsonFactory JSON = JsonFactory.builder().build();

  // ---- json_parser

  static Operator json(Operator.Common common, OperatorConfig c, Settings s) {
    boolean parseInts = c.bool("parse_ints", false);
    ParserOperator.Keys keys = ParserOperator.Keys.read(c, s.clock());
    return new ParserOperator(common, keys) {
      @Override
      Object parse(Object value) {
        return parseJsonObject(asString(value, "json"), parseInts);
      }
    };
  }

  /**
   * Reads a JSON object into a value tree; numbers are doubles as Go's decoder makes them, or
   * with {@code parseInts} integers are longs.
   */
  static Map<String, Object> parseJsonObject(String text, boolean parseInts) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new OperatorException("expected { character for map value");
      }
      Map<String, Object> m = readObject(p, parseInts);
      if (p.nextToken() != null) {
        throw new OperatorException("invalid character after top-level value");
      }
      return m;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new OperatorException("invalid json: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new OperatorException("invalid json: " + e.getMessage());
    }
  }

  private static Map<String, Object> readObject(JsonParser p, boolean parseInts) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      m.put(name, readValue(p, parseInts));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new OperatorException("invalid json object");
    }
    return m;
  }

  private static Object readValue(JsonParser p, boolean parseInts) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new OperatorException("unexpected end of JSON input");
    }
    switch (t) {
      case START_OBJECT:
        return readObject(p, parseInts);
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(readValue(p, parseInts));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (parseInts && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return p.getLongValue();
        }
        return p.getDoubleValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new OperatorException("unexpected " + t);
    }
  }

  // ---- regex_parser

  static Operator regex(Operator.Common common, OperatorConfig c, Settings s) {
    String re = c.requiredString("regex");
    int cacheSize = 0;
    OperatorConfig cache = c.block("cache");
    if (cache != null) {
      cacheSize = (int) cache.integer("size", 0);
      if (cacheSize <= 0) {
        cache.error("size", "must be greater than 0");
      }
      cache.finish();
    }
    ParserOperator.Keys keys = ParserOperator.Keys.read(c, s.clock());
    if (re == null) {
      return null;
    }
    GoRegex compiled;
    try {
      compiled = GoRegex.compile(re);
    } catch (IllegalArgumentException e) {
      c.error("regex", e.getMessage());
      return null;
    }
    if (!compiled.hasNamedGroups()) {
      c.error("regex", "no named capture groups in regex pattern");
      return null;
    }
    LruCache lru = cacheSize > 0 ? new LruCache(cacheSize) : null;
    return new ParserOperator(common, keys) {
      @Override
      Object parse(Object value) {
        String text = asString(value, "regex");
        if (lru != null) {
          Map<String, Object> hit = lru.get(text);
          if (hit != null) {
            return new LinkedHashMap<>(hit);
          }
        }
        Map<String, Object> out = match(compiled, text);
        if (lru != null) {
          lru.put(text, new LinkedHashMap<>(out));
        }
        return out;
      }
    };
  }

  /** The named groups of the first match, as Go's {@code FindStringSubmatch}; "" for a group that took no part. */
  static Map<String, Object> match(GoRegex re, String text) {
    Matcher m = re.matcher(text);
    if (!m.find()) {
      throw new OperatorException("regex pattern does not match");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> names = re.groupNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) != null) {
        String v = m.group(i + 1);
        out.put(names.get(i), v == null ? "" : v);
      }
    }
    return out;
  }

  /** The regex parser's {@code cache}: results by input, least recently used evicted. */
  private static final class LruCache extends LinkedHashMap<String, Map<String, Object>> {
    private static final long serialVersionUID = 1L;
    private final int size;

    LruCache(int size) {
      super(16, 0.75f, true);
      this.size = size;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
      return size() > size;
    }
  }

  // ---- key_value_parser

  static Operator keyValue(Operator.Common common, OperatorConfig c, Settings s) {
    String delimiter = c.string("delimiter", "=");
    String pairDelimiter = c.string("pair_delimiter", null);
    if (delimiter.isEmpty()) {
      c.error("delimiter", "must not be empty");
    }
    if (pairDelimiter != null && pairDelimiter.isEmpty()) {
      c.error("pair_delimiter", "must not be empty");
    }
    if (delimiter.equals(pairDelimiter)) {
      c.error("pair_delimiter", "delimiter and pair_delimiter cannot be the same value");
    }
    if (pairDelimiter == null && delimiter.isBlank() && !delimiter.isEmpty()) {
      c.error("delimiter", "delimiter and pair_delimiter cannot be the same value (pair_delimiter defaults to whitespace)");
    }
    ParserOperator.Keys keys = ParserOperator.Keys.read(c, s.clock());
    return new ParserOperator(common, keys) {
      @Override
      Object parse(Object value) {
        String text = asString(value, "key value pairs");
        if (text.isEmpty()) {
          throw new OperatorException("parse from field " + keys.parseFrom() + " is empty");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String pair : splitPairs(text, pairDelimiter)) {
          int at = pair.indexOf(delimiter);
          if (at < 0) {
            problems.add("expected '" + pair + "' to split by '" + delimiter + "' into two items, got 1");
            continue;
          }
          out.put(unquote(pair.substring(0, at)), unquote(pair.substring(at + delimiter.length())));
        }
        if (!problems.isEmpty()) {
          throw new OperatorException(String.join("; ", problems));
        }
        return out;
      }
    };
  }

  /** Splits at {@code delimiter} (whitespace runs when null) outside double or single quotes. */
  static List<String> splitPairs(String text, String delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
        cur.append(ch);
        i++;
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
        cur.append(ch);
        i++;
      } else if (delimiter == null ? Character.isWhitespace(ch) : text.startsWith(delimiter, i)) {
        if (cur.length() > 0 || delimiter != null) {
          String p = cur.toString();
          if (!p.isBlank()) {
            out.add(p);
          }
        }
        cur.setLength(0);
        i += delimiter == null ? 1 : delimiter.length();
      } else {
        cur.append(ch);
        i++;
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String unquote(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == '"' || s.charAt(from) == '\'')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == '"' || s.charAt(to - 1) == '\'')) {
      to--;
    }
    return s.substring(from, to).strip();
  }

  // ---- csv_parser

  static Operator csv(Operator.Common common, OperatorConfig c, Settings s) {
    String header = c.string("header", null);
    String headerAttribute = c.string("header_attribute", null);
    String delimiter = c.string("delimiter", ",");
    String headerDelimiter = c.string("header_delimiter", delimiter);
    boolean lazyQuotes = c.bool("lazy_quotes", false);
    boolean ignoreQuotes = c.bool("ignore_quotes", false);
    ParserOperator.Keys keys = ParserOperator.Keys.read(c, s.clock());
    if (header == null && headerAttribute == null) {
      c.error("header", "missing required field 'header' or 'header_attribute'");
    }
    if (header != null && headerAttribute != null) {
      c.error("header_attribute", "only one header parameter can be set: 'header' or 'header_attribute'");
    }
    if (delimiter.length() != 1) {
      c.error("delimiter", "invalid 'delimiter': '" + delimiter + "' (expected: one character)");
    }
    if (headerDelimiter.length() != 1) {
      c.error("header_delimiter", "invalid 'header_delimiter': '" + headerDelimiter + "' (expected: one character)");
    }
    if (lazyQuotes && ignoreQuotes) {
      c.error("ignore_quotes", "only one of 'ignore_quotes' or 'lazy_quotes' can be true");
    }
    if (header != null && delimiter.length() == 1 && headerDelimiter.length() == 1
        && !header.contains(headerDelimiter)) {
      c.error("header", "missing field delimiter in header");
    }
    if (delimiter.length() != 1 || headerDelimiter.length() != 1) {
      return null;
    }
    char delim = delimiter.charAt(0);
    char headerDelim = headerDelimiter.charAt(0);
    List<String> fixedHeader = header == null ? null : List.of(header.split(java.util.regex.Pattern.quote(headerDelimiter), -1));
    return new ParserOperator(common, keys) {
      @Override
      Object parse(Object value) {
        throw new IllegalStateException("the csv parser reads the entry's header attribute");
      }

      @Override
      Object parse(Entry e, Object value) {
        List<String> names = fixedHeader;
        if (names == null) {
          Object h = e.attributes.get(headerAttribute);
          if (!(h instanceof String hs)) {
            throw new OperatorException("failed to read dynamic header attribute " + headerAttribute);
          }
          names = List.of(hs.split(java.util.regex.Pattern.quote(String.valueOf(headerDelim)), -1));
        }
        return parseCsv(asString(value, "csv"), names, delim, lazyQuotes, ignoreQuotes);
      }
    };
  }

  static Map<String, Object> parseCsv(String line, List<String> header, char delim, boolean lazyQuotes,
      boolean ignoreQuotes) {
    List<String> fields = ignoreQuotes ? List.of(line.split(java.util.regex.Pattern.quote(String.valueOf(delim)), -1))
        : csvFields(line, delim, lazyQuotes);
    if (fields.size() != header.size()) {
      throw new OperatorException("wrong number of fields: expected " + header.size() + ", found " + fields.size());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      out.put(header.get(i), fields.get(i));
    }
    return out;
  }

  /** One CSV record as Go's encoding/csv reads it. */
  static List<String> csvFields(String line, char delim, boolean lazyQuotes) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      StringBuilder f = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            if (!lazyQuotes) {
              throw new OperatorException("extraneous or missing \" in quoted-field");
            }
            break;
          }
          char ch = line.charAt(i);
          if (ch == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              f.append('"');
              i += 2;
            } else if (i + 1 >= n || line.charAt(i + 1) == delim) {
              i++;
              break;
            } else if (lazyQuotes) {
              f.append('"');
              i++;
            } else {
              throw new OperatorException("extraneous or missing \" in quoted-field");
            }
          } else {
            f.append(ch);
            i++;
          }
        }
      } else {
        while (i < n && line.charAt(i) != delim) {
          char ch = line.charAt(i);
          if (ch == '"' && !lazyQuotes) {
            throw new OperatorException("bare \" in non-quoted-field");
          }
          f.append(ch);
          i++;
        }
      }
      out.add(f.toString());
      if (i < n && line.charAt(i) == delim) {
        i++;
        continue;
      }
      return out;
    }
  }

  // ---- severity_parser, time_parser, trace_parser, scope_name_parser

  static Operator severity(Operator.Common common, OperatorConfig c, Settings s) {
    defaultParseFrom(c);
    SeverityParser sp = SeverityParser.read(c);
    return sp == null ? null : new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        sp.parse(e);
      }
    };
  }

  static Operator time(Operator.Common common, OperatorConfig c, Settings s) {
    defaultParseFrom(c);
    TimeParser tp = TimeParser.read(c, s.clock());
    return tp == null ? null : new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        tp.parse(e);
      }
    };
  }

  static Operator trace(Operator.Common common, OperatorConfig c, Settings s) {
    TraceParser tp = TraceParser.read(c);
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        tp.parse(e);
      }
    };
  }

  static Operator scopeName(Operator.Common common, OperatorConfig c, Settings s) {
    defaultParseFrom(c);
    Field from = c.requiredField("parse_from");
    return from == null ? null : new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        ParserOperator.parseScopeName(e, from);
      }
    };
  }

  /** The operators' {@code parse_from} defaults to {@code body}, where the blocks' is required. */
  private static void defaultParseFrom(OperatorConfig c) {
    if (!c.has("parse_from")) {
      c.setDefault("parse_from", "body");
    }
  }
}
