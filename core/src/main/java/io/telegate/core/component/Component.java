package io.telegate.core.component;

import java.time.Duration;

/**
 * The lifecycle every receiver, processor, exporter and extension shares.
 *
 * <p>{@link #start} returns quickly; long work goes to threads the component owns. {@link #shutdown}
 * is safe before {@code start} and safe to call twice; it flushes what the component holds to its
 * downstream consumer before it returns, giving up after {@code timeout}.
 */
public interface Component {

  /** Starts the component. Throwing fails the start-up of the whole gateway. */
  void start(Host host) throws Exception;

  /** Stops taking new work, flushes what is held downstream and releases resources. */
  void shutdown(Duration timeout);
}
