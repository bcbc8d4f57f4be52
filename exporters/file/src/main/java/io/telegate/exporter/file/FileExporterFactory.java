package io.telegate.exporter.file;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code file} exporter: every signal written to a file (OTLP/JSON lines or
 * length-prefixed protobuf), with rotation, zstd compression and {@code group_by}. The signals of
 * one id share one {@link FileSink}, so they write to the same file. No queue and no retry, as in
 * the Collector.
 */
public final class FileExporterFactory extends ExporterFactory.Base<FileExporterConfig> {

  public FileExporterFactory() {
    super(ExporterFactory.define("file", FileExporterConfig.DEFAULT).everySignal(FileExporterFactory::create));
  }

  private static <T extends TelemetryData<?>> Exporter<T> create(
      CreateSettings settings, Signal signal, FileExporterConfig config) {
    FileSink sink = settings.shared(() -> new FileSink(settings.id(), config));
    return ExporterHelper.direct(settings.id(), signal, new FileSender<T>(settings.id(), signal, sink));
  }
}
