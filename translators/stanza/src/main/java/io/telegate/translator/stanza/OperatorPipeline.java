package io.telegate.translator.stanza;

import java.util.List;

/**
 * The operators of a log receiver ({@code operators: [...]}, stanza's config format), built once
 * at start. {@link #process} runs an entry through them on the caller's thread; entries that leave
 * the last operator (or an operator whose {@code output} names none) go to the sink.
 */
public interface OperatorPipeline {

  void process(Entry entry);

  /** Emits what stateful operators (recombine) hold for longer than their flush period. */
  default void flush(long nowNanos) {}

  /** Emits everything stateful operators hold; called at shutdown. */
  default void flushAll() {}

  /**
   * Builds the pipeline of a validated {@code operators} list (each element the YAML map of one
   * operator). Skeleton: only the empty list, which passes entries on unchanged.
   */
  static OperatorPipeline build(List<Object> operators, EntrySink sink) {
    if (operators != null && !operators.isEmpty()) {
      throw new UnsupportedOperationException("operators are not built yet");
    }
    return sink::accept;
  }
}
