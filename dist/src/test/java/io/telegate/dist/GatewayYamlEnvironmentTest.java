package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of config/gateway.yaml's environment variables lists each of them, with its default. */
class GatewayYamlEnvironmentTest {

  @Test
  void theReadmeTableListsEveryVariableOfGatewayYamlWithItsDefault() throws IOException {
    Map<String, String> inFile = new LinkedHashMap<>();
    Matcher ref = Pattern.compile("\\$\\{env:(\\w+)(?::-([^}]*))?}").matcher(Files.readString(Path.of("..", "config", "gateway.yaml")));
    while (ref.find()) {
      inFile.put(ref.group(1), ref.group(2));
    }
    assertTrue(inFile.size() >= 5, "config/gateway.yaml takes its endpoints from the environment: " + inFile);

    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("### `config/gateway.yaml` and its environment");
    assertTrue(start >= 0, "README has no section on config/gateway.yaml's environment");
    Map<String, String> inReadme = new LinkedHashMap<>();
    Matcher row = Pattern.compile("^\\| `(\\w+)` \\| `([^`]*)` \\|", Pattern.MULTILINE).matcher(readme.substring(start, readme.indexOf("\n#", start + 4)));
    while (row.find()) {
      inReadme.put(row.group(1), row.group(2));
    }
    assertEquals(inFile, inReadme);
  }
}
