package io.telegate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages form layers: no package imports one that (directly or through others) imports it
 * back. Read from the sources, imports and fully qualified names alike, so that a new arrow upwards
 * fails here with the classes that make it.
 */
class PackageLayersTest {

  private static final Path SOURCES = Path.of("src/main/java/io/telegate/core");
  private static final Pattern REFERENCE = Pattern.compile("io\\.telegate\\.core\\.([a-z]+)\\.([A-Z]\\w*)");

  /** package -> package it uses -> the classes that use it, e.g. {@code component -> config -> [Host]}. */
  static Map<String, Map<String, Set<String>>> uses(Path root) throws IOException {
    Map<String, Map<String, Set<String>>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path rel = root.relativize(f);
        if (rel.getNameCount() < 2) {
          continue; // a class directly in io.telegate.core
        }
        String from = rel.getName(0).toString();
        String cls = f.getFileName().toString().replace(".java", "");
        Matcher m = REFERENCE.matcher(Files.readString(f));
        while (m.find()) {
          String to = m.group(1);
          if (!to.equals(from)) {
            uses.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>()).add(cls);
          }
        }
        uses.computeIfAbsent(from, k -> new TreeMap<>());
      }
    }
    return uses;
  }

  /** A cycle through {@code start}, as the list of packages on it, or empty. */
  static List<String> cycleThrough(String start, Map<String, Map<String, Set<String>>> uses) {
    List<String> path = new ArrayList<>();
    path.add(start);
    return search(start, start, uses, path, new TreeSet<>()) ? path : List.of();
  }

  private static boolean search(String start, String at, Map<String, Map<String, Set<String>>> uses,
      List<String> path, Set<String> seen) {
    for (String next : uses.getOrDefault(at, Map.of()).keySet()) {
      if (next.equals(start)) {
        path.add(start);
        return true;
      }
      if (seen.add(next)) {
        path.add(next);
        if (search(start, next, uses, path, seen)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  @Test
  void noPackageOfCoreUsesOneThatUsesItBack() throws IOException {
    Map<String, Map<String, Set<String>>> uses = uses(SOURCES);
    assertTrue(uses.size() > 5, "read core's packages: " + uses.keySet());
    List<String> cycles = new ArrayList<>();
    for (String p : uses.keySet()) {
      List<String> cycle = cycleThrough(p, uses);
      if (!cycle.isEmpty()) {
        StringBuilder sb = new StringBuilder(String.join(" -> ", cycle)).append(" (");
        for (int i = 0; i + 1 < cycle.size(); i++) {
          sb.append(i == 0 ? "" : "; ").append(cycle.get(i)).append(" uses ").append(cycle.get(i + 1))
              .append(" in ").append(uses.get(cycle.get(i)).get(cycle.get(i + 1)));
        }
        cycles.add(sb.append(')').toString());
      }
    }
    assertEquals(List.of(), cycles);
  }

  @Test
  void theCheckFindsACycle(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("a/A.java"), "package io.telegate.core.a;\nimport io.telegate.core.b.B;\n");
    Files.writeString(dir.resolve("b/B.java"), "package io.telegate.core.b;\nclass B { io.telegate.core.a.A a; }\n");
    assertEquals(List.of("a", "b", "a"), cycleThrough("a", uses(dir)));
  }
}
