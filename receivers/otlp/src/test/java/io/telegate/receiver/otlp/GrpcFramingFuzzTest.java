package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.data.OtlpWire;
import io.telegate.core.data.Traces;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing gRPC framing (issue 16, "Also"): HTTP/2 frames and the length-prefixed, maybe
 * compressed gRPC message inside them, both parsed by grpc-java before the receiver's own wire walk.
 * Seeded mutation as in {@link DecoderFuzzTest}. Whatever arrives, the receiver answers with a
 * status (never UNKNOWN, which would be an exception escaping the service), closes the
 * connection, or waits for more; it passes on only what the wire walk accepts; and it still
 * serves an ordinary client afterwards.
 */
class GrpcFramingFuzzTest {

  private static final Set<io.grpc.Status.Code> ANSWERS = EnumSet.of(io.grpc.Status.Code.OK,
      io.grpc.Status.Code.INVALID_ARGUMENT, io.grpc.Status.Code.INTERNAL, io.grpc.Status.Code.RESOURCE_EXHAUSTED,
      io.grpc.Status.Code.UNIMPLEMENTED, io.grpc.Status.Code.UNAVAILABLE, io.grpc.Status.Code.CANCELLED);

  private ReceiverFixture fixture;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** A "gzip" compressor that compresses, then mutates the compressed bytes with {@code r}. */
  private static io.grpc.Compressor corruptGzip(Random r) {
    return new io.grpc.Compressor() {
      @Override
      public String getMessageEncoding() {
        return "gzip";
      }

      @Override
      public OutputStream compress(OutputStream os) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        return new FilterOutputStream(plain) {
          @Override
          public void close() throws IOException {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
              gz.write(plain.toByteArray());
            }
            os.write(DecoderFuzzTest.mutate(z.toByteArray(), r));
            os.close();
          }
        };
      }
    };
  }

  @Test
  void mutatedMessagesAndCompressedPayloadsGetAStatusAndOnlyValidDataPasses() throws Exception {
    fixture = ReceiverFixture.start(Map.of(), null);
    Random r = new Random(DecoderFuzzTest.SEED ^ 0x6770c);
    CompressorRegistry compressors = CompressorRegistry.newEmptyInstance();
    compressors.register(corruptGzip(r));
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", fixture.grpcPort(), InsecureChannelCredentials.create())
        .compressorRegistry(compressors).build();
    byte[] valid = ReceiverFixture.spans(20).bytes();
    var raw = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder().setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
        .setRequestMarshaller(ByteArrayMarshaller.INSTANCE).setResponseMarshaller(ByteArrayMarshaller.INSTANCE).build();
    int answered = 0;
    for (int i = 0; i < 300; i++) {
      boolean compress = i % 2 == 0;
      byte[] body = compress ? valid : DecoderFuzzTest.mutate(valid, r);
      try {
        io.grpc.stub.ClientCalls.blockingUnaryCall(channel, raw, io.grpc.CallOptions.DEFAULT
            .withDeadlineAfter(10, TimeUnit.SECONDS).withCompression(compress ? "gzip" : "identity"), body);
        answered++;
      } catch (StatusRuntimeException e) {
        assertTrue(ANSWERS.contains(e.getStatus().getCode()), "iteration " + i + ": " + e.getStatus());
      }
    }
    for (Traces t : fixture.traces.received()) {
      OtlpWire.TRACES.check(t.encoded());
    }
    assertTrue(answered < 300, "some mutants were refused");
    assertServes();
  }

  /** Records what a real client sends on one connection, through a proxy. */
  private byte[] recordValidConnection() throws Exception {
    ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    try (ServerSocket proxy = new ServerSocket()) {
      proxy.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread pump = new Thread(() -> {
        try (Socket in = proxy.accept(); Socket out = new Socket("127.0.0.1", fixture.grpcPort())) {
          Thread back = new Thread(() -> copy(out, in, null));
          back.setDaemon(true);
          back.start();
          copy(in, out, recorded);
        } catch (IOException e) {
          // the client went away
        }
      });
      pump.setDaemon(true);
      pump.start();
      ManagedChannel c = Grpc.newChannelBuilderForAddress("127.0.0.1", proxy.getLocalPort(),
          InsecureChannelCredentials.create()).build();
      try {
        TraceServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
            .export(ReceiverFixture.spans(5).build());
      } finally {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      pump.join(5_000);
    }
    synchronized (recorded) {
      return recorded.toByteArray();
    }
  }

  private static void copy(Socket from, Socket to, ByteArrayOutputStream record) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      for (int n; (n = in.read(buf)) > 0; ) {
        if (record != null) {
          synchronized (record) {
            record.write(buf, 0, n);
          }
        }
        to.getOutputStream().write(buf, 0, n);
      }
    } catch (IOException e) {
      // closed
    }
  }

  @Test
  void mutatedHttp2ConnectionsLeaveTheReceiverServing() throws Exception {
    fixture = ReceiverFixture.start(Map.of(), null);
    byte[] conversation = recordValidConnection();
    assertTrue(conversation.length > 24, "the HTTP/2 preface and frames were recorded");
    Random r = new Random(DecoderFuzzTest.SEED ^ 0x4832);
    int preface = 24;
    byte[] frames = java.util.Arrays.copyOfRange(conversation, preface, conversation.length);
    for (int i = 0; i < 200; i++) {
      byte[] mutant = DecoderFuzzTest.mutate(frames, r);
      try (Socket s = new Socket("127.0.0.1", fixture.grpcPort())) {
        s.setSoTimeout(100);
        s.getOutputStream().write(conversation, 0, preface);
        s.getOutputStream().write(mutant);
        s.getOutputStream().flush();
        byte[] buf = new byte[4096];
        try {
          while (s.getInputStream().read(buf) > 0) {
            // the server's frames: settings, GOAWAY, a response
          }
        } catch (SocketTimeoutException e) {
          // waiting for more: the test closes
        }
      } catch (IOException e) {
        // reset by the server
      }
    }
    for (Traces t : fixture.traces.received()) {
      OtlpWire.TRACES.check(t.encoded());
    }
    assertServes();
  }

  private void assertServes() {
    ExportTraceServiceRequest ok = ReceiverFixture.spans(3).build();
    int before = fixture.traces.received().size();
    TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(10, TimeUnit.SECONDS).export(ok);
    assertEquals(before + 1, fixture.traces.received().size(), "still serving");
  }
}
