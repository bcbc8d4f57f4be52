package io.telegate.receiver.filelog;

import io.telegate.testing.ChildJvm;
import io.telegate.testing.LogWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Child JVMs of these tests: the testing module's {@link LogWriter}, and {@link ReceiverProcess}. */
final class WriterProcess {

  private WriterProcess() {}

  /** This module's test classpath, for a child JVM. */
  static String classpath() {
    try {
      return Files.readString(Path.of("target", "test-classpath.txt")).strip() + File.pathSeparator
          + ChildJvm.testClasses() + File.pathSeparator + Path.of("target", "classes").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a {@link LogWriter} with these arguments ({@code --dir d --lines n ...}). */
  static ChildJvm start(String... args) {
    return ChildJvm.start("log-writer", classpath(), List.of("-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"), LogWriter.class.getName(), new ArrayList<>(List.of(args)));
  }
}
