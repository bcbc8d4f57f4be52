package io.telegate.processor.attributes;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.Signal;
import io.telegate.core.component.ValidationContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code attributes} processor, with the Collector's keys.
 *
 * @param actions what to do to each matching item's attributes, in order; required
 * @param include if set, only items matching it are changed
 * @param exclude if set, items matching it are left alone (checked after include)
 */
public record AttributesProcessorConfig(List<ActionConfig> actions, MatchProperties include, MatchProperties exclude)
    implements ComponentConfig {

  public static final AttributesProcessorConfig DEFAULT = new AttributesProcessorConfig(List.of(), null, null);

  public AttributesProcessorConfig {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (actions.isEmpty()) {
      errors.add("actions: must not be empty");
    }
    AttributeActions.compile(actions, "actions", errors);
    ItemMatcher.compile(include, "include", errors);
    ItemMatcher.compile(exclude, "exclude", errors);
    return errors;
  }

  /** {@code include} and {@code exclude} may only use fields that the pipelines' signals have. */
  @Override
  public List<String> validate(ValidationContext context) {
    List<String> errors = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    ItemMatcher in = ItemMatcher.compile(include, "include", ignored);
    ItemMatcher ex = ItemMatcher.compile(exclude, "exclude", ignored);
    for (Signal signal : context.signals()) {
      if (in != null) {
        errors.addAll(in.problemsFor(signal));
      }
      if (ex != null) {
        errors.addAll(ex.problemsFor(signal));
      }
    }
    return errors;
  }
}
