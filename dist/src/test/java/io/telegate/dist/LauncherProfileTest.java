package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/telegate --profile NAME}: the launcher, run from an unpacked-distribution layout
 * (bin/, config/, lib/; so it builds nothing), with {@code JAVA_HOME} pointing at a {@code java}
 * that records its arguments and environment and then starts the real JVM with the same options
 * and {@code -XX:+PrintFlagsFinal -version}: the flags the JVM reports are the ones it applied.
 */
class LauncherProfileTest {

  private static final Path ROOT = Path.of("..");

  @TempDir Path home;

  @BeforeEach
  void unpackedDistribution() throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    Files.copy(ROOT.resolve("bin/telegate"), home.resolve("bin/telegate"));
    Path profiles = Files.createDirectories(home.resolve("config/jvm"));
    try (Stream<Path> files = Files.list(ROOT.resolve("config/jvm"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, profiles.resolve(f.getFileName()));
      }
    }
    Path java = Files.createDirectories(home.resolve("jdk/bin")).resolve("java");
    String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(java, """
        #!/usr/bin/env bash
        # Records the launcher's arguments and MALLOC_ARENA_MAX, then runs the real JVM with the
        # options (everything before -cp) and prints the flags it took.
        printf '%%s\\n' "$@" > "$(dirname "$0")/../../args.txt"
        echo "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-}" > "$(dirname "$0")/../../env.txt"
        opts=()
        for a in "$@"; do [ "$a" = "-cp" ] && break; opts+=("$a"); done
        exec %s "${opts[@]}" -XX:+PrintFlagsFinal -version
        """.formatted(real));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(home.resolve("bin/telegate"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Exit status, stdout and stderr of the launcher. */
  private record Run(int exit, String out, String err) {}

  private Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/telegate").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd);
    b.environment().remove("TELEGATE_PROFILE");
    b.environment().remove("JAVA_OPTS");
    b.environment().remove("MALLOC_ARENA_MAX");
    b.environment().put("JAVA_HOME", home.resolve("jdk").toString());
    b.environment().put("TELEGATE_NO_CDS", "1");
    b.environment().putAll(env);
    b.redirectError(home.resolve("stderr.txt").toFile());
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher ended");
    return new Run(p.exitValue(), out, Files.readString(home.resolve("stderr.txt")));
  }

  private List<String> recordedArgs() throws IOException {
    return Files.readAllLines(home.resolve("args.txt"));
  }

  /** The value the JVM's flag table shows for {@code flag}. */
  private static String flag(String printFlagsFinal, String flag) {
    return printFlagsFinal.lines().map(String::trim).filter(l -> l.split("\\s+").length > 3
            && l.split("\\s+")[1].equals(flag)).map(l -> l.split("\\s+")[3]).findFirst()
        .orElseThrow(() -> new AssertionError("no flag " + flag));
  }

  @Test
  void theSidecarProfileReachesTheJvmAndTheGatewayNeverSeesTheOption() throws Exception {
    Run r = launch(Map.of(), "--profile", "sidecar", "run", "--config", "gateway.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals("true", flag(r.out(), "UseSerialGC"));
    assertEquals("false", flag(r.out(), "UseG1GC"), "the profile's collector replaces the launcher's G1");
    assertEquals(Long.toString(40L << 20), flag(r.out(), "MaxHeapSize"));
    assertEquals("1", flag(r.out(), "ActiveProcessorCount"));
    assertEquals("256", flag(r.out(), "ThreadStackSize"), "the profile's -Xss256k after the default -Xss512k");
    assertEquals("5000", flag(r.out(), "TrimNativeHeapInterval"));
    assertEquals("MALLOC_ARENA_MAX=2", Files.readString(home.resolve("env.txt")).trim());
    List<String> args = recordedArgs();
    assertEquals(List.of("run", "--config", "gateway.yaml"),
        args.subList(args.indexOf("io.telegate.dist.Main") + 1, args.size()));
  }

  @Test
  void theEnvironmentVariableChoosesTheProfileAndJavaOptsStillWin() throws Exception {
    Run r = launch(Map.of("TELEGATE_PROFILE", "sidecar", "JAVA_OPTS", "-Xmx64m"), "validate", "--config", "g.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals("true", flag(r.out(), "UseSerialGC"));
    assertEquals(Long.toString(64L << 20), flag(r.out(), "MaxHeapSize"), "JAVA_OPTS comes after the profile");
    List<String> args = recordedArgs();
    assertEquals(List.of("validate", "--config", "g.yaml"),
        args.subList(args.indexOf("io.telegate.dist.Main") + 1, args.size()));
  }

  @Test
  void withoutAProfileTheDefaultsStay() throws Exception {
    Run r = launch(Map.of(), "--profile=", "run");
    assertEquals(0, r.exit(), r.err());
    assertEquals("true", flag(r.out(), "UseG1GC"));
    assertEquals("", Files.readString(home.resolve("env.txt")).trim().substring("MALLOC_ARENA_MAX=".length()));
  }

  @Test
  void anUnknownProfileIsAClearErrorBeforeAnyJvmStarts() throws Exception {
    for (String name : List.of("tiny", "../jvm/sidecar", "")) {
      Run r = launch(Map.of(), "--profile", name.isEmpty() ? "side car" : name, "run");
      assertEquals(2, r.exit(), name + ": " + r.err());
      assertTrue(r.err().startsWith("telegate: unknown profile '" + (name.isEmpty() ? "side car" : name)
          + "' (expected one of: sidecar; files config/jvm/NAME.options)"), r.err());
      assertFalse(Files.exists(home.resolve("args.txt")), "no JVM started for " + name);
    }
    Run missing = launch(Map.of(), "run", "--profile");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("--profile needs a name"), missing.err());
  }

  @Test
  void theKubernetesSidecarRunsAShippedProfile() throws IOException {
    var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    var env = yaml.readTree(ROOT.resolve("deploy/kubernetes/sidecar/telegate-sidecar.yaml").toFile())
        .at("/spec/template/spec/containers/0/env");
    String profile = null;
    for (var e : env) {
      if (e.path("name").asText().equals("TELEGATE_PROFILE")) {
        profile = e.path("value").asText();
      }
    }
    assertEquals("sidecar", profile);
    assertTrue(Files.isRegularFile(ROOT.resolve("config/jvm/" + profile + ".options")));
  }
}
