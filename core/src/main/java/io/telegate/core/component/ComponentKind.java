package io.telegate.core.component;

/** The kinds of component a config names, with the config section each lives in. */
public enum ComponentKind {
  RECEIVER("receivers", "receiver"),
  PROCESSOR("processors", "processor"),
  EXPORTER("exporters", "exporter"),
  EXTENSION("extensions", "extension");

  private final String section;
  private final String label;

  ComponentKind(String section, String label) {
    this.section = section;
    this.label = label;
  }

  /** The top-level config key of this kind, for example {@code receivers}. */
  public String section() {
    return section;
  }

  /** The singular name, also the self-metrics label name, for example {@code receiver}. */
  public String label() {
    return label;
  }
}
