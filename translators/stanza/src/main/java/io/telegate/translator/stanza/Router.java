package io.telegate.translator.stanza;

import io.telegate.core.config.ConfigErrors;
import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code router} operator: the first of its {@code routes} whose {@code expr} holds sends
 * the entry to its {@code output} (after adding its {@code attributes}); an entry no route takes
 * goes to {@code default}, or is dropped when there is none. A route whose expression fails is
 * skipped, as the Collector does.
 */
final class Router extends Operator {

  private record Route(Expr expr, List<String> outputIds, Map<String, Transformers.Value> attributes) {}

  private final List<Route> routes;
  private final List<String> defaultIds;
  private Operator[][] routeOutputs;
  private Operator[] defaultOutputs;

  private Router(Common common, List<Route> routes, List<String> defaultIds) {
    super(common);
    this.routes = routes;
    this.defaultIds = defaultIds;
  }

  @SuppressWarnings("unchecked")
  static Operator build(Common common, OperatorConfig c, Settings s) {
    List<Object> raw = c.list("routes");
    List<Route> routes = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      c.error("routes", "required: at least one route");
    } else {
      for (int i = 0; i < raw.size(); i++) {
        String at = c.path("routes") + "[" + i + "]";
        if (!(raw.get(i) instanceof Map)) {
          c.errors().add(at, "expected a route (a map with expr and output)");
          continue;
        }
        OperatorConfig r = new OperatorConfig((Map<String, Object>) raw.get(i), at, c.errors());
        String exprText = r.string("expr", null);
        Expr expr = null;
        if (exprText == null || exprText.isBlank()) {
          r.error("expr", "required");
        } else {
          expr = r.expr("expr");
        }
        List<String> out = r.strings("output");
        if (out == null || out.isEmpty()) {
          r.error("output", "required");
        }
        Map<String, Transformers.Value> attributes = new LinkedHashMap<>();
        OperatorConfig attrs = r.block("attributes");
        if (attrs != null) {
          Map<String, Object> m = r.map("attributes");
          for (String k : m.keySet()) {
            Transformers.Value v = Transformers.Value.read(attrs, k);
            if (v != null) {
              attributes.put(k, v);
            }
          }
          attrs.finish();
        }
        r.finish();
        if (expr != null && out != null) {
          routes.add(new Route(expr, out, attributes));
        }
      }
    }
    List<String> def = c.strings("default");
    return new Router(common, routes, def == null ? List.of() : def);
  }

  @Override
  void wire(Map<String, Operator> byId, Operator next, EntrySink sink, String path, ConfigErrors errors) {
    super.wire(byId, null, sink, path, errors);
    routeOutputs = new Operator[routes.size()][];
    for (int i = 0; i < routes.size(); i++) {
      routeOutputs[i] = resolve(routes.get(i).outputIds, byId, null,
          ConfigErrors.join(path, "routes") + "[" + i + "]::output", errors);
    }
    defaultOutputs = resolve(defaultIds, byId, null, ConfigErrors.join(path, "default"), errors);
  }

  @Override
  List<Operator> allOutputs() {
    List<Operator> all = new ArrayList<>();
    for (Operator[] r : routeOutputs) {
      all.addAll(List.of(r));
    }
    all.addAll(List.of(defaultOutputs));
    return all;
  }

  @Override
  void process(Entry e) {
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      boolean matched;
      try {
        matched = r.expr.test(e);
      } catch (Expr.EvalException ex) {
        log.rateLimited(io.telegate.core.telemetry.GatewayLogger.Level.WARN, "stanza/router/" + id,
            Duration.ofSeconds(10), "Running expression returned an error", null, "error", ex.getMessage());
        continue;
      }
      if (matched) {
        try {
          for (Map.Entry<String, Transformers.Value> a : r.attributes.entrySet()) {
            e.attributes.put(a.getKey(), a.getValue().of(e));
          }
        } catch (Expr.EvalException ex) {
          log.rateLimited(io.telegate.core.telemetry.GatewayLogger.Level.WARN, "stanza/router/" + id,
              Duration.ofSeconds(10), "Failed to label entry", null, "error", ex.getMessage());
          return;
        }
        send(routeOutputs[i], e);
        return;
      }
    }
    if (defaultOutputs.length > 0) {
      send(defaultOutputs, e);
    }
  }

  private static void send(Operator[] outs, Entry e) {
    for (int i = 0; i < outs.length - 1; i++) {
      outs[i].process(e.copy());
    }
    outs[outs.length - 1].process(e);
  }
}
