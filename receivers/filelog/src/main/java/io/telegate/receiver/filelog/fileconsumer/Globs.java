package io.telegate.receiver.filelog.fileconsumer;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * File glob patterns as the Collector's doublestar matches them: {@code *}, {@code ?}, {@code [...]}
 * and {@code {a,b}} within a path segment, {@code **} for any number of directories, zero included
 * ({@code /var/log/**}{@code /*.log} matches {@code /var/log/a.log}). Relative patterns are
 * relative to the working directory. Symbolic links to directories are followed.
 */
public final class Globs {

  private final List<Glob> globs;

  private Globs(List<Glob> globs) {
    this.globs = globs;
  }

  private record Glob(Path root, int maxDepth, List<PathMatcher> matchers) {
    boolean matches(Path p) {
      for (PathMatcher m : matchers) {
        if (m.matches(p)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Compiles patterns.
   *
   * @throws IllegalArgumentException when one is not a valid glob
   */
  public static Globs compile(List<String> patterns) {
    List<Glob> out = new ArrayList<>();
    for (String p : patterns) {
      String abs = Path.of(p).isAbsolute() ? p : Path.of("").toAbsolutePath() + "/" + p;
      abs = abs.replaceAll("/+", "/");
      List<PathMatcher> matchers = new ArrayList<>();
      for (String variant : variants(abs)) {
        try {
          matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("invalid glob pattern '" + p + "': " + e.getMessage());
        }
      }
      String[] segments = abs.split("/");
      StringBuilder root = new StringBuilder("/");
      int firstGlob = segments.length;
      for (int i = 1; i < segments.length; i++) {
        if (hasMeta(segments[i])) {
          firstGlob = i;
          break;
        }
        if (i < segments.length - 1) {
          root.append(segments[i]).append('/');
        }
      }
      int depth;
      if (abs.contains("**")) {
        depth = Integer.MAX_VALUE;
      } else if (firstGlob == segments.length) {
        depth = 1; // no metacharacters: the root is the file's directory
      } else {
        depth = segments.length - firstGlob;
      }
      if (firstGlob == segments.length) {
        // A plain path: its parent is the root.
        Path plain = Path.of(abs);
        out.add(new Glob(plain.getParent() == null ? plain : plain.getParent(), 1, matchers));
      } else {
        out.add(new Glob(Path.of(root.toString()), depth, matchers));
      }
    }
    return new Globs(out);
  }

  /** Every regular file that matches a pattern, each once, in the order found. */
  public List<Path> find() {
    Set<Path> found = new LinkedHashSet<>();
    for (Glob g : globs) {
      if (!Files.isDirectory(g.root)) {
        continue;
      }
      try {
        Files.walkFileTree(g.root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), g.maxDepth, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && g.matches(file)) {
              found.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // Gone between listing and reading, or unreadable: not a match this poll.
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        // The root went away during the walk; what was found so far stands.
      }
    }
    return new ArrayList<>(found);
  }

  /** True when a pattern matches {@code path} (absolute). */
  public boolean matches(Path path) {
    for (Glob g : globs) {
      if (g.matches(path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasMeta(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /** Java's {@code /**}{@code /} needs a directory in between; doublestar's also matches none. */
  private static Set<String> variants(String pattern) {
    Set<String> out = new LinkedHashSet<>();
    out.add(pattern);
    int i = pattern.indexOf("/**/");
    if (i >= 0) {
      for (String rest : variants(pattern.substring(i + 3))) {
        out.add(pattern.substring(0, i + 3) + rest);
        out.add(pattern.substring(0, i) + rest);
      }
    }
    return out;
  }

  private static boolean matches(List<PathMatcher> matchers, Path p) {
    for (PathMatcher m : matchers) {
      if (m.matches(p)) {
        return true;
      }
    }
    return false;
  }
}
