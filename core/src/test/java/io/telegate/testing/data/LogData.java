package io.telegate.testing.data;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * Builds {@code ExportLogsServiceRequest}s for tests:
 *
 * <pre>{@code
 * LogData.records(5).resource("service.name", "checkout").severity(SeverityNumber.SEVERITY_NUMBER_INFO, "INFO")
 *     .parsed()
 * }</pre>
 *
 * is one resource with one scope and five records with the bodies {@code log-0..log-4}. Generated
 * records have a body and nothing else unless told; see {@link RequestBuilder} for the resource,
 * the scope and the forms a request can take.
 */
public final class LogData extends AttributedItems<LogData, LogRecord, ExportLogsServiceRequest, Logs> {

  private IntFunction<String> bodies = i -> "log-" + i;
  private SeverityNumber severity;
  private String severityText;
  private long startNanos;
  private long stepNanos;
  private final List<ObjIntConsumer<LogRecord.Builder>> each = new ArrayList<>();

  private LogData(int generated, List<LogRecord> explicit) {
    super(generated, explicit);
  }

  /** {@code n} generated records with the string bodies {@code log-0} to {@code log-(n-1)}. */
  public static LogData records(int n) {
    return new LogData(n, List.of());
  }

  /** Exactly these records (the record settings of this builder do not touch them). */
  public static LogData of(LogRecord... records) {
    return new LogData(0, List.of(records));
  }

  /** Exactly these records, built now. */
  public static LogData of(LogRecord.Builder... records) {
    List<LogRecord> built = new ArrayList<>(records.length);
    for (LogRecord.Builder r : records) {
      built.add(r.build());
    }
    return new LogData(0, built);
  }

  /** A record at {@code timeNanos} with a string body and these attributes, to edit further or give to {@link #of}. */
  public static LogRecord.Builder record(long timeNanos, String body, KeyValue... attributes) {
    return LogRecord.newBuilder().setTimeUnixNano(timeNanos).setBody(Values.str(body))
        .addAllAttributes(List.of(attributes));
  }

  /** Gives each generated record the string body for its index; null for no body. */
  public LogData bodies(IntFunction<String> bodyOfIndex) {
    bodies = bodyOfIndex;
    return this;
  }

  /** Sets the severity of every generated record; the text may be empty. */
  public LogData severity(SeverityNumber number, String text) {
    severity = number;
    severityText = text;
    return this;
  }

  /** Generated record {@code i} happens at {@code startNanos + i * stepNanos}. */
  public LogData startingAt(long startNanos, long stepNanos) {
    this.startNanos = startNanos;
    this.stepNanos = stepNanos;
    return this;
  }

  /** Edits each generated record last, with its index: for what the other settings do not cover. */
  public LogData each(ObjIntConsumer<LogRecord.Builder> edit) {
    each.add(edit);
    return this;
  }

  /** Record {@code i}: body, severity, time, trace id, span id, attributes, then the edits. */
  @Override
  LogRecord item(int i) {
    LogRecord.Builder r = LogRecord.newBuilder();
    String body = bodies.apply(i);
    if (body != null) {
      r.setBody(Values.str(body));
    }
    if (severity != null) {
      r.setSeverityNumber(severity).setSeverityText(severityText);
    }
    if (startNanos != 0) {
      r.setTimeUnixNano(startNanos + i * stepNanos);
    }
    ByteString trace = traceIdAt(i);
    if (trace != null) {
      r.setTraceId(trace);
    }
    ByteString span = spanIdAt(i);
    if (span != null) {
      r.setSpanId(span);
    }
    r.addAllAttributes(attributesAt(i));
    for (ObjIntConsumer<LogRecord.Builder> e : each) {
      e.accept(r, i);
    }
    return r.build();
  }

  @Override
  ExportLogsServiceRequest emptyRequest() {
    return ExportLogsServiceRequest.getDefaultInstance();
  }

  @Override
  Logs wrap(ExportLogsServiceRequest request, ClientContext client) {
    return Logs.of(request, client);
  }

  @Override
  Logs wrap(byte[] bytes, ClientContext client) {
    return Logs.fromBytes(bytes, client);
  }
}
