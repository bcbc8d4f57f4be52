package io.telegate.core.config;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Components;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ExtensionFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.component.ValidationContext;
import io.telegate.core.config.GatewayConfig.Configured;
import io.telegate.core.config.GatewayConfig.Pipeline;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.QueuedExporterConfig;
import io.telegate.core.flow.Acknowledgement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a merged YAML tree into a {@link GatewayConfig}: binds every component's config, runs
 * each {@code validate()}, and checks the pipelines. All errors are collected and thrown together,
 * each with its path, such as {@code exporters::otlp/jaeger: timeout: must be positive}.
 */
public final class ConfigResolver {

  /** The top-level sections a config may have; the unknown-section error lists exactly these. */
  static final List<String> SECTIONS =
      List.of("connectors", "exporters", "extensions", "processors", "receivers", "service");
  private static final List<ComponentKind> PIPELINE_KINDS =
      List.of(ComponentKind.RECEIVER, ComponentKind.PROCESSOR, ComponentKind.EXPORTER);

  /**
   * Types the Collector removed, by section and type, with what to use instead: a config copied
   * from an old Collector gets the way out, not only the list of types Telegate has.
   */
  private static final Map<String, String> REMOVED = Map.of(
      "exporters::jaeger", "the jaeger exporter was removed from the Collector (v0.85.0): Jaeger accepts OTLP "
          + "natively (gRPC on 4317, HTTP on 4318), so use the otlp exporter, e.g. exporters: {otlp/jaeger: "
          + "{endpoint: jaeger-collector:4317, tls: {insecure: true}}}, and name otlp/jaeger in the pipelines");

  /** Where self-metrics and health are served when the config does not say. */
  public static final String DEFAULT_METRICS_HOST = "localhost";

  public static final int DEFAULT_METRICS_PORT = 8888;

  private final Components components;

  public ConfigResolver(Components components) {
    this.components = components;
  }

  /**
   * Resolves {@code tree}.
   *
   * @throws ConfigException with every error found
   */
  public GatewayConfig resolve(Map<String, Object> tree) throws ConfigException {
    return resolve(tree, List.of());
  }

  /**
   * Resolves {@code tree}, whose loading found {@code loadWarnings} (such as {@link
   * ConfigSource#warnings()}); they come first in the config's warnings.
   *
   * @throws ConfigException with every error found
   */
  public GatewayConfig resolve(Map<String, Object> tree, List<String> loadWarnings) throws ConfigException {
    ConfigErrors errors = new ConfigErrors();
    List<String> warnings = new ArrayList<>(loadWarnings);
    for (String key : tree.keySet()) {
      if (!SECTIONS.contains(key)) {
        errors.add(key, "unknown top-level section (valid: " + String.join(", ", SECTIONS) + ")");
      }
    }
    Map<ComponentKind, Map<ComponentId, Configured>> configured = new EnumMap<>(ComponentKind.class);
    // Ids declared with a type we lack: already reported, so references to them are not.
    Set<String> unknown = new java.util.HashSet<>();
    for (ComponentKind kind : List.of(ComponentKind.RECEIVER, ComponentKind.PROCESSOR, ComponentKind.EXPORTER,
        ComponentKind.EXTENSION)) {
      configured.put(kind, bindSection(kind, tree.get(kind.section()), errors, warnings, unknown));
    }
    Object connectors = tree.get("connectors");
    if (connectors instanceof Map<?, ?> m && !m.isEmpty()) {
      for (Object id : m.keySet()) {
        errors.add("connectors::" + id, "connectors are not supported by Telegate yet");
      }
    }

    ServiceConfig service = ConfigBinder.bind(tree.get("service"), ServiceConfig.DEFAULT, "service", errors);
    if (!(tree.get("service") instanceof Map)) {
      errors.add("service", "missing: the config needs a service section with at least one pipeline");
    }
    List<Pipeline> pipelines = resolvePipelines(service, configured, errors, unknown);
    List<ComponentId> extensions = new ArrayList<>();
    for (int i = 0; i < service.extensions().size(); i++) {
      String raw = service.extensions().get(i);
      String path = "service::extensions[" + i + "]";
      ComponentId id = parseId(raw, path, errors);
      if (id == null) {
        continue;
      }
      if (!configured.get(ComponentKind.EXTENSION).containsKey(id)
          && !unknown.contains(ComponentKind.EXTENSION + "/" + id)) {
        errors.add(path, "references extension '" + id + "' which is not configured under extensions");
      } else {
        extensions.add(id);
      }
    }
    GatewayConfig.Telemetry telemetry = TelemetryResolver.resolve(service.telemetry(), tree.get("service"), components, errors);
    GatewayConfig.Flow flow = resolveFlow(service, errors);
    if (errors.isEmpty()) {
      // Only once every part is valid on its own: these checks create extensions and compile matchers.
      validateWhereUsed(configured, pipelines, extensions, errors);
    }

    if (!errors.isEmpty()) {
      throw new ConfigException(errors.list());
    }
    warnUnused(configured, pipelines, extensions, warnings);
    warnFlow(configured, pipelines, flow, warnings);
    return new GatewayConfig(configured, pipelines, extensions, telemetry, flow, warnings, tree);
  }

  private Map<ComponentId, Configured> bindSection(
      ComponentKind kind, Object section, ConfigErrors errors, List<String> warnings, Set<String> unknown) {
    Map<ComponentId, Configured> out = new LinkedHashMap<>();
    if (section == null) {
      return out;
    }
    if (!(section instanceof Map<?, ?> map)) {
      errors.add(kind.section(), "expected a map of component ids, got " + ConfigBinder.describe(section));
      return out;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String rawId = String.valueOf(e.getKey());
      String path = kind.section() + "::" + rawId;
      ComponentId id = parseId(rawId, path, errors);
      if (id == null) {
        continue;
      }
      ComponentFactory<?> factory = components.find(kind, id.type()).orElse(null);
      String removed = REMOVED.get(kind.section() + "::" + id.type());
      if (factory == null && removed != null) {
        errors.add(path, removed);
        unknown.add(kind + "/" + id);
        continue;
      }
      if (factory == null) {
        List<String> known = components.types(kind);
        errors.add(path, "unknown " + kind.label() + " type '" + id.type() + "' (Telegate has: "
            + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        unknown.add(kind + "/" + id);
        continue;
      }
      if (!factory.type().equals(id.type())) {
        String warning = factory.aliasWarning(id.type());
        if (warning != null) {
          warnings.add(path + ": " + warning);
        }
      }
      ComponentConfig cfg = bindComponent(factory, e.getValue(), path, errors);
      out.put(id, new Configured(kind, id, factory, cfg));
    }
    return out;
  }

  static <C extends ComponentConfig> ComponentConfig bindComponent(
      ComponentFactory<C> factory, Object raw, String path, ConfigErrors errors) {
    C defaults = factory.defaultConfig();
    if (!(defaults instanceof Record)) {
      throw new IllegalStateException(factory.type() + ": config " + defaults.getClass() + " is not a record");
    }
    ConfigErrors bindErrors = new ConfigErrors();
    @SuppressWarnings("unchecked")
    C cfg = (C) ConfigBinder.bind(raw, (Record) defaults, "", bindErrors);
    for (String err : bindErrors.list()) {
      errors.add(path, err);
    }
    if (bindErrors.isEmpty()) {
      for (String err : ConfigValidation.validate(cfg)) {
        errors.add(path, err);
      }
    }
    return cfg;
  }

  /**
   * The checks that depend on where each component is used (its pipelines' signals, the running
   * extensions it names), for {@code validate} and {@code run} alike: an {@code include} field a
   * pipeline's signal lacks, an {@code auth} or {@code storage} naming no suitable extension.
   */
  private static void validateWhereUsed(Map<ComponentKind, Map<ComponentId, Configured>> configured,
      List<Pipeline> pipelines, List<ComponentId> extensions, ConfigErrors errors) {
    Map<ComponentId, java.util.Optional<Component>> created = new LinkedHashMap<>();
    for (ComponentId id : extensions) {
      Configured c = configured.get(ComponentKind.EXTENSION).get(id);
      try {
        created.put(id, java.util.Optional.of(create(c)));
      } catch (RuntimeException e) {
        errors.add("extensions::" + id, String.valueOf(e.getMessage()));
        created.put(id, java.util.Optional.empty());
      }
    }
    for (Configured c : configured.get(ComponentKind.EXTENSION).values()) {
      if (extensions.contains(c.id())) {
        check(c, Set.of(), created, errors);
      }
    }
    for (ComponentKind kind : PIPELINE_KINDS) {
      for (Configured c : configured.get(kind).values()) {
        Set<Signal> signals = java.util.EnumSet.noneOf(Signal.class);
        for (Pipeline p : pipelines) {
          if (members(p, kind).contains(c.id())) {
            signals.add(p.signal());
          }
        }
        if (!signals.isEmpty()) {
          check(c, signals, created, errors);
        }
      }
    }
  }

  /** The pipeline's components of one kind. */
  private static List<ComponentId> members(Pipeline p, ComponentKind kind) {
    return switch (kind) {
      case RECEIVER -> p.receivers();
      case PROCESSOR -> p.processors();
      default -> p.exporters();
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Component create(Configured c) {
    return ((ExtensionFactory) c.factory()).create(
        new CreateSettings(c.id(), ComponentKind.EXTENSION, new java.util.HashMap<>()), c.config());
  }

  private static void check(Configured c, Set<Signal> signals, Map<ComponentId, java.util.Optional<Component>> created,
      ConfigErrors errors) {
    ValidationContext context = new ValidationContext() {
      @Override
      public ComponentKind kind() {
        return c.kind();
      }

      @Override
      public Set<Signal> signals() {
        return signals;
      }

      @Override
      public java.util.Optional<Component> extension(ComponentId id) {
        return created.getOrDefault(id, java.util.Optional.empty());
      }
    };
    for (String err : ConfigValidation.validate(c.config(), context)) {
      errors.add(c.kind().section() + "::" + c.id(), err);
    }
  }

  private List<Pipeline> resolvePipelines(
      ServiceConfig service, Map<ComponentKind, Map<ComponentId, Configured>> configured, ConfigErrors errors,
      Set<String> unknown) {
    List<Pipeline> out = new ArrayList<>();
    if (service.pipelines().isEmpty()) {
      errors.add("service::pipelines", "must define at least one pipeline");
    }
    for (Map.Entry<String, ServiceConfig.PipelineConfig> e : service.pipelines().entrySet()) {
      String path = "service::pipelines::" + e.getKey();
      ComponentId pid = parseId(e.getKey(), path, errors);
      if (pid == null) {
        continue;
      }
      Signal signal = Signal.fromId(pid.type());
      if (signal == null) {
        errors.add(path, "unknown pipeline type '" + pid.type() + "' (expected: traces, metrics or logs)");
        continue;
      }
      ServiceConfig.PipelineConfig p = e.getValue();
      Map<ComponentKind, List<ComponentId>> refs = new EnumMap<>(ComponentKind.class);
      for (ComponentKind kind : PIPELINE_KINDS) {
        List<String> names = switch (kind) {
          case RECEIVER -> p.receivers();
          case PROCESSOR -> p.processors();
          default -> p.exporters();
        };
        List<ComponentId> ids = new ArrayList<>();
        Set<ComponentId> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
          String refPath = path + "::" + kind.section() + "[" + i + "]";
          ComponentId id = parseId(names.get(i), refPath, errors);
          if (id == null) {
            continue;
          }
          if (!seen.add(id)) {
            errors.add(refPath, kind.label() + " '" + id + "' is listed twice");
            continue;
          }
          Configured c = configured.get(kind).get(id);
          if (c == null && unknown.contains(kind + "/" + id)) {
            continue;
          }
          if (c == null) {
            errors.add(refPath, "references " + kind.label() + " '" + id + "' which is not configured under "
                + kind.section());
            continue;
          }
          if (!c.factory().signals().contains(signal)) {
            errors.add(refPath, kind.label() + " '" + id + "' does not support " + signal.id()
                + " (it supports: " + signalsOf(c.factory()) + ")");
            continue;
          }
          ids.add(id);
        }
        refs.put(kind, ids);
      }
      if (p.receivers().isEmpty()) {
        errors.add(path + "::receivers", "must have at least one receiver");
      }
      if (p.exporters().isEmpty()) {
        errors.add(path + "::exporters", "must have at least one exporter");
      }
      out.add(new Pipeline(pid, signal, refs.get(ComponentKind.RECEIVER), refs.get(ComponentKind.PROCESSOR),
          refs.get(ComponentKind.EXPORTER)));
    }
    return out;
  }

  private static String signalsOf(ComponentFactory<?> f) {
    List<String> s = new ArrayList<>();
    for (Signal signal : Signal.values()) {
      if (f.signals().contains(signal)) {
        s.add(signal.id());
      }
    }
    return s.isEmpty() ? "none" : String.join(", ", s);
  }

  private static ComponentId parseId(String raw, String path, ConfigErrors errors) {
    try {
      return ComponentId.parse(raw);
    } catch (IllegalArgumentException e) {
      errors.add(path, e.getMessage());
      return null;
    }
  }

  private static GatewayConfig.Flow resolveFlow(ServiceConfig service, ConfigErrors errors) {
    ServiceConfig.BuffersConfig b = service.buffers();
    if (b.limitMib() < 0) {
      errors.add("service::buffers::limit_mib", "must not be negative, got " + b.limitMib());
    }
    if (b.limitPercentage() < 1 || b.limitPercentage() > 90) {
      errors.add("service::buffers::limit_percentage", "must be between 1 and 90, got " + b.limitPercentage());
    }
    if (b.intakeLimitMib() < 0) {
      errors.add("service::buffers::intake_limit_mib", "must not be negative, got " + b.intakeLimitMib());
    }
    if (b.intakeLimitPercentage() < 1 || b.intakeLimitPercentage() > 90) {
      errors.add("service::buffers::intake_limit_percentage", "must be between 1 and 90, got "
          + b.intakeLimitPercentage());
    }
    if (b.admissionWait() == null || b.admissionWait().isNegative()) {
      errors.add("service::buffers::admission_wait", "must not be negative, got " + b.admissionWait());
    }
    return new GatewayConfig.Flow(service.acknowledgements(), b.limitMib(), b.limitPercentage(), b.intakeLimitMib(),
        b.intakeLimitPercentage(), b.admissionWait() == null || b.admissionWait().isNegative() ? Duration.ZERO
            : b.admissionWait());
  }

  /** Seconds from which a batch wait is too long for end-to-end acknowledgement (SDKs time out at 10 s). */
  static final Duration LONG_WAIT_WITH_END_TO_END = Duration.ofSeconds(5);

  /**
   * Flow warnings: a memory-only batch buffer in front of a disk queue (what it holds is lost on a
   * crash, although the disk queue suggests otherwise), and long batch waits when requests are
   * acknowledged only after export.
   */
  private static void warnFlow(Map<ComponentKind, Map<ComponentId, Configured>> configured, List<Pipeline> pipelines,
      GatewayConfig.Flow flow, List<String> warnings) {
    Set<String> said = new java.util.HashSet<>();
    for (Pipeline p : pipelines) {
      for (ComponentId pid : p.processors()) {
        Configured proc = configured.get(ComponentKind.PROCESSOR).get(pid);
        Duration holds = proc == null ? null : proc.config().holdsDataFor();
        if (holds == null) {
          continue;
        }
        for (ComponentId eid : p.exporters()) {
          Configured exp = configured.get(ComponentKind.EXPORTER).get(eid);
          QueueConfig q = exp != null && exp.config() instanceof QueuedExporterConfig c ? c.exportQueue() : null;
          if (q != null && q.enabled() && q.storage() != null && said.add("disk " + pid + " " + eid)) {
            warnings.add("processors::" + pid + ": holds data in memory only, in front of exporter '" + eid
                + "' whose queue is on disk (" + q.storage() + "): what the batch buffer holds when the process"
                + " crashes is lost although it was acknowledged; batch in the exporter's queue instead"
                + " (exporters::" + eid + "::sending_queue::batch) and leave this processor out");
          }
        }
        if (flow.acknowledgement() == Acknowledgement.EXPORTED && holds.compareTo(LONG_WAIT_WITH_END_TO_END) >= 0
            && said.add("wait " + pid)) {
          warnings.add("processors::" + pid + ": timeout " + Durations.format(holds) + " with service::acknowledgements:"
              + " exported makes a quiet client wait that long for every answer (the OpenTelemetry SDKs give up"
              + " after 10s and resend); use a timeout under 5s");
        }
      }
    }
    if (flow.acknowledgement() == Acknowledgement.EXPORTED) {
      for (Configured exp : configured.get(ComponentKind.EXPORTER).values()) {
        QueueConfig q = exp.config() instanceof QueuedExporterConfig c ? c.exportQueue() : null;
        if (q != null && q.enabled() && q.batch() != null
            && q.batch().flushTimeout().compareTo(LONG_WAIT_WITH_END_TO_END) >= 0) {
          warnings.add("exporters::" + exp.id() + ": sending_queue::batch::flush_timeout "
              + Durations.format(q.batch().flushTimeout()) + " with service::acknowledgements: exported makes a"
              + " quiet client wait that long for every answer (the OpenTelemetry SDKs give up after 10s and"
              + " resend); use a flush_timeout under 5s");
        }
      }
    }
  }

  private static void warnUnused(Map<ComponentKind, Map<ComponentId, Configured>> configured,
      List<Pipeline> pipelines, List<ComponentId> extensions, List<String> warnings) {
    for (ComponentKind kind : PIPELINE_KINDS) {
      for (ComponentId id : configured.get(kind).keySet()) {
        boolean used = false;
        for (Pipeline p : pipelines) {
          used |= members(p, kind).contains(id);
        }
        if (!used) {
          warnings.add(kind.section() + "::" + id + ": configured but not used in any pipeline; it will not run");
        }
      }
    }
    for (ComponentId id : configured.get(ComponentKind.EXTENSION).keySet()) {
      if (!extensions.contains(id)) {
        warnings.add("extensions::" + id + ": configured but not listed in service::extensions; it will not run");
      }
    }
  }
}
