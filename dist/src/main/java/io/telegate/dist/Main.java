package io.telegate.dist;

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
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/** The {@code telegate} command: run, validate, components, print-config. */
public final class Main {

  /** How long shutdown may take to drain pipelines after SIGTERM. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private static final String USAGE = """
      Usage: telegate <command> [--config FILE]...

      Commands:
        run            run the gateway (the default when only --config is given)
        validate       check the config and exit: 0 if valid, 1 with every error
        components     list the built-in receivers, processors, exporters and extensions
        print-config   print the resolved config (env expanded, files merged, secrets redacted)

      Options:
        --config FILE  a gateway.yaml; repeat to merge several (later files win; maps merge, lists replace)
        --help         this text
        --version      the version
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> env;
  private final Components components;

  Main(PrintStream out, PrintStream err, Function<String, String> env, Components components) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.components = components;
  }

  public static void main(String[] args) {
    io.telegate.core.telemetry.JulBridge.install();
    Main main = new Main(System.out, System.err, System::getenv, BuiltinComponents.all());
    int code = main.execute(args);
    if (code != RUNNING) {
      System.exit(code);
    }
  }

  /** Returned by {@link #execute} when the gateway runs on and will exit through a signal. */
  static final int RUNNING = -1;

  /** Runs a command; returns its exit code, or {@link #RUNNING}. */
  int execute(String[] args) {
    String command = null;
    List<Path> configs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
        out.print(USAGE);
        return 0;
      } else if (a.equals("--version") || a.equals("-v") || a.equals("version")) {
        out.println("telegate " + version());
        return 0;
      } else if (a.equals("--config") || a.equals("-c")) {
        if (i + 1 >= args.length) {
          err.println("--config needs a file name");
          return 2;
        }
        configs.add(Path.of(args[++i]));
      } else if (a.startsWith("--config=")) {
        configs.add(Path.of(a.substring("--config=".length())));
      } else if (a.startsWith("-")) {
        err.println("unknown option " + a + "\n");
        err.print(USAGE);
        return 2;
      } else if (command == null) {
        command = a;
      } else {
        err.println("unexpected argument " + a + "\n");
        err.print(USAGE);
        return 2;
      }
    }
    if (args.length == 0) {
      // As a mistyped command would: a script that forgot its arguments should not pass.
      err.print(USAGE);
      return 2;
    }
    if (command == null) {
      command = configs.isEmpty() ? "help" : "run";
    }
    return switch (command) {
      case "run" -> run(configs);
      case "validate" -> validate(configs);
      case "components" -> components();
      case "print-config" -> printConfig(configs);
      case "help" -> {
        out.print(USAGE);
        yield 0;
      }
      default -> {
        err.println("unknown command '" + command + "'\n");
        err.print(USAGE);
        yield 2;
      }
    };
  }

  private GatewayConfig load(List<Path> configs) throws ConfigException {
    return load(configs, new ConfigSource(env));
  }

  /** Loads with {@code source}, whose warnings stay readable when the config is refused. */
  private GatewayConfig load(List<Path> configs, ConfigSource source) throws ConfigException {
    if (configs.isEmpty()) {
      throw new ConfigException(List.of("no config given (expected: --config FILE)"));
    }
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = source.load(configs, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors.list());
    }
    return new ConfigResolver(components).resolve(tree, source.warnings());
  }

  private int validate(List<Path> configs) {
    ConfigSource source = new ConfigSource(env);
    try {
      GatewayConfig config = load(configs, source);
      for (String w : config.warnings()) {
        err.println("warning: " + w);
      }
      out.println("config is valid: " + config.pipelines().size() + " pipeline(s)");
      return 0;
    } catch (ConfigException e) {
      // An unset variable is often why a key is invalid.
      source.warnings().forEach(w -> err.println("warning: " + w));
      printErrors(e);
      return 1;
    }
  }

  /** {@code invalid config (N error[s]):} and one indented line per error. */
  private void printErrors(ConfigException e) {
    int n = e.errors().size();
    err.println("invalid config (" + n + (n == 1 ? " error" : " errors") + "):");
    e.errors().forEach(x -> err.println("  " + x));
  }

  private int printConfig(List<Path> configs) {
    try {
      GatewayConfig config = load(configs);
      out.print(ConfigSource.toYaml(Redaction.redact(config.tree())));
      return 0;
    } catch (ConfigException e) {
      printErrors(e);
      return 1;
    }
  }

  private int components() {
    for (ComponentKind kind : List.of(ComponentKind.RECEIVER, ComponentKind.PROCESSOR, ComponentKind.EXPORTER,
        ComponentKind.EXTENSION)) {
      out.println(kind.section() + ":");
      for (ComponentFactory<?> f : components.all()) {
        if (f.kind() != kind) {
          continue;
        }
        List<String> signals = new ArrayList<>();
        for (Signal s : Signal.values()) {
          if (f.signals().contains(s)) {
            signals.add(s.id());
          }
        }
        String aliases = f.aliases().isEmpty() ? "" : " (also: " + String.join(", ", f.aliases()) + ")";
        out.println("  " + f.type() + aliases + (signals.isEmpty() ? "" : ": " + String.join(", ", signals)));
      }
    }
    return 0;
  }

  private int run(List<Path> configs) {
    GatewayConfig config;
    ConfigSource source = new ConfigSource(env);
    try {
      config = load(configs, source);
    } catch (ConfigException e) {
      GatewayLogger log = GatewayLogger.root();
      source.warnings().forEach(log::warn);
      log.error("invalid config; not starting", null, "errors", String.join("; ", e.errors()));
      printErrors(e);
      return 1;
    }
    Gateway gateway = new Gateway(config, version(), Clock.systemUTC());
    try {
      gateway.start();
    } catch (Exception e) {
      GatewayLogger.root().error("failed to start", e);
      return 1;
    }
    Signals.onTermination(() -> {
      gateway.shutdown(SHUTDOWN_TIMEOUT);
      System.exit(0);
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> gateway.shutdown(SHUTDOWN_TIMEOUT), "telegate-shutdown"));
    return RUNNING;
  }

  /** The version from the build, or {@code dev}. */
  static String version() {
    try (InputStream in = Main.class.getResourceAsStream("/telegate-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
