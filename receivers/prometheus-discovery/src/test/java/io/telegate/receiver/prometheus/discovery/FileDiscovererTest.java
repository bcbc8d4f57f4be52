package io.telegate.receiver.prometheus.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscovererTest {

  @TempDir
  Path dir;

  private FullSet start(String refresh, String... patterns) {
    StringBuilder files = new StringBuilder();
    for (String p : patterns) {
      files.append("      - '").append(dir.resolve(p)).append("'\n");
    }
    return new FullSet(ServiceDiscoveryTest.yaml("""
        file_sd_configs:
          - refresh_interval: %s
            files:
        %s""".formatted(refresh, files)), "file");
  }

  /** Writes through a temporary file and a rename, as config tools do, so no half-written file is read. */
  private void write(String name, String content) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void readsJsonAndYamlFilesWithTheirLabelsAndFilePath() throws IOException {
    write("a.json", """
        [{"targets": ["a:9100", "b:9100"], "labels": {"env": "prod"}}, {"targets": ["c:80"]}]""");
    write("b.yml", """
        - targets: ['d:81']
          labels:
            team: core
        """);
    try (FullSet set = start("5m", "*.json", "*.yml")) {
      List<TargetGroup> groups = set.awaitAddresses("a:9100", "b:9100", "c:80", "d:81");
      String a = dir.resolve("a.json").toString();
      String b = dir.resolve("b.yml").toString();
      assertEquals(List.of(
          new TargetGroup(a + ":0", List.of(Map.of("__address__", "a:9100"), Map.of("__address__", "b:9100")),
              Map.of("env", "prod", "__meta_filepath", a)),
          new TargetGroup(a + ":1", List.of(Map.of("__address__", "c:80")), Map.of("__meta_filepath", a)),
          new TargetGroup(b + ":0", List.of(Map.of("__address__", "d:81")),
              Map.of("team", "core", "__meta_filepath", b))), groups);
    }
  }

  @Test
  void aChangedNewOrRemovedFileChangesTheTargetsWithoutWaitingForTheRefresh() throws IOException {
    write("a.json", "[{\"targets\": [\"a:1\"]}]");
    try (FullSet set = start("1h", "*.json")) {
      set.awaitAddresses("a:1");
      write("a.json", "[{\"targets\": [\"a:1\", \"a:2\"]}]");
      set.awaitAddresses("a:1", "a:2");
      write("b.json", "[{\"targets\": [\"b:1\"]}]");
      set.awaitAddresses("a:1", "a:2", "b:1");
      Files.delete(dir.resolve("a.json"));
      set.awaitAddresses("b:1");
    }
  }

  @Test
  void aBrokenFileKeepsItsLastGoodTargets() throws IOException {
    write("a.json", "[{\"targets\": [\"a:1\"]}]");
    write("b.json", "[{\"targets\": [\"b:1\"]}]");
    try (FullSet set = start("1h", "*.json")) {
      set.awaitAddresses("a:1", "b:1");
      write("a.json", "[{\"targets\": [\"a:1\", ");
      write("b.json", "[{\"targets\": [\"b:2\"]}]");
      // The change to b.json shows that a.json was read again after it broke.
      set.awaitAddresses("a:1", "b:2");
      write("a.json", "[{\"targets\": [\"a:3\"], \"labels\": {\"bad-name\": \"x\"}}]");
      write("b.json", "[{\"targets\": [\"b:3\"]}]");
      set.awaitAddresses("a:1", "b:3");
      write("a.json", "[{\"targets\": [\"a:4\"]}]");
      set.awaitAddresses("a:4", "b:3");
    }
  }

  @Test
  void filesAppearingInADirectoryCreatedLaterAreFoundByTheRefresh() throws IOException {
    try (FullSet set = new FullSet(ServiceDiscoveryTest.yaml("""
        file_sd_configs:
          - refresh_interval: 200ms
            files: ['%s']
        """.formatted(dir.resolve("later/*.yaml"))), "file")) {
      set.await("the first, empty set", List::isEmpty);
      Files.createDirectories(dir.resolve("later"));
      Files.writeString(dir.resolve("later/t.yaml"), "- targets: ['x:1']\n");
      set.awaitAddresses("x:1");
    }
  }
}
