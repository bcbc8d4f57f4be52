package io.telegate.testing.data;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.OtlpJsonWriter;
import io.telegate.core.data.TelemetryData;
import java.util.ArrayList;
import java.util.List;

/**
 * What the three request builders share: one resource (attributes, schema URL) holding one scope
 * (name, version, schema URL) holding the items, generated ({@code n} of them, by the signal's
 * settings, index {@code 0..n-1}) and then any given explicitly; that resource as often as
 * {@link #resources(int)} says, then the resources of the builders {@link #and and}-ed on.
 *
 * <p>Resource and scope are left unset (not empty) until set. Items are generated anew by every
 * call of {@link #build()} and the methods that call it, so generators with side effects (a
 * {@code Random}) should be built once.
 *
 * @param <B> the builder itself
 * @param <I> the item: {@code Span}, {@code Metric}, {@code LogRecord}
 * @param <R> the export request
 * @param <D> Telegate's data type for the request
 */
public abstract sealed class RequestBuilder<B extends RequestBuilder<B, I, R, D>, I extends Message, R extends Message,
    D extends TelemetryData<R>> permits AttributedItems, MetricData {

  // The same field numbers in every signal: Export*ServiceRequest.resource_* = 1; Resource* has
  // resource = 1, scope_* = 2, schema_url = 3; Scope* has scope = 1, the items = 2, schema_url = 3.
  private static final int RESOURCE = 1;
  private static final int SCOPES = 2;
  private static final int SCOPE = 1;
  private static final int ITEMS = 2;
  private static final int SCHEMA_URL = 3;

  private final int generated;
  private final List<I> explicit;
  private Resource.Builder resource;
  private String resourceSchemaUrl;
  private InstrumentationScope scope;
  private String scopeSchemaUrl;
  private int copies = 1;
  private final List<RequestBuilder<B, I, R, D>> more = new ArrayList<>();

  RequestBuilder(int generated, List<I> explicit) {
    if (generated < 0) {
      throw new IllegalArgumentException("a negative number of items: " + generated);
    }
    this.generated = generated;
    this.explicit = new ArrayList<>(explicit);
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** The generated item at {@code index} (0-based, within its scope). */
  abstract I item(int index);

  /** The empty request of this signal. */
  abstract R emptyRequest();

  abstract D wrap(R request, ClientContext client);

  abstract D wrap(byte[] bytes, ClientContext client);

  /** Adds string attributes to the resource, from alternating keys and values. */
  public B resource(String... keysAndValues) {
    return resource(Values.attrs(keysAndValues));
  }

  /** Adds attributes to the resource. */
  public B resource(KeyValue... attributes) {
    return resource(List.of(attributes));
  }

  /** Adds attributes to the resource. */
  public B resource(List<KeyValue> attributes) {
    if (resource == null) {
      resource = Resource.newBuilder();
    }
    resource.addAllAttributes(attributes);
    return self();
  }

  /** Sets the resource itself, replacing attributes added so far. */
  public B resource(Resource r) {
    resource = r.toBuilder();
    return self();
  }

  /** Sets the schema URL of the resource. */
  public B resourceSchemaUrl(String url) {
    resourceSchemaUrl = url;
    return self();
  }

  /** Sets the instrumentation scope by name. */
  public B scope(String name) {
    return scope(InstrumentationScope.newBuilder().setName(name).build());
  }

  /** Sets the instrumentation scope by name and version. */
  public B scope(String name, String version) {
    return scope(InstrumentationScope.newBuilder().setName(name).setVersion(version).build());
  }

  /** Sets the instrumentation scope. */
  public B scope(InstrumentationScope s) {
    scope = s;
    return self();
  }

  /** Sets the schema URL of the scope. */
  public B scopeSchemaUrl(String url) {
    scopeSchemaUrl = url;
    return self();
  }

  /** The request holds {@code count} copies of this builder's resource (default 1). */
  public B resources(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a negative number of resources: " + count);
    }
    copies = count;
    return self();
  }

  /** Appends {@code other}'s resources, as {@code other} builds them, after this builder's. */
  public B and(B other) {
    more.add(other);
    return self();
  }

  /** The export request. */
  @SuppressWarnings("unchecked")
  public R build() {
    Message.Builder request = emptyRequest().newBuilderForType();
    FieldDescriptor resources = request.getDescriptorForType().findFieldByNumber(RESOURCE);
    for (int c = 0; c < copies; c++) {
      Message.Builder rs = request.newBuilderForField(resources);
      if (resource != null) {
        rs.setField(field(rs, RESOURCE), resource.build());
      }
      if (resourceSchemaUrl != null) {
        rs.setField(field(rs, SCHEMA_URL), resourceSchemaUrl);
      }
      Message.Builder ss = rs.newBuilderForField(field(rs, SCOPES));
      if (scope != null) {
        ss.setField(field(ss, SCOPE), scope);
      }
      if (scopeSchemaUrl != null) {
        ss.setField(field(ss, SCHEMA_URL), scopeSchemaUrl);
      }
      FieldDescriptor items = field(ss, ITEMS);
      for (int i = 0; i < generated; i++) {
        ss.addRepeatedField(items, item(i));
      }
      for (I item : explicit) {
        ss.addRepeatedField(items, item);
      }
      rs.addRepeatedField(field(rs, SCOPES), ss.build());
      request.addRepeatedField(resources, rs.build());
    }
    for (RequestBuilder<B, I, R, D> other : more) {
      for (Object rs : (List<?>) other.build().getField(resources)) {
        request.addRepeatedField(resources, rs);
      }
    }
    return (R) request.build();
  }

  private static FieldDescriptor field(Message.Builder b, int number) {
    return b.getDescriptorForType().findFieldByNumber(number);
  }

  /** The request in the protobuf encoding. */
  public byte[] bytes() {
    return build().toByteArray();
  }

  /** The request in OTLP/JSON ({@link OtlpJsonWriter}). */
  public byte[] json() {
    return OtlpJsonWriter.write(build());
  }

  /** The request as Telegate data in parsed form (as a processor that parsed it holds it). */
  public D parsed() {
    return parsed(ClientContext.EMPTY);
  }

  /** {@link #parsed()}, from {@code client}. */
  public D parsed(ClientContext client) {
    return wrap(build(), client);
  }

  /** The request as Telegate data in encoded form, checked (as a receiver hands it on). */
  public D encoded() {
    return encoded(ClientContext.EMPTY);
  }

  /** {@link #encoded()}, from {@code client}. */
  public D encoded(ClientContext client) {
    return wrap(bytes(), client);
  }
}
