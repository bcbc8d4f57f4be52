package io.telegate.translator.stanza;

import io.telegate.core.config.ConfigErrors;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The operators of a log receiver ({@code operators: [...]}, stanza's config format), built once
 * at start. {@link #process} runs an entry through them on the caller's thread; entries that leave
 * the last operator (or an operator whose {@code output} names none) go to the sink. One thread at
 * a time may call {@link #process}, {@link #flush} and {@link #flushAll}.
 */
public interface OperatorPipeline {

  void process(Entry entry);

  /**
   * Emits what stateful operators (recombine, the container parser's partial lines) hold for
   * longer than their {@code force_flush_period}; {@code nowNanos} is on the clock of
   * {@link Settings#nanoTime}.
   */
  default void flush(long nowNanos) {}

  /** Emits everything stateful operators hold; called at shutdown. */
  default void flushAll() {}

  /**
   * What operators read time from: the wall clock (for timestamps without a year) and a
   * monotonic nanosecond clock (for flush periods).
   */
  record Settings(Clock clock, LongSupplier nanoTime) {
    public static Settings system() {
      return new Settings(Clock.systemUTC(), System::nanoTime);
    }
  }

  /**
   * Checks an {@code operators} list (each element the YAML map of one operator) and adds every
   * error with its path below {@code path}, e.g. {@code operators[2]::regex: required}.
   */
  static void validate(List<Object> operators, String path, ConfigErrors errors) {
    Pipeline.assemble(operators, entry -> {}, Settings.system(), path, errors);
  }

  /** {@link #validate(List, String, ConfigErrors)} under the path {@code operators}. */
  static List<String> validate(List<Object> operators) {
    ConfigErrors errors = new ConfigErrors();
    validate(operators, "operators", errors);
    return errors.list();
  }

  /**
   * Builds the pipeline of an {@code operators} list with the system clocks.
   *
   * @throws IllegalArgumentException listing every error when the list is invalid
   */
  static OperatorPipeline build(List<Object> operators, EntrySink sink) {
    return build(operators, sink, Settings.system());
  }

  /**
   * Builds the pipeline of an {@code operators} list.
   *
   * @throws IllegalArgumentException listing every error when the list is invalid
   */
  static OperatorPipeline build(List<Object> operators, EntrySink sink, Settings settings) {
    ConfigErrors errors = new ConfigErrors();
    OperatorPipeline p = Pipeline.assemble(operators, sink, settings, "operators", errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid operators (" + errors.list().size() + " error"
          + (errors.list().size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", errors.list()));
    }
    return p;
  }
}
