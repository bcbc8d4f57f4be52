package io.telegate.translator.stanza;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.config.ConfigErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One operator of a pipeline, with what every stanza operator shares: its {@code id} and
 * {@code type}, where it writes ({@code output}: ids, by default the next operator; the
 * pipeline's sink after the last), and, for transformers and parsers, {@code if} (an entry that
 * does not match passes on unchanged) and {@code on_error}.
 */
abstract class Operator {

  /** What an operator does with an entry it could not process. */
  enum OnError {
    SEND("send"), SEND_QUIET("send_quiet"), DROP("drop"), DROP_QUIET("drop_quiet");

    final String text;

    OnError(String text) {
      this.text = text;
    }

    static OnError of(String s) {
      for (OnError o : values()) {
        if (o.text.equals(s)) {
          return o;
        }
      }
      return null;
    }
  }

  private static final Duration ERROR_LOG_INTERVAL = Duration.ofSeconds(10);

  final String id;
  final String type;
  /** The configured output ids; empty means the default (next operator, or the sink). */
  final List<String> outputIds;
  final OnError onError;
  final Expr ifExpr;
  final GatewayLogger log;

  /** Wired by the pipeline after every operator is built. */
  private Operator[] outputs = new Operator[0];
  private EntrySink sink;

  Operator(Common common) {
    this.id = common.id;
    this.type = common.type;
    this.outputIds = common.outputIds;
    this.onError = common.onError;
    this.ifExpr = common.ifExpr;
    this.log = GatewayLogger.root().with("operator_id", common.id).with("operator_type", common.type);
  }

  /** What the pipeline reads for every operator before the operator's own keys. */
  record Common(String id, String type, List<String> outputIds, OnError onError, Expr ifExpr) {}

  /**
   * Resolves {@code output}: the named operators, or by default {@code next} (null after the
   * last operator, which writes to the sink).
   */
  void wire(Map<String, Operator> byId, Operator next, EntrySink sink, String path, ConfigErrors errors) {
    this.sink = sink;
    this.outputs = resolve(outputIds, byId, next, ConfigErrors.join(path, "output"), errors);
  }

  static Operator[] resolve(List<String> ids, Map<String, Operator> byId, Operator next, String path,
      ConfigErrors errors) {
    if (ids.isEmpty()) {
      return next == null ? new Operator[0] : new Operator[] {next};
    }
    List<Operator> out = new ArrayList<>();
    for (String id : ids) {
      Operator o = byId.get(id);
      if (o == null) {
        errors.add(path, "references operator '" + id + "' which is not in operators");
      } else {
        out.add(o);
      }
    }
    return out.toArray(new Operator[0]);
  }

  /** Every operator this one may write to, for the cycle check. */
  List<Operator> allOutputs() {
    return List.of(outputs);
  }

  /** Processes an entry on the caller's thread and passes it on (or holds it, for stateful ones). */
  abstract void process(Entry e);

  /** Emits what the operator holds for longer than its flush period. */
  void flush(long nowNanos) {}

  /** Emits everything the operator holds. */
  void flushAll() {}

  /** Passes an entry to every output: a copy to each but the last. */
  final void write(Entry e) {
    Operator[] outs = outputs;
    if (outs.length == 0) {
      if (sink != null) {
        sink.accept(e);
      }
      return;
    }
    for (int i = 0; i < outs.length - 1; i++) {
      outs[i].process(e.copy());
    }
    outs[outs.length - 1].process(e);
  }

  /** Whether {@code if} says to pass the entry on untouched; an expression error goes to {@code on_error}. */
  final boolean skip(Entry e) {
    return ifExpr != null && !ifExpr.test(e);
  }

  /** Applies {@code on_error}: logs (rate-limited; quiet modes at debug level) and sends or drops. */
  final void handleError(Entry e, RuntimeException error) {
    if (onError == OnError.SEND_QUIET || onError == OnError.DROP_QUIET) {
      if (log.isEnabled(GatewayLogger.Level.DEBUG)) {
        log.debug("Failed to process entry", "error", error.getMessage(), "action", onError.text);
      }
    } else {
      log.rateLimited(GatewayLogger.Level.ERROR, "stanza/" + type + "/" + id, ERROR_LOG_INTERVAL,
          "Failed to process entry", null, "error", error.getMessage(), "action", onError.text);
    }
    if (onError == OnError.SEND || onError == OnError.SEND_QUIET) {
      write(e);
    }
  }

  /** An operator that edits an entry in place: {@code if}, the edit, {@code on_error}, write. */
  abstract static class Transformer extends Operator {

    Transformer(Common common) {
      super(common);
    }

    @Override
    final void process(Entry e) {
      try {
        if (skip(e)) {
          write(e);
          return;
        }
        transform(e);
      } catch (OperatorException | Expr.EvalException | IllegalArgumentException | ClassCastException ex) {
        handleError(e, ex);
        return;
      }
      write(e);
    }

    /** Edits the entry; throws {@link OperatorException} when it cannot. */
    abstract void transform(Entry e);
  }
}
