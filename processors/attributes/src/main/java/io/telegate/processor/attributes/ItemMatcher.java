package io.telegate.processor.attributes;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.Signal;
import io.telegate.core.regex.GoRegex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compiled {@code include} or {@code exclude} block: decides whether a span, log record or
 * metric matches, as the Collector's {@code filterspan}, {@code filterlog} and {@code
 * filtermetric} do. A regexp matches when it is found anywhere in the value.
 */
final class ItemMatcher {

  static final List<String> SPAN_KINDS = List.of("SPAN_KIND_CLIENT", "SPAN_KIND_CONSUMER", "SPAN_KIND_INTERNAL",
      "SPAN_KIND_PRODUCER", "SPAN_KIND_SERVER");

  private static final List<String> SEVERITY_NAMES = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  /** A set of strings or regexes; matches if any entry matches. */
  private interface StringMatcher {
    boolean matches(String s);
  }

  private record AttributeRule(String key, AnyValue strict, Pattern regex) {}

  private record LibraryRule(StringMatcher name, StringMatcher version) {}

  private final String path;
  private final MatchProperties props;
  private final StringMatcher services;
  private final StringMatcher spanNames;
  private final StringMatcher spanKinds;
  private final StringMatcher logBodies;
  private final StringMatcher logSeverityTexts;
  private final Integer minSeverity;
  private final boolean matchUndefinedSeverity;
  private final StringMatcher metricNames;
  private final List<AttributeRule> attributes;
  private final List<AttributeRule> resources;
  private final List<LibraryRule> libraries;

  private ItemMatcher(String path, MatchProperties p, boolean regexp, List<String> errors) {
    this.path = path;
    this.props = p;
    services = strings(p.services(), regexp, path + "::services", true, errors);
    spanNames = strings(p.spanNames(), regexp, path + "::span_names", true, errors);
    spanKinds = strings(p.spanKinds(), regexp, path + "::span_kinds", true, errors);
    logBodies = strings(p.logBodies(), regexp, path + "::log_bodies", true, errors);
    logSeverityTexts = strings(p.logSeverityTexts(), regexp, path + "::log_severity_texts", true, errors);
    metricNames = strings(p.metricNames(), regexp, path + "::metric_names", true, errors);
    attributes = attributeRules(p.attributes(), regexp, path + "::attributes", errors);
    resources = attributeRules(p.resources(), regexp, path + "::resources", errors);
    List<LibraryRule> libs = new ArrayList<>();
    for (int i = 0; i < p.libraries().size(); i++) {
      MatchProperties.LibraryMatch l = p.libraries().get(i);
      String lpath = path + "::libraries[" + i + "]";
      if (l == null || l.name() == null) {
        errors.add(lpath + "::name: must be set");
        continue;
      }
      StringMatcher name = strings(List.of(l.name()), regexp, lpath + "::name", false, errors);
      StringMatcher version = l.version() == null ? null
          : strings(List.of(l.version()), regexp, lpath + "::version", false, errors);
      libs.add(new LibraryRule(name, version));
    }
    libraries = libs;
    if (!regexp) {
      for (int i = 0; i < p.spanKinds().size(); i++) {
        if (!SPAN_KINDS.contains(p.spanKinds().get(i))) {
          errors.add(path + "::span_kinds[" + i + "]: invalid span kind '" + p.spanKinds().get(i)
              + "' with match_type strict (expected one of: " + String.join(", ", SPAN_KINDS) + ")");
        }
      }
    }
    MatchProperties.SeverityNumberMatch sev = p.logSeverityNumber();
    minSeverity = sev == null ? null : severity(sev.min(), path + "::log_severity_number::min", errors);
    matchUndefinedSeverity = sev != null && sev.matchUndefined();
  }

  /** The matcher of a block that {@code validate()} accepted; null if {@code props} is null. */
  static ItemMatcher of(MatchProperties props) {
    return compile(props, "", new ArrayList<>());
  }

  /**
   * Compiles a block, adding each problem with its path to {@code errors}.
   *
   * @return the matcher; null if {@code props} is null or has errors
   */
  static ItemMatcher compile(MatchProperties props, String path, List<String> errors) {
    if (props == null) {
      return null;
    }
    int before = errors.size();
    boolean regexp = false;
    if (props.matchType() == null || props.matchType().isBlank()) {
      errors.add(path + "::match_type: must be set (expected one of: strict, regexp)");
    } else if (props.matchType().equals("regexp")) {
      regexp = true;
    } else if (!props.matchType().equals("strict")) {
      errors.add(path + "::match_type: invalid value '" + props.matchType() + "' (expected one of: strict, regexp)");
    }
    if (props.services().isEmpty() && props.spanNames().isEmpty() && props.spanKinds().isEmpty()
        && props.logBodies().isEmpty() && props.logSeverityTexts().isEmpty() && props.logSeverityNumber() == null
        && props.metricNames().isEmpty() && props.attributes().isEmpty() && props.resources().isEmpty()
        && props.libraries().isEmpty()) {
      errors.add(path + ": at least one of services, span_names, span_kinds, log_bodies, log_severity_texts, "
          + "log_severity_number, metric_names, attributes, resources or libraries must be set");
    }
    ItemMatcher m = new ItemMatcher(path, props, regexp, errors);
    return errors.size() == before ? m : null;
  }

  /**
   * Problems with using this block for {@code signal}, which {@code validate()} cannot see because
   * a config serves every signal: fields of other signals, or none of this signal's.
   */
  List<String> problemsFor(Signal signal) {
    List<String> wrong = new ArrayList<>();
    List<String> own = new ArrayList<>();
    field(props.services(), "services", signal == Signal.TRACES, wrong, own);
    field(props.spanNames(), "span_names", signal == Signal.TRACES, wrong, own);
    field(props.spanKinds(), "span_kinds", signal == Signal.TRACES, wrong, own);
    field(props.logBodies(), "log_bodies", signal == Signal.LOGS, wrong, own);
    field(props.logSeverityTexts(), "log_severity_texts", signal == Signal.LOGS, wrong, own);
    field(props.logSeverityNumber() == null ? List.of() : List.of(1), "log_severity_number", signal == Signal.LOGS,
        wrong, own);
    field(props.metricNames(), "metric_names", signal == Signal.METRICS, wrong, own);
    field(props.attributes(), "attributes", signal != Signal.METRICS, wrong, own);
    field(props.resources(), "resources", true, wrong, own);
    field(props.libraries(), "libraries", signal != Signal.METRICS, wrong, own);
    List<String> problems = new ArrayList<>();
    for (String f : wrong) {
      problems.add(path + "::" + f + ": not valid for " + signal.id());
    }
    if (wrong.isEmpty() && own.isEmpty()) {
      problems.add(path + ": sets no field that applies to " + signal.id());
    }
    return problems;
  }

  private static void field(List<?> values, String name, boolean applies, List<String> wrong, List<String> own) {
    if (!values.isEmpty()) {
      (applies ? own : wrong).add(name);
    }
  }

  boolean matchesSpan(Resource resource, InstrumentationScope scope, Span span) {
    if (services != null && !services.matches(serviceName(resource))) {
      return false;
    }
    if (spanNames != null && !spanNames.matches(span.getName())) {
      return false;
    }
    if (spanKinds != null && !spanKinds.matches(span.getKind().name())) {
      return false;
    }
    return matchesCommon(resource, scope, span.getAttributesList());
  }

  boolean matchesLog(Resource resource, InstrumentationScope scope, LogRecord record) {
    if (logBodies != null && !logBodies.matches(AttributeValues.asString(record.getBody()))) {
      return false;
    }
    if (logSeverityTexts != null && !logSeverityTexts.matches(record.getSeverityText())) {
      return false;
    }
    if (minSeverity != null) {
      int n = record.getSeverityNumberValue();
      if (n == 0 ? !matchUndefinedSeverity : n < minSeverity) {
        return false;
      }
    }
    return matchesCommon(resource, scope, record.getAttributesList());
  }

  boolean matchesMetric(Resource resource, Metric metric) {
    if (metricNames != null && !metricNames.matches(metric.getName())) {
      return false;
    }
    return resources.isEmpty() || matchAttributes(resources, resource.getAttributesList());
  }

  private boolean matchesCommon(Resource resource, InstrumentationScope scope, List<KeyValue> attrs) {
    if (!libraries.isEmpty()) {
      boolean any = false;
      for (LibraryRule l : libraries) {
        if (l.name().matches(scope.getName()) && (l.version() == null || l.version().matches(scope.getVersion()))) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    if (!resources.isEmpty() && !matchAttributes(resources, resource.getAttributesList())) {
      return false;
    }
    return attributes.isEmpty() || matchAttributes(attributes, attrs);
  }

  private static boolean matchAttributes(List<AttributeRule> rules, List<KeyValue> attrs) {
    for (AttributeRule rule : rules) {
      AnyValue v = null;
      for (KeyValue kv : attrs) {
        if (kv.getKey().equals(rule.key())) {
          v = kv.getValue();
          break;
        }
      }
      if (v == null) {
        return false;
      }
      if (rule.regex() != null) {
        String s = AttributeValues.matchString(v);
        if (s == null || !rule.regex().matcher(s).find()) {
          return false;
        }
      } else if (rule.strict() != null && !AttributeValues.strictEquals(rule.strict(), v)) {
        return false;
      }
    }
    return true;
  }

  private static String serviceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        return AttributeValues.asString(kv.getValue());
      }
    }
    return "<nil-service-name>";
  }

  /** @param indexed whether errors name the list index ({@code path[i]}) */
  private static StringMatcher strings(List<String> values, boolean regexp, String path, boolean indexed,
      List<String> errors) {
    if (values.isEmpty()) {
      return null;
    }
    if (!regexp) {
      Set<String> set = new HashSet<>(values);
      return set::contains;
    }
    List<Pattern> patterns = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      GoRegex c = AttributeActions.regex(values.get(i), indexed ? path + "[" + i + "]" : path, errors);
      if (c != null) {
        patterns.add(c.pattern());
      }
    }
    return s -> {
      for (Pattern p : patterns) {
        if (p.matcher(s).find()) {
          return true;
        }
      }
      return false;
    };
  }

  private static List<AttributeRule> attributeRules(List<MatchProperties.AttributeMatch> list, boolean regexp,
      String path, List<String> errors) {
    List<AttributeRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      MatchProperties.AttributeMatch a = list.get(i);
      String apath = path + "[" + i + "]";
      if (a == null || a.key() == null || a.key().isEmpty()) {
        errors.add(apath + "::key: must be set");
        continue;
      }
      if (a.value() == null) {
        rules.add(new AttributeRule(a.key(), null, null));
      } else if (regexp) {
        if (!(a.value() instanceof String s)) {
          errors.add(apath + "::value: match_type regexp supports only string values, got " + a.value());
          continue;
        }
        GoRegex c = AttributeActions.regex(s, apath + "::value", errors);
        if (c != null) {
          rules.add(new AttributeRule(a.key(), null, c.pattern()));
        }
      } else {
        try {
          rules.add(new AttributeRule(a.key(), AttributeValues.fromYaml(a.value()), null));
        } catch (IllegalArgumentException e) {
          errors.add(apath + "::value: " + e.getMessage());
        }
      }
    }
    return rules;
  }

  /** A severity number from a number (1-24) or a name such as {@code INFO} or {@code warn3}. */
  private static Integer severity(Object raw, String path, List<String> errors) {
    if (raw == null) {
      return 0;
    }
    if (raw instanceof Integer n && n >= 0 && n <= 24) {
      return n;
    }
    String s = String.valueOf(raw).strip().toUpperCase(Locale.ROOT);
    if (s.startsWith("SEVERITY_NUMBER_")) {
      s = s.substring("SEVERITY_NUMBER_".length());
    }
    if (s.equals("UNSPECIFIED") || s.equals("UNDEFINED")) {
      return 0;
    }
    for (int i = 0; i < SEVERITY_NAMES.size(); i++) {
      String name = SEVERITY_NAMES.get(i);
      if (s.equals(name)) {
        return i * 4 + 1;
      }
      if (s.length() == name.length() + 1 && s.startsWith(name) && s.charAt(name.length()) >= '2'
          && s.charAt(name.length()) <= '4') {
        return i * 4 + (s.charAt(name.length()) - '0');
      }
    }
    errors.add(path + ": invalid severity '" + raw + "' (expected: 1-24, or a name such as TRACE, DEBUG2, INFO, "
        + "WARN, ERROR or FATAL4)");
    return null;
  }
}
