package io.telegate.core.component;

import java.util.List;

/**
 * A config record, or a part of one, that checks itself. Validation walks every component config
 * and calls this on each part it finds (records nested in records, in lists and in maps), adding
 * the part's YAML path in front of each message, so a part never calls its parts by hand and
 * reports paths relative to itself: {@code queue_size: must be positive}, or a bare message for
 * the part as a whole.
 */
public interface ConfigValidator {

  /** Every problem with this part, each as {@code key: message} relative to it; empty when valid. */
  List<String> validate();

  /**
   * The checks that depend on where the part's component is used ({@link ValidationContext}: the
   * pipelines' signals, the running extensions); same message form as {@link #validate()}. Run by
   * the same pass, after the pipelines are known.
   */
  default List<String> validate(ValidationContext context) {
    return List.of();
  }
}
