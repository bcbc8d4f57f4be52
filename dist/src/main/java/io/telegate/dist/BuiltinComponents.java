package io.telegate.dist;

import io.telegate.core.component.Components;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.extension.ExtensionFactories;
import java.util.ArrayList;
import java.util.List;
import io.telegate.exporter.debug.DebugExporterFactory;
import io.telegate.exporter.file.FileExporterFactory;
import io.telegate.exporter.loki.LokiExporterFactory;
import io.telegate.exporter.otlp.OtlpGrpcExporterFactory;
import io.telegate.exporter.otlp.OtlpHttpExporterFactory;
import io.telegate.exporter.prometheus.PrometheusExporterFactory;
import io.telegate.exporter.prometheusremotewrite.RemoteWriteExporterFactory;
import io.telegate.processor.attributes.AttributesProcessorFactory;
import io.telegate.processor.attributes.ResourceProcessorFactory;
import io.telegate.processor.batch.BatchProcessorFactory;
import io.telegate.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.telegate.receiver.filelog.FilelogReceiverFactory;
import io.telegate.receiver.jmx.JmxReceiverFactory;
import io.telegate.receiver.otlp.OtlpReceiverFactory;

/**
 * The components built into this distribution, written out in one place (no classpath scanning),
 * so {@code telegate components} prints exactly what is here.
 */
public final class BuiltinComponents {

  private BuiltinComponents() {}

  public static Components all() {
    List<ComponentFactory<?>> factories = new ArrayList<>(List.of(
        // receivers
        new OtlpReceiverFactory(),
        new JmxReceiverFactory(),
        new FilelogReceiverFactory(),
        // processors
        new BatchProcessorFactory(),
        new AttributesProcessorFactory(),
        new ResourceProcessorFactory(),
        new MemoryLimiterProcessorFactory(),
        // exporters
        new DebugExporterFactory(),
        new OtlpGrpcExporterFactory(),
        new OtlpHttpExporterFactory(),
        new RemoteWriteExporterFactory(),
        new PrometheusExporterFactory(),
        new LokiExporterFactory(),
        new FileExporterFactory()));
    // extensions: health_check, zpages, pprof, file_storage, bearertokenauth
    factories.addAll(ExtensionFactories.all());
    // authenticators: basicauth, headers_setter, oauth2client, oidc
    factories.addAll(io.telegate.extension.auth.AuthExtensionFactories.all());
    return Components.of(factories);
  }
}
