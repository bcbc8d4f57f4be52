package io.telegate.processor.batch;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.core.component.Signal;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import java.util.List;

/** What the batcher needs to know about one signal: how to wrap merged bytes and how to split. */
interface BatchSignal<T extends TelemetryData<M>, M extends Message> {

  /** The signal, for metric names and log fields. */
  Signal signal();

  /** Wraps a request built by splitting. */
  T of(M request, ClientContext client);

  /**
   * Splits a request into consecutive parts holding exactly {@code sizes[i]} items each, every item
   * staying under its own resource and scope.
   */
  List<M> split(M request, int[] sizes);

  BatchSignal<Traces, ExportTraceServiceRequest> TRACES = new BatchSignal<>() {
    @Override
    public Signal signal() {
      return Signal.TRACES;
    }

    @Override
    public Traces of(ExportTraceServiceRequest request, ClientContext client) {
      return Traces.of(request, client);
    }

    @Override
    public List<ExportTraceServiceRequest> split(ExportTraceServiceRequest request, int[] sizes) {
      return RequestSplitter.splitTraces(request, sizes);
    }
  };

  BatchSignal<Metrics, ExportMetricsServiceRequest> METRICS = new BatchSignal<>() {
    @Override
    public Signal signal() {
      return Signal.METRICS;
    }

    @Override
    public Metrics of(ExportMetricsServiceRequest request, ClientContext client) {
      return Metrics.of(request, client);
    }

    @Override
    public List<ExportMetricsServiceRequest> split(ExportMetricsServiceRequest request, int[] sizes) {
      return RequestSplitter.splitMetrics(request, sizes);
    }
  };

  BatchSignal<Logs, ExportLogsServiceRequest> LOGS = new BatchSignal<>() {
    @Override
    public Signal signal() {
      return Signal.LOGS;
    }

    @Override
    public Logs of(ExportLogsServiceRequest request, ClientContext client) {
      return Logs.of(request, client);
    }

    @Override
    public List<ExportLogsServiceRequest> split(ExportLogsServiceRequest request, int[] sizes) {
      return RequestSplitter.splitLogs(request, sizes);
    }
  };
}
