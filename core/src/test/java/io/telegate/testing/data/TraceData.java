package io.telegate.testing.data;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Traces;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.ObjIntConsumer;

/**
 * Builds {@code ExportTraceServiceRequest}s for tests:
 *
 * <pre>{@code
 * TraceData.spans(3).resource("service.name", "checkout").scope("lib", "1.0").ids(16, 8).encoded()
 * }</pre>
 *
 * is one resource with one scope and three spans {@code span-0..span-2} with valid ids, as a
 * receiver hands it on. Generated spans have a name and nothing else unless told; see
 * {@link RequestBuilder} for the resource, the scope and the forms a request can take.
 */
public final class TraceData extends AttributedItems<TraceData, Span, ExportTraceServiceRequest, Traces> {

  /** The most a span of {@link #ofSize} pads, so that big requests are many spans, not one. */
  static final int PAD_PER_SPAN = 64 * 1024;

  private IntFunction<String> names = i -> "span-" + i;
  private IntFunction<ByteString> parentIds;
  private Span.SpanKind kind;
  private long startNanos;
  private long stepNanos;
  private IntToLongFunction durations;
  private final List<ObjIntConsumer<Span.Builder>> each = new ArrayList<>();

  private TraceData(int generated, List<Span> explicit) {
    super(generated, explicit);
  }

  /** {@code n} generated spans, named {@code span-0} to {@code span-(n-1)}. */
  public static TraceData spans(int n) {
    return new TraceData(n, List.of());
  }

  /** Exactly these spans (the span settings of this builder do not touch them). */
  public static TraceData of(Span... spans) {
    return new TraceData(0, List.of(spans));
  }

  /**
   * A request of at least {@code bytes} bytes in the protobuf encoding, and at most a few more:
   * spans named {@code big}, each padded by a string attribute {@code pad} of {@code a}s, at most
   * 64 KiB a span.
   */
  public static TraceData ofSize(int bytes) {
    List<Span> spans = new ArrayList<>();
    int total = 0;
    while (true) {
      int room = bytes - total;
      Span last = padded(0);
      int size = framed(last);
      if (size + PAD_PER_SPAN < room) {
        Span full = padded(PAD_PER_SPAN);
        spans.add(full);
        total += framed(full);
        continue;
      }
      int pad = Math.max(0, room - size);
      while (framed(padded(pad)) < room) {
        pad++;
      }
      spans.add(padded(pad));
      return new TraceData(0, spans);
    }
  }

  private static Span padded(int pad) {
    return Span.newBuilder().setName("big").addAttributes(Values.kv("pad", "a".repeat(pad))).build();
  }

  /** A span's size inside the one scope and resource of the request. */
  private static int framed(Span s) {
    return s.getSerializedSize() + 1 + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(
        s.getSerializedSize());
  }

  /** Names generated spans {@code prefix0, prefix1, ...}. */
  public TraceData named(String prefix) {
    return names(i -> prefix + i);
  }

  /** Names each generated span by its index. */
  public TraceData names(IntFunction<String> nameOfIndex) {
    names = nameOfIndex;
    return this;
  }

  /** Gives each generated span the parent span id for its index. */
  public TraceData parentIds(IntFunction<ByteString> idOfIndex) {
    parentIds = idOfIndex;
    return this;
  }

  /** Sets the kind of every generated span. */
  public TraceData kind(Span.SpanKind k) {
    kind = k;
    return this;
  }

  /** Generated span {@code i} starts at {@code startNanos + i * stepNanos}. */
  public TraceData startingAt(long startNanos, long stepNanos) {
    this.startNanos = startNanos;
    this.stepNanos = stepNanos;
    return this;
  }

  /** Every generated span lasts {@code nanos} (it needs a start: {@link #startingAt}). */
  public TraceData lasting(long nanos) {
    return durations(i -> nanos);
  }

  /** Each generated span lasts the nanoseconds given for its index. */
  public TraceData durations(IntToLongFunction nanosOfIndex) {
    durations = nanosOfIndex;
    return this;
  }

  /** Edits each generated span last, with its index: for what the other settings do not cover. */
  public TraceData each(ObjIntConsumer<Span.Builder> edit) {
    each.add(edit);
    return this;
  }

  /**
   * Span {@code i}: name, trace id, span id, parent id, kind, times, attributes, then the edits,
   * in that order (generators with side effects run in that order, span after span).
   */
  @Override
  Span item(int i) {
    Span.Builder s = Span.newBuilder().setName(names.apply(i));
    ByteString trace = traceIdAt(i);
    if (trace != null) {
      s.setTraceId(trace);
    }
    ByteString span = spanIdAt(i);
    if (span != null) {
      s.setSpanId(span);
    }
    if (parentIds != null) {
      s.setParentSpanId(parentIds.apply(i));
    }
    if (kind != null) {
      s.setKind(kind);
    }
    if (startNanos != 0) {
      long start = startNanos + i * stepNanos;
      s.setStartTimeUnixNano(start);
      if (durations != null) {
        s.setEndTimeUnixNano(start + durations.applyAsLong(i));
      }
    }
    s.addAllAttributes(attributesAt(i));
    for (ObjIntConsumer<Span.Builder> e : each) {
      e.accept(s, i);
    }
    return s.build();
  }

  @Override
  ExportTraceServiceRequest emptyRequest() {
    return ExportTraceServiceRequest.getDefaultInstance();
  }

  @Override
  Traces wrap(ExportTraceServiceRequest request, ClientContext client) {
    return Traces.of(request, client);
  }

  @Override
  Traces wrap(byte[] bytes, ClientContext client) {
    return Traces.fromBytes(bytes, client);
  }
}
