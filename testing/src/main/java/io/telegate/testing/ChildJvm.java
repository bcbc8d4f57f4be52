package io.telegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM started by a test; {@link #close} kills it. Its output goes to a file under target/child-jvms/. */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ChildJvm start(String name, String classpath, List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      Path dir = Files.createDirectories(Path.of("target", "child-jvms"));
      Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ChildJvm(p, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The module's compiled test classes. */
  public static String testClasses() {
    return Path.of("target", "test-classes").toAbsolutePath().toString();
  }

  /** Waits until the JVM printed {@code text}; fails when it exits first. */
  public void awaitOutput(String text, Duration timeout) {
    Await.until("'" + text + "' in " + log, timeout, () -> {
      // Alive is read before the output: a JVM that prints the text and exits between the two
      // reads is then seen with its whole output, not failed for having exited.
      boolean alive = process.isAlive();
      String out = output();
      if (out.contains(text)) {
        return true;
      }
      if (!alive) {
        throw new AssertionError("child JVM exited with " + process.exitValue() + ": " + out);
      }
      return false;
    });
  }

  /** What the JVM printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  public Process process() {
    return process;
  }

  /** Kills the JVM at once (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError("child JVM did not die: " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
