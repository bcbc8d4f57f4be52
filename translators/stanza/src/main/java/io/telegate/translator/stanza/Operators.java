package io.telegate.translator.stanza;

import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operator types by name, each with the keys it shares with all operators and its builder. */
final class Operators {

  /** Builds one operator from its own keys; adds errors to the config and may return null after them. */
  @FunctionalInterface
  interface Builder {
    Operator build(Operator.Common common, OperatorConfig c, Settings settings);
  }

  /** One type: whether it has {@code output} and the transformer keys {@code on_error} and {@code if}. */
  private record Spec(boolean output, boolean transformer, Builder builder) {}

  private static final Map<String, Spec> TYPES = new LinkedHashMap<>();

  static {
    parser("json_parser", Parsers::json);
    parser("regex_parser", Parsers::regex);
    parser("key_value_parser", Parsers::keyValue);
    parser("csv_parser", Parsers::csv);
    parser("syslog_parser", SyslogParser::build);
    parser("container", ContainerParser::build);
    parser("severity_parser", Parsers::severity);
    parser("time_parser", Parsers::time);
    parser("trace_parser", Parsers::trace);
    parser("scope_name_parser", Parsers::scopeName);
    parser("recombine", Recombine::build);
    parser("move", Transformers::move);
    parser("copy", Transformers::copy);
    parser("add", Transformers::add);
    parser("remove", Transformers::remove);
    parser("retain", Transformers::retain);
    parser("flatten", Transformers::flatten);
    TYPES.put("router", new Spec(false, false, Router::build));
    TYPES.put("noop", new Spec(true, true, (common, c, s) -> new Operator.Transformer(common) {
      @Override
      void transform(Entry e) {}
    }));
  }

  private static void parser(String type, Builder b) {
    TYPES.put(type, new Spec(true, true, b));
  }

  private Operators() {}

  /** The operator types, in the order the docs list them. */
  static List<String> types() {
    return new ArrayList<>(TYPES.keySet());
  }

  /** Builds the operator {@code c} describes; null (with errors added) when it cannot. */
  static Operator create(OperatorConfig c, Settings settings) {
    int before = c.errors().list().size();
    String type = c.requiredString("type");
    String id = c.string("id", type);
    if (type == null) {
      return null;
    }
    Spec spec = TYPES.get(type);
    if (spec == null) {
      c.error("type", "unknown operator type '" + type + "' (known: " + String.join(", ", TYPES.keySet()) + ")");
      return null;
    }
    List<String> outputs = List.of();
    if (spec.output) {
      List<String> o = c.strings("output");
      outputs = o == null ? List.of() : o;
    }
    Operator.OnError onError = Operator.OnError.SEND;
    Expr ifExpr = null;
    if (spec.transformer) {
      String s = c.string("on_error", "send");
      onError = Operator.OnError.of(s);
      if (onError == null) {
        c.error("on_error", "'" + s + "' is not one of send, send_quiet, drop, drop_quiet");
        onError = Operator.OnError.SEND;
      }
      ifExpr = c.expr("if");
    }
    Operator op = spec.builder.build(new Operator.Common(id, type, outputs, onError, ifExpr), c, settings);
    c.finish();
    return c.errors().list().size() > before ? null : op;
  }
}
