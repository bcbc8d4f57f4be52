package io.telegate.receiver.filelog;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Receiver;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.Logs;
import io.telegate.core.extension.ExtensionFactories;
import io.telegate.core.extension.FileStorageConfig;
import io.telegate.testing.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A filelog receiver with checkpoints in a child JVM, for the {@code kill -9} test: it reads
 * {@code <files>/*.log} and accepts a batch only once its bodies are appended to {@code <out>} and
 * forced to disk, so {@code <out>} is exactly what the pipeline accepted.
 */
public final class ReceiverProcess {

  private ReceiverProcess() {}

  public static void main(String[] args) throws Exception {
    Path files = Path.of(args[0]);
    Path storage = Path.of(args[1]);
    Path out = Path.of(args[2]);
    TestHost host = new TestHost();
    Component ext = ExtensionFactories.fileStorage().create(
        CreateSettings.of(ComponentKind.EXTENSION, ComponentId.parse("file_storage")),
        new FileStorageConfig(storage.toString(), true, true, Duration.ofSeconds(1), null));
    ext.start(host);
    host.addExtension(ComponentId.parse("file_storage"), ext);
    FileChannel sink = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    Consumer<Logs> next = logs -> {
      StringBuilder sb = new StringBuilder();
      for (ResourceLogs rl : logs.request().getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          sl.getLogRecordsList().forEach(r -> sb.append(r.getBody().getStringValue()).append('\n'));
        }
      }
      try {
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          sink.write(b);
        }
        sink.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return CompletableFuture.completedFuture(null);
    };
    ConfigErrors errors = new ConfigErrors();
    FilelogReceiverConfig config = ConfigBinder.bind(Map.of("include", List.of(files.resolve("*.log").toString()),
        "start_at", "beginning", "poll_interval", "20ms", "storage", "file_storage"), FilelogReceiverConfig.DEFAULT,
        "receivers::filelog", errors);
    Receiver r = new FilelogReceiverFactory().createLogs(
        CreateSettings.of(ComponentKind.RECEIVER, ComponentId.parse("filelog")), config, next);
    r.start(host);
    System.out.println("started");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
