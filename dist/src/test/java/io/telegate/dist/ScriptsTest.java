package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launchers' builds, read from the scripts (running them here would start Maven inside Maven):
 * quiet, batch, colourless, their output stripped of the colour resets Maven 3.8 writes anyway,
 * and {@code telegate-load} building what it depends on, so that a fresh clone needs no install.
 */
class ScriptsTest {

  private static final Path BIN = Path.of("..", "bin");
  private static final Pattern MVN = Pattern.compile("(?m)^.*\\bmvn (-[^\\n]*)$");
  private static final Pattern STRIP = Pattern.compile("\\| sed '([^']*)'");

  /** Each Maven build line of a script, with the line after it (where the output is piped). */
  private static List<String> builds(String script) throws IOException {
    String text = Files.readString(BIN.resolve(script));
    List<String> out = new ArrayList<>();
    Matcher m = MVN.matcher(text);
    while (m.find()) {
      int next = text.indexOf('\n', m.end() + 1);
      out.add(text.substring(m.start(), next < 0 ? text.length() : next));
    }
    assertFalse(out.isEmpty(), script + " builds with Maven");
    return out;
  }

  @Test
  void everyLauncherBuildIsQuietBatchColourlessAndStripsEscapes() throws Exception {
    for (String script : List.of("telegate", "telegate-load")) {
      for (String build : builds(script)) {
        assertTrue(build.contains(" -q ") && build.contains(" -B ") && build.contains(" -Dstyle.color=never "),
            script + ": " + build);
        Matcher strip = STRIP.matcher(build);
        assertTrue(strip.find(), script + " pipes Maven's output through the escape filter: " + build);
        assertEquals("building done\n", sed(strip.group(1), "\u001b[0m\u001b[0mbuilding \u001b[1;31mdone\u001b[m\n"));
      }
    }
  }

  @Test
  void theLoadToolBuildsItsDependenciesInTheSameRun() throws Exception {
    for (String build : builds("telegate-load")) {
      assertTrue(build.contains("-pl benchmarks -am "), build);
      assertFalse(build.contains(" -o "), "a fresh clone has nothing to build offline from: " + build);
      assertFalse(build.contains(" install"), "nothing of the build is published to ~/.m2: " + build);
    }
    assertFalse(Files.readString(BIN.resolve("telegate-load")).contains("install -"),
        "the load tool's failure message must not ask for an install");
  }

  @Test
  void theScriptsParse() throws Exception {
    for (String script : List.of("telegate", "telegate-load")) {
      Process p = new ProcessBuilder("bash", "-n", BIN.resolve(script).toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), script + ": " + out);
    }
  }

  /** Runs the script's own sed expression over {@code input}. */
  private static String sed(String expression, String input) throws Exception {
    Process p = new ProcessBuilder("sed", expression).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    return out;
  }
}
