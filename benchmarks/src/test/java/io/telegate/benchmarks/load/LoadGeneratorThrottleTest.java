package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** RESOURCE_EXHAUSTED answers are counted as throttled, apart from errors. */
class LoadGeneratorThrottleTest {

  @Test
  void throttledAnswersAreCountedApartFromErrors() throws Exception {
    AtomicLong calls = new AtomicLong();
    String name = Shapes.Signal.TRACES.grpcMethod;
    MethodDescriptor<byte[], byte[]> m = Transport.method(name);
    // Every third request is throttled, every third fails with INTERNAL, the rest are OK.
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder(MethodDescriptor.extractFullServiceName(name))
            .addMethod(m, ServerCalls.asyncUnaryCall((request, observer) -> {
              long n = calls.getAndIncrement() % 3;
              if (n == 0) {
                observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("full").asRuntimeException());
              } else if (n == 1) {
                observer.onError(Status.INTERNAL.asRuntimeException());
              } else {
                observer.onNext(new byte[0]);
                observer.onCompleted();
              }
            }))
            .build())
        .build().start();
    try {
      LoadGenerator.Options o = new LoadGenerator.Options("127.0.0.1", server.getPort(), "grpc",
          Shapes.of("traces-testbed"), 1, 2, 0, Duration.ZERO, Duration.ofMillis(1500), false, Duration.ofSeconds(5));
      LoadGenerator.Result r = new LoadGenerator(o).run();
      assertTrue(r.throttled() > 0, r.summary());
      assertTrue(r.errors().get("INTERNAL") > 0, r.summary());
      assertFalse(r.errors().containsKey("RESOURCE_EXHAUSTED"), r.summary());
      assertTrue(r.okItems() > 0, r.summary());
      assertTrue(r.summary().contains("throttled=" + r.throttled() + ", errors={INTERNAL="), r.summary());
      assertTrue(r.json().contains("\"throttled\":" + r.throttled()), r.json());
      // Roughly a third each (the measured phase starts and ends mid-cycle).
      long total = r.okRequests() + r.throttled() + r.errors().get("INTERNAL");
      assertEquals(total / 3.0, r.throttled(), total / 3.0 * 0.2 + 2);
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void withBackoffASlotWaitsAsLongAsTheServerAsked() throws Exception {
    AtomicLong calls = new AtomicLong();
    String name = Shapes.Signal.TRACES.grpcMethod;
    // Always throttled, with RetryInfo 400 ms (what the gateway sends, with its own delay).
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(Status.Code.RESOURCE_EXHAUSTED.value())
        .setMessage("full").addDetails(com.google.protobuf.Any.pack(com.google.rpc.RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(400_000_000)).build()))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder(MethodDescriptor.extractFullServiceName(name))
            .addMethod(Transport.method(name), ServerCalls.asyncUnaryCall((request, observer) -> {
              calls.incrementAndGet();
              observer.onError(io.grpc.protobuf.StatusProto.toStatusRuntimeException(status));
            }))
            .build())
        .build().start();
    try {
      try (Transport t = new Transport.Grpc("127.0.0.1", server.getPort(), Shapes.Signal.TRACES, false,
          Duration.ofSeconds(5))) {
        Transport.Reply r = t.sendForReply(Shapes.of("traces-testbed").bytes()).get();
        assertEquals(new Transport.Reply("RESOURCE_EXHAUSTED", 400), r);
      }
      calls.set(0);
      LoadGenerator.Options o = new LoadGenerator.Options("127.0.0.1", server.getPort(), "grpc",
          Shapes.of("traces-testbed"), 1, 1, 0, Duration.ZERO, Duration.ofMillis(1000), false, Duration.ofSeconds(5),
          true);
      LoadGenerator.Result r = new LoadGenerator(o).run();
      // 1 s measured, one slot, 400 ms between attempts: 3 or 4 attempts (without backoff: hundreds).
      // Only the upper bound tells backoff from none; a machine that delays the slot makes fewer.
      assertTrue(calls.get() >= 1 && calls.get() <= 5, calls.get() + " attempts; " + r.summary());
      assertTrue(r.summary().contains("rate=max backoff:"), r.summary());
    } finally {
      server.shutdownNow();
    }
    assertEquals(7000, Transport.retryAfterMillis(java.util.Optional.of("7")));
    assertEquals(-1, Transport.retryAfterMillis(java.util.Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")));
    assertEquals(-1, Transport.retryAfterMillis(java.util.Optional.empty()));
  }
}
