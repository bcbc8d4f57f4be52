package io.telegate.exporter.loki;

import io.telegate.core.component.ConfigValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tenant}: where each record's tenant ({@code X-Scope-OrgID}) comes from, as the
 * Collector's Loki exporter had it. Unset, the {@code loki.tenant} hint decides, and without a
 * hint no tenant header is sent.
 *
 * @param source static: {@code value} is the tenant; attributes: {@code value} names a resource
 *     attribute (or, failing that, a log record attribute) holding it; context: {@code value} names
 *     request metadata of the client (the receiver's {@code include_metadata}) holding it
 * @param value the tenant, the attribute name or the metadata key
 */
public record TenantConfig(Source source, String value) implements ConfigValidator {

  public static final TenantConfig DEFAULT = new TenantConfig(null, null);

  /** Where the tenant is read. */
  public enum Source {
    STATIC,
    ATTRIBUTES,
    CONTEXT
  }

  boolean isSet() {
    return source != null;
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (source == null && value != null) {
      errors.add("source: must be set when value is (expected one of: static, attributes, context)");
    }
    if (source != null && (value == null || value.isBlank())) {
      errors.add("value: must be set for source " + source.name().toLowerCase(java.util.Locale.ROOT));
    }
    return errors;
  }
}
