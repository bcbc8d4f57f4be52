package io.telegate.receiver.prometheus;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.UnsupportedKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus config the receiver embeds: {@code global} and {@code scrape_configs}. Prometheus's
 * server-only sections (rules, alerting, remote write and read, storage) are refused, as the
 * Collector refuses them.
 *
 * @param global defaults for every scrape config
 * @param scrapeConfigs the jobs
 */
@UnsupportedKeys({"scrape_config_files", "rule_files", "alerting", "remote_write", "remote_read", "storage",
    "tracing", "otlp", "runtime"})
public record PrometheusConfig(GlobalConfig global, List<ScrapeConfig> scrapeConfigs) implements ConfigValidator {

  public static final PrometheusConfig DEFAULT = new PrometheusConfig(GlobalConfig.DEFAULT, List.of());

  private static final java.util.regex.Pattern RELATIVE_PATH = java.util.regex.Pattern.compile("[A-Za-z0-9_\\[\\]:]+: ");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    for (int i = 0; i < scrapeConfigs.size(); i++) {
      ScrapeConfig s = scrapeConfigs.get(i);
      if (s == null) {
        errors.add("scrape_configs[" + i + "]: must be a map");
        continue;
      }
      String at = "scrape_configs[" + i + "]";
      // An error about the entry as a whole has no key path of its own: it goes under the entry.
      s.validateAgainst(global).forEach(e -> errors.add(RELATIVE_PATH.matcher(e).lookingAt() ? at + "::" + e
          : at + ": " + e));
      if (!s.jobName().isEmpty() && !jobs.add(s.jobName())) {
        errors.add("scrape_configs[" + i + "]::job_name: found multiple scrape configs with job name '"
            + s.jobName() + "'");
      }
    }
    return errors;
  }

  /** Each scrape config with the global defaults filled in. */
  public List<ScrapeConfig.Resolved> resolved() {
    return scrapeConfigs.stream().map(s -> s.resolve(global)).toList();
  }
}
