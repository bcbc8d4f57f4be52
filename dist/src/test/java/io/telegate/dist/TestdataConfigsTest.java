package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Components;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigException;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.service.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every component's {@code testdata/<kind>-<type>/} (next to its code, as in the Collector): {@code
 * config.yaml}, a valid config that {@code telegate validate} accepts and the gateway starts and
 * stops with, and {@code invalid_configs.yaml}, cases that {@code validate} and {@code run} must
 * both refuse with the case's error. So a check that only start-up makes (a field the pipeline's
 * signal lacks, an extension reference) cannot pass validation.
 *
 * <p>A case is {@code {name, config, error}} plus optionally {@code signal} (the pipeline it runs
 * in; default the first the type supports) and {@code extensions} (more extensions, run by the
 * service). A {@code peer-needed} file says why the valid config is only validated here (starting
 * needs a server, which another test provides). The component is put in a one-pipeline gateway: an OTLP receiver and a debug exporter
 * around it, on free ports.
 */
class TestdataConfigsTest {

  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Components COMPONENTS = BuiltinComponents.all();

  @TempDir Path dir;

  /** Every {@code <module>/testdata/<kind>-<type>} directory of the repository. */
  static List<Path> testdataDirs() throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(ROOT, 4)) {
      walk.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("testdata")
              && !p.toString().contains("target") && Files.isDirectory(p))
          .forEach(t -> {
            try (Stream<Path> types = Files.list(t)) {
              types.filter(Files::isDirectory).sorted().forEach(dirs::add);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
    dirs.sort(null);
    return dirs;
  }

  /** The factory a {@code <kind>-<type>} directory (such as {@code exporter-otlp}) is for. */
  private static ComponentFactory<?> factory(String dirName) {
    int dash = dirName.indexOf('-');
    for (ComponentKind kind : ComponentKind.values()) {
      if (dash > 0 && kind.label().equals(dirName.substring(0, dash))) {
        return COMPONENTS.find(kind, dirName.substring(dash + 1))
            .orElseThrow(() -> new AssertionError("testdata for unknown component " + dirName));
      }
    }
    throw new AssertionError("testdata directory " + dirName + " is not named <kind>-<type>");
  }

  @Test
  void everyComponentHasTestdata() throws IOException {
    List<String> with = testdataDirs().stream().map(p -> p.getFileName().toString()).toList();
    List<String> missing = new ArrayList<>();
    for (ComponentKind kind : ComponentKind.values()) {
      for (String type : COMPONENTS.types(kind)) {
        if (!with.contains(kind.label() + "-" + type)) {
          missing.add(kind.label() + "-" + type);
        }
      }
    }
    assertEquals(List.of(), missing, "components without testdata/<type>/config.yaml and invalid_configs.yaml");
  }

  @TestFactory
  Stream<DynamicTest> validConfigsValidateStartAndStop() throws IOException {
    return testdataDirs().stream().map(d -> DynamicTest.dynamicTest(d.getFileName() + " config.yaml", () -> {
      String type = d.getFileName().toString();
      Object config = YAML.readValue(d.resolve("config.yaml").toFile(), Object.class);
      Path file = gatewayFile(type, config, null, Map.of(), type + "-valid");
      Run validate = validate(file);
      assertEquals(0, validate.code, type + ": validate refused the valid config:\n" + validate.err);
      if (Files.exists(d.resolve("peer-needed"))) {
        return; // starting needs a server (the file says which test starts it against one)
      }
      Gateway gateway = new Gateway(resolve(file), "test", Clock.systemUTC());
      try {
        gateway.start();
      } finally {
        gateway.shutdown(Duration.ofSeconds(5));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> invalidConfigsAreRefusedByValidateAndByRunAlike() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path d : testdataDirs()) {
      String type = d.getFileName().toString();
      List<?> cases = YAML.readValue(d.resolve("invalid_configs.yaml").toFile(), List.class);
      assertFalse(cases.isEmpty(), type + ": no invalid cases");
      for (Object c : cases) {
        Map<?, ?> m = (Map<?, ?>) c;
        String name = String.valueOf(m.get("name"));
        String error = String.valueOf(m.get("error"));
        tests.add(DynamicTest.dynamicTest(type + ": " + name, () -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> extensions = m.get("extensions") == null ? Map.of()
              : (Map<String, Object>) m.get("extensions");
          Path file = gatewayFile(type, m.get("config"), (String) m.get("signal"), extensions,
              type + "-" + name.replaceAll("[^A-Za-z0-9]+", "-"));
          Run validate = validate(file);
          assertEquals(1, validate.code, type + ", " + name + ": validate accepted it:\n" + validate.out);
          assertTrue(validate.err.contains(error), type + ", " + name + ": validate said\n" + validate.err
              + "\nexpected: " + error);
          String run = runRefusal(file);
          assertTrue(run.contains(error), type + ", " + name + ": run said\n" + run + "\nexpected: " + error);
        }));
      }
    }
    return tests.stream();
  }

  /** A one-pipeline gateway around the component {@code type} with {@code config}. */
  private Path gatewayFile(String type, Object config, String signalName, Map<String, Object> moreExtensions,
      String fileName) throws IOException {
    ComponentFactory<?> f = factory(type);
    type = f.type();
    Signal signal = signalName != null ? Signal.fromId(signalName)
        : f.signals().isEmpty() ? Signal.TRACES : f.signals().stream().sorted().findFirst().orElseThrow();
    Map<String, Object> receivers = new LinkedHashMap<>();
    Map<String, Object> processors = new LinkedHashMap<>();
    Map<String, Object> exporters = new LinkedHashMap<>();
    Map<String, Object> extensions = new LinkedHashMap<>(moreExtensions);
    String receiver = "otlp";
    String exporter = "debug";
    List<String> pipelineProcessors = new ArrayList<>();
    switch (f.kind()) {
      case RECEIVER -> {
        receivers.put(type, config);
        receiver = type;
      }
      case PROCESSOR -> {
        processors.put(type, config);
        pipelineProcessors.add(type);
      }
      case EXPORTER -> {
        exporters.put(type, config);
        exporter = type;
      }
      default -> extensions.put(type, config);
    }
    if (!receiver.equals("otlp") || receivers.isEmpty()) {
      receivers.putIfAbsent("otlp", Map.of("protocols", Map.of("grpc", Map.of("endpoint", "127.0.0.1:0"))));
    }
    exporters.putIfAbsent("debug", Map.of());
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("receivers", List.of(receiver));
    if (!pipelineProcessors.isEmpty()) {
      pipeline.put("processors", pipelineProcessors);
    }
    pipeline.put("exporters", List.of(exporter));
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("telemetry", Map.of("metrics", Map.of("address", "127.0.0.1:0")));
    if (!extensions.isEmpty()) {
      service.put("extensions", new ArrayList<>(extensions.keySet()));
    }
    service.put("pipelines", Map.of(signal.id(), pipeline));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("receivers", receivers);
    if (!processors.isEmpty()) {
      tree.put("processors", processors);
    }
    tree.put("exporters", exporters);
    if (!extensions.isEmpty()) {
      tree.put("extensions", extensions);
    }
    tree.put("service", service);
    Path file = dir.resolve(fileName + ".yaml");
    YAML.writeValue(file.toFile(), tree);
    return file;
  }

  private record Run(int code, String out, String err) {}

  private static Run validate(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), k -> null, COMPONENTS)
        .execute(new String[] {"validate", "--config", file.toString()});
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static GatewayConfig resolve(Path file) throws ConfigException {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).load(List.of(file), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    return new ConfigResolver(COMPONENTS).resolve(tree);
  }

  /** What {@code run} says when it refuses the config: the resolver's errors, or the start-up failure. */
  private static String runRefusal(Path file) {
    GatewayConfig config;
    try {
      config = resolve(file);
    } catch (ConfigException e) {
      return String.join("\n", e.errors());
    }
    Gateway gateway = new Gateway(config, "test", Clock.systemUTC());
    try {
      gateway.start();
    } catch (Exception e) {
      return String.valueOf(e.getMessage());
    } finally {
      gateway.shutdown(Duration.ofSeconds(5));
    }
    return fail("run started a gateway with it");
  }
}
