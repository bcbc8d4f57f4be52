package io.telegate.translator.stanza;

import java.time.Clock;

/**
 * A parser: reads {@code parse_from} (default {@code body}), parses it, writes the result to
 * {@code parse_to} (default {@code attributes}; a map is merged there), optionally takes the
 * body from {@code body}, then applies its {@code timestamp}, {@code severity}, {@code trace}
 * and {@code scope_name} blocks; any error goes to {@code on_error}, the blocks' errors after
 * every block was tried.
 */
abstract class ParserOperator extends Operator {

  /** The keys every parser has. */
  record Keys(Field parseFrom, Field parseTo, Field body, TimeParser time, SeverityParser severity,
      TraceParser trace, Field scopeName) {

    static Keys read(OperatorConfig c, Clock clock) {
      Field parseFrom = c.field("parse_from", Field.body());
      Field parseTo = c.field("parse_to", Field.attribute());
      Field body = c.field("body", null);
      if (body != null && parseTo.equals(Field.body())) {
        c.error("body", "`parse_to: body` not allowed when `body` is configured");
      }
      TimeParser time = null;
      OperatorConfig tb = c.block("timestamp");
      if (tb != null) {
        time = TimeParser.read(tb, clock);
        tb.finish();
      }
      SeverityParser severity = null;
      OperatorConfig sb = c.block("severity");
      if (sb != null) {
        severity = SeverityParser.read(sb);
        sb.finish();
      }
      TraceParser trace = null;
      OperatorConfig trb = c.block("trace");
      if (trb != null) {
        trace = TraceParser.read(trb);
        trb.finish();
      }
      Field scope = null;
      OperatorConfig scb = c.block("scope_name");
      if (scb != null) {
        scope = scb.requiredField("parse_from");
        scb.finish();
      }
      return new Keys(parseFrom, parseTo, body, time, severity, trace, scope);
    }
  }

  final Keys keys;

  ParserOperator(Common common, Keys keys) {
    super(common);
    this.keys = keys;
  }

  /** Parses the value read from {@code parse_from}; throws {@link OperatorException} when it cannot. */
  abstract Object parse(Object value);

  /** Parses with the entry at hand, for parsers that read more of it than the value. */
  Object parse(Entry e, Object value) {
    return parse(value);
  }

  @Override
  void process(Entry e) {
    try {
      if (skip(e)) {
        write(e);
        return;
      }
    } catch (Expr.EvalException ex) {
      handleError(e, ex);
      return;
    }
    if (parseWith(e)) {
      write(e);
    }
  }

  /** Parses into the entry; false when the error was handled (sent on or dropped). */
  final boolean parseWith(Entry e) {
    if (!keys.parseFrom.has(e)) {
      handleError(e, new OperatorException("Entry is missing the expected parse_from field " + keys.parseFrom));
      return false;
    }
    try {
      Object parsed = parse(e, keys.parseFrom.get(e));
      keys.parseTo.set(e, parsed);
    } catch (OperatorException | IllegalArgumentException | ClassCastException ex) {
      handleError(e, ex);
      return false;
    }
    return applyBlocks(e);
  }

  /** Applies {@code body} and the blocks; false when an error was handled. */
  final boolean applyBlocks(Entry e) {
    if (keys.body != null && keys.body.has(e)) {
      e.body = keys.body.get(e);
    }
    RuntimeException first = null;
    if (keys.time != null) {
      first = attempt(() -> keys.time.parse(e), "time parser", first);
    }
    if (keys.severity != null) {
      first = attempt(() -> keys.severity.parse(e), "severity parser", first);
    }
    if (keys.trace != null) {
      first = attempt(() -> keys.trace.parse(e), "trace parser", first);
    }
    if (keys.scopeName != null) {
      first = attempt(() -> parseScopeName(e, keys.scopeName), "scope_name parser", first);
    }
    if (first != null) {
      handleError(e, first);
      return false;
    }
    return true;
  }

  private static RuntimeException attempt(Runnable r, String what, RuntimeException first) {
    try {
      r.run();
      return first;
    } catch (OperatorException | IllegalArgumentException | ArithmeticException ex) {
      return first != null ? first : new OperatorException(what + ": " + ex.getMessage());
    }
  }

  static void parseScopeName(Entry e, Field from) {
    if (!from.has(e)) {
      throw new OperatorException("log entry does not have the expected parse_from field " + from);
    }
    Object v = from.get(e);
    if (!(v instanceof String s)) {
      throw new OperatorException("type " + Expr.describe(v) + " cannot be parsed as a scope name");
    }
    e.scopeName = s;
  }

  static String asString(Object value, String what) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    throw new OperatorException("type " + Expr.describe(value) + " cannot be parsed as " + what);
  }
}
