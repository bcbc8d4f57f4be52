package io.telegate.core.data;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/** A batch of spans: an {@code ExportTraceServiceRequest}, encoded-first. */
public final class Traces extends TelemetryData<ExportTraceServiceRequest> {

  private Traces(byte[] encoded, ExportTraceServiceRequest message, int items, ClientContext client) {
    super(encoded, message, items, client);
  }

  /**
   * Wraps request bytes after checking their structure and counting the spans.
   *
   * @throws MalformedDataException if the bytes are not a valid request
   */
  public static Traces fromBytes(byte[] bytes, ClientContext client) {
    return new Traces(bytes, null, OtlpWire.TRACES.check(bytes), client);
  }

  /**
   * Wraps bytes made from already checked data without checking them again: a concatenation of
   * checked requests (the batch processor) or a byte-level edit of one. {@code itemCount} must be
   * the items they hold.
   */
  public static Traces fromTrustedBytes(byte[] bytes, int itemCount, ClientContext client) {
    return new Traces(bytes, null, itemCount, client);
  }

  public static Traces of(ExportTraceServiceRequest request) {
    return new Traces(null, request, countSpans(request), ClientContext.EMPTY);
  }

  public static Traces of(ExportTraceServiceRequest request, ClientContext client) {
    return new Traces(null, request, countSpans(request), client);
  }

  /** Spans in a request. */
  public static int countSpans(ExportTraceServiceRequest request) {
    int n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  @Override
  public int resourceCount() {
    return request().getResourceSpansCount();
  }

  @Override
  String signalName() {
    return "traces";
  }

  @Override
  ExportTraceServiceRequest parse(byte[] bytes) throws InvalidProtocolBufferException {
    return ExportTraceServiceRequest.parseFrom(bytes);
  }

  @Override
  int countItems(ExportTraceServiceRequest request) {
    return countSpans(request);
  }

  @Override
  public Traces copy() {
    return new Traces(rawEncoded(), rawMessage(), itemCount(), client());
  }

  @Override
  Traces trusted(byte[] bytes, int items, ClientContext client) {
    return fromTrustedBytes(bytes, items, client);
  }
}
