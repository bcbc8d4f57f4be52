package io.telegate.core.config;

import java.util.List;

/** A config that cannot run; carries every error found, each with its path. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(errors.size() == 1 ? errors.get(0) : errors.size() + " config errors:\n  " + String.join("\n  ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
