package io.telegate.translator.stanza;

import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operators that move values around an entry: move, copy, add, remove, retain, flatten. */
final class Transformers {

  private Transformers() {}

  static Operator move(Operator.Common common, OperatorConfig c, Settings s) {
    Field from = c.requiredField("from");
    Field to = c.requiredField("to");
    if (from == null || to == null) {
      return null;
    }
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        Object v = from.delete(e);
        if (v == Field.MISSING) {
          throw new OperatorException("move: field does not exist: " + from);
        }
        to.set(e, v);
      }
    };
  }

  static Operator copy(Operator.Common common, OperatorConfig c, Settings s) {
    Field from = c.requiredField("from");
    Field to = c.requiredField("to");
    if (from == null || to == null) {
      return null;
    }
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        if (!from.has(e)) {
          throw new OperatorException("copy: from field does not exist: " + from);
        }
        to.set(e, Values.copy(from.get(e)));
      }
    };
  }

  /** A literal, or {@code EXPR(...)} evaluated against each entry. */
  static final class Value {
    private final Object literal;
    private final Expr expr;

    private Value(Object literal, Expr expr) {
      this.literal = literal;
      this.expr = expr;
    }

    static Value read(OperatorConfig c, String key) {
      Object raw = c.raw(key);
      if (raw instanceof String str && str.strip().startsWith("EXPR(") && str.strip().endsWith(")")) {
        String inner = str.strip();
        inner = inner.substring(5, inner.length() - 1);
        try {
          return new Value(null, Expr.compile(inner));
        } catch (IllegalArgumentException e) {
          c.error(key, e.getMessage());
          return null;
        }
      }
      return new Value(Values.normalise(raw), null);
    }

    Object of(Entry e) {
      return expr != null ? expr.evaluate(e) : Values.copy(literal);
    }
  }

  static Operator add(Operator.Common common, OperatorConfig c, Settings s) {
    Field field = c.requiredField("field");
    boolean hasValue = c.has("value");
    if (!hasValue) {
      c.error("value", "required");
    }
    Value value = hasValue ? Value.read(c, "value") : null;
    if (field == null || value == null) {
      return null;
    }
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        field.set(e, value.of(e));
      }
    };
  }

  static Operator remove(Operator.Common common, OperatorConfig c, Settings s) {
    Field field = c.requiredField("field");
    if (field == null) {
      return null;
    }
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        if (field.isRoot()) {
          switch (field.root()) {
            case BODY -> e.body = null;
            case ATTRIBUTES -> e.attributes.clear();
            default -> e.resource.clear();
          }
          return;
        }
        if (field.delete(e) == Field.MISSING) {
          throw new OperatorException("remove: field does not exist: " + field);
        }
      }
    };
  }

  static Operator retain(Operator.Common common, OperatorConfig c, Settings s) {
    List<Field> fields = c.fields("fields");
    if (fields == null) {
      c.error("fields", "required");
      return null;
    }
    if (fields.isEmpty()) {
      c.error("fields", "must name at least one field");
      return null;
    }
    List<Field> body = new ArrayList<>();
    List<Field> attributes = new ArrayList<>();
    List<Field> resource = new ArrayList<>();
    for (Field f : fields) {
      switch (f.root()) {
        case BODY -> body.add(f);
        case ATTRIBUTES -> attributes.add(f);
        default -> resource.add(f);
      }
    }
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        Entry kept = new Entry(null, 0);
        if (!body.isEmpty()) {
          for (Field f : body) {
            if (f.has(e)) {
              f.set(kept, f.get(e));
            }
          }
          e.body = kept.body;
        }
        if (!attributes.isEmpty()) {
          for (Field f : attributes) {
            if (f.has(e)) {
              f.set(kept, f.get(e));
            }
          }
          e.attributes.clear();
          e.attributes.putAll(kept.attributes);
        }
        if (!resource.isEmpty()) {
          for (Field f : resource) {
            if (f.has(e)) {
              f.set(kept, f.get(e));
            }
          }
          e.resource.clear();
          e.resource.putAll(kept.resource);
        }
      }
    };
  }

  static Operator flatten(Operator.Common common, OperatorConfig c, Settings s) {
    Field field = c.requiredField("field");
    if (field == null) {
      return null;
    }
    if (field.root() != Field.Root.BODY || field.isRoot()) {
      c.error("field", "invalid field '" + field + "' (expected: a field inside the body, such as body.key)");
      return null;
    }
    Field parent = field.parent();
    return new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {
        Object v = field.get(e);
        if (!field.has(e)) {
          throw new OperatorException("apply flatten: field does not exist: " + field);
        }
        if (!(v instanceof Map<?, ?> m)) {
          throw new OperatorException("apply flatten: field is not a map: " + field);
        }
        field.delete(e);
        for (Map.Entry<?, ?> me : m.entrySet()) {
          parent.child(String.valueOf(me.getKey())).set(e, me.getValue());
        }
      }
    };
  }
}
