package io.telegate.dist;

import io.telegate.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code telegate run} in a child JVM on this test's class path, for tests that kill it or bound its heap. */
final class GatewayProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private GatewayProcess() {}

  /** Starts the gateway on {@code config} with these JVM options, stdout and stderr into {@code log}. */
  static Process start(Path config, Path log, String... jvmOptions) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", classpath, "io.telegate.dist.Main", "run", "--config", config.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until the admin endpoint on {@code adminPort} answers {@code /health/ready} with 200; fails if the process exits. */
  static void awaitReady(Process gateway, int adminPort, Duration timeout, Supplier<String> log) {
    Await.until("gateway ready", timeout, () -> {
      if (!gateway.isAlive()) {
        throw new AssertionError("gateway exited early: " + log.get());
      }
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
  }
}
