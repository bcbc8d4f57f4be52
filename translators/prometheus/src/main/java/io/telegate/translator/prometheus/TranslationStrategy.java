package io.telegate.translator.prometheus;

import java.util.Locale;

/** How OTLP names become Prometheus names: the Collector's {@code translation_strategy} values. */
public enum TranslationStrategy {
  /** Invalid characters become {@code _}; unit, {@code _total} and {@code _ratio} suffixes are added. */
  UNDERSCORE_ESCAPING_WITH_SUFFIXES("UnderscoreEscapingWithSuffixes", true, true),
  /** Invalid characters become {@code _}; no suffixes. */
  UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES("UnderscoreEscapingWithoutSuffixes", true, false),
  /** Names keep UTF-8 characters; suffixes are added. Needs a UTF-8 capable receiver. */
  NO_UTF8_ESCAPING_WITH_SUFFIXES("NoUTF8EscapingWithSuffixes", false, true),
  /** Names are passed through untouched. Needs a UTF-8 capable receiver. */
  NO_TRANSLATION("NoTranslation", false, false);

  private final String configName;
  private final boolean escapes;
  private final boolean addsSuffixes;

  TranslationStrategy(String configName, boolean escapes, boolean addsSuffixes) {
    this.configName = configName;
    this.escapes = escapes;
    this.addsSuffixes = addsSuffixes;
  }

  /** The value as written in YAML, for example {@code UnderscoreEscapingWithSuffixes}. */
  public String configName() {
    return configName;
  }

  public boolean escapes() {
    return escapes;
  }

  public boolean addsSuffixes() {
    return addsSuffixes;
  }

  /** Parses a YAML value, ignoring case; null if unknown. */
  public static TranslationStrategy parse(String s) {
    for (TranslationStrategy t : values()) {
      if (t.configName.toLowerCase(Locale.ROOT).equals(s.strip().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    return null;
  }

  /**
   * The strategy in effect: {@code translation_strategy} when set, otherwise what the deprecated
   * {@code add_metric_suffixes} (default true) implies.
   */
  public static TranslationStrategy effective(String translationStrategy, Boolean addMetricSuffixes) {
    if (translationStrategy != null) {
      TranslationStrategy t = parse(translationStrategy);
      if (t != null) {
        return t;
      }
    }
    return addMetricSuffixes == null || addMetricSuffixes ? UNDERSCORE_ESCAPING_WITH_SUFFIXES
        : UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES;
  }
}
