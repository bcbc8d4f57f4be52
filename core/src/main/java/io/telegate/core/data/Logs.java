package io.telegate.core.data;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/** A batch of log records: an {@code ExportLogsServiceRequest}, encoded-first. */
public final class Logs extends TelemetryData<ExportLogsServiceRequest> {

  private Logs(byte[] encoded, ExportLogsServiceRequest message, int items, ClientContext client) {
    super(encoded, message, items, client);
  }

  /**
   * Wraps request bytes after checking their structure and counting the log records.
   *
   * @throws MalformedDataException if the bytes are not a valid request
   */
  public static Logs fromBytes(byte[] bytes, ClientContext client) {
    return new Logs(bytes, null, OtlpWire.LOGS.check(bytes), client);
  }

  /**
   * Wraps bytes made from already checked data without checking them again: a concatenation of
   * checked requests (the batch processor) or a byte-level edit of one. {@code itemCount} must be
   * the items they hold.
   */
  public static Logs fromTrustedBytes(byte[] bytes, int itemCount, ClientContext client) {
    return new Logs(bytes, null, itemCount, client);
  }

  public static Logs of(ExportLogsServiceRequest request) {
    return new Logs(null, request, countRecords(request), ClientContext.EMPTY);
  }

  public static Logs of(ExportLogsServiceRequest request, ClientContext client) {
    return new Logs(null, request, countRecords(request), client);
  }

  /** Log records in a request. */
  public static int countRecords(ExportLogsServiceRequest request) {
    int n = 0;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        n += sl.getLogRecordsCount();
      }
    }
    return n;
  }

  @Override
  public int resourceCount() {
    return request().getResourceLogsCount();
  }

  @Override
  String signalName() {
    return "logs";
  }

  @Override
  ExportLogsServiceRequest parse(byte[] bytes) throws InvalidProtocolBufferException {
    return ExportLogsServiceRequest.parseFrom(bytes);
  }

  @Override
  int countItems(ExportLogsServiceRequest request) {
    return countRecords(request);
  }

  @Override
  public Logs copy() {
    return new Logs(rawEncoded(), rawMessage(), itemCount(), client());
  }

  @Override
  Logs trusted(byte[] bytes, int items, ClientContext client) {
    return fromTrustedBytes(bytes, items, client);
  }
}
