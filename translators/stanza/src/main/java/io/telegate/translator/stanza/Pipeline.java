package io.telegate.translator.stanza;

import io.telegate.core.config.ConfigErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built operator graph: operators in config order, each wired to its outputs. */
final class Pipeline implements OperatorPipeline {

  private final Operator first;
  private final Operator[] operators;
  private final EntrySink sink;

  private Pipeline(List<Operator> operators, EntrySink sink) {
    this.operators = operators.toArray(new Operator[0]);
    this.first = operators.isEmpty() ? null : operators.get(0);
    this.sink = sink;
  }

  @Override
  public void process(Entry entry) {
    if (first == null) {
      sink.accept(entry);
    } else {
      first.process(entry);
    }
  }

  @Override
  public void flush(long nowNanos) {
    for (Operator o : operators) {
      o.flush(nowNanos);
    }
  }

  @Override
  public void flushAll() {
    for (Operator o : operators) {
      o.flushAll();
    }
  }

  @SuppressWarnings("unchecked")
  static Pipeline assemble(List<Object> raw, EntrySink sink, Settings settings, String path, ConfigErrors errors) {
    List<Operator> built = new ArrayList<>();
    List<Integer> indexOf = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    if (raw == null) {
      raw = List.of();
    }
    for (int i = 0; i < raw.size(); i++) {
      String at = path + "[" + i + "]";
      Object o = raw.get(i);
      if (!(o instanceof Map)) {
        errors.add(at, "expected an operator (a map with a type)");
        continue;
      }
      OperatorConfig c = new OperatorConfig((Map<String, Object>) o, at, errors);
      Operator op = Operators.create(c, settings);
      if (op == null) {
        continue;
      }
      Integer seen = ids.putIfAbsent(op.id, i);
      if (seen != null) {
        errors.add(ConfigErrors.join(at, "id"), "duplicate operator id '" + op.id + "' (also " + path + "[" + seen
            + "]); give each operator of the same type its own id");
      }
      built.add(op);
      indexOf.add(i);
    }
    Map<String, Operator> byId = new LinkedHashMap<>();
    for (Operator op : built) {
      byId.putIfAbsent(op.id, op);
    }
    for (int k = 0; k < built.size(); k++) {
      Operator op = built.get(k);
      String at = path + "[" + indexOf.get(k) + "]";
      Operator next = k + 1 < built.size() ? built.get(k + 1) : null;
      op.wire(byId, next, sink, at, errors);
    }
    if (errors.isEmpty()) {
      String cycle = findCycle(built);
      if (cycle != null) {
        errors.add(path, "operators form a cycle: " + cycle);
      }
    }
    return new Pipeline(built, sink);
  }

  private static String findCycle(List<Operator> ops) {
    Map<Operator, Integer> state = new HashMap<>();
    for (Operator o : ops) {
      List<String> trail = new ArrayList<>();
      if (visit(o, state, trail)) {
        return String.join(" -> ", trail);
      }
    }
    return null;
  }

  private static boolean visit(Operator o, Map<Operator, Integer> state, List<String> trail) {
    Integer s = state.get(o);
    if (s != null) {
      if (s == 1) {
        trail.add(o.id);
        return true;
      }
      return false;
    }
    state.put(o, 1);
    trail.add(o.id);
    for (Operator out : o.allOutputs()) {
      if (visit(out, state, trail)) {
        return true;
      }
    }
    trail.remove(trail.size() - 1);
    state.put(o, 2);
    return false;
  }
}
