package io.telegate.exporter.otlp;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.data.Traces;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway the crash test runs as a child process and kills: an OTLP receiver (HTTP on the
 * given port) feeding the {@code otlphttp} exporter with a persistent queue. Prints {@code READY}
 * once it takes data.
 *
 * <p>Arguments: receiver HTTP port, backend base URL, queue storage directory, and optionally
 * {@code batch} to batch on the disk queue's read side ({@code sending_queue.batch}).
 */
public final class CrashTestGateway {

  private CrashTestGateway() {}

  public static void main(String[] args) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> queue = new java.util.HashMap<>(Map.of("storage", args[2], "num_consumers", 2));
    if (args.length > 3 && args[3].equals("batch")) {
      queue.put("batch", Map.of("flush_timeout", "200ms", "min_size", 20));
    }
    OtlpHttpExporterConfig config = ConfigBinder.bind(Map.of(
        "endpoint", args[1],
        "sending_queue", queue,
        "retry_on_failure", Map.of("initial_interval", "100ms", "max_interval", "200ms", "max_elapsed_time", "0"),
        "timeout", "2s"), OtlpHttpExporterConfig.DEFAULT, "", errors);
    if (!errors.isEmpty() || !config.validate().isEmpty()) {
      throw new IllegalStateException(errors + " " + config.validate());
    }
    TestHost host = new TestHost();
    Exporter<Traces> exporter = new OtlpHttpExporterFactory()
        .createTraces(CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("otlphttp")), config);
    exporter.start(host);
    new TestReceiver(host, (TestCertificates) null, Integer.parseInt(args[0]), exporter, new RecordingConsumer<>(),
        new RecordingConsumer<>());
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
