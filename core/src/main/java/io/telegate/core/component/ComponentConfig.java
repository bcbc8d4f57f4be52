package io.telegate.core.component;

import java.time.Duration;
import java.util.List;

/**
 * A component's config: an immutable record bound from YAML by the config binder.
 *
 * <p>Record components map to snake_case YAML keys ({@code sendBatchSize} is {@code
 * send_batch_size}); unknown keys are errors.
 */
public interface ComponentConfig extends ConfigValidator {

  /**
   * Returns every problem with this config's own keys, each as {@code path: message} relative to
   * the component, for example {@code timeout: must be positive}. Empty when valid. Nested parts
   * that are {@link ConfigValidator}s are checked by the validation walk, not from here.
   */
  @Override
  default List<String> validate() {
    return List.of();
  }

  /**
   * For a component that holds data in memory before passing it on (the {@code batch}
   * processor): the longest it holds a request when nothing else triggers a send. Null for the
   * others. Used by validation to warn about memory-only buffering in front of a disk queue, and
   * about long waits with end-to-end acknowledgement.
   */
  default Duration holdsDataFor() {
    return null;
  }
}
