package io.telegate.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrpcCodecsTest {

  @Test
  void zstdAndSnappyRoundTripAndAreRegisteredOnBothSides() throws Exception {
    byte[] message = "a gRPC message ".repeat(1_000).getBytes(StandardCharsets.UTF_8);
    for (Codec codec : new Codec[] {GrpcCodecs.ZSTD, GrpcCodecs.SNAPPY}) {
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      try (OutputStream out = codec.compress(wire)) {
        out.write(message);
      }
      assertTrue(wire.size() < message.length / 4, codec.getMessageEncoding() + " compresses");
      try (InputStream in = codec.decompress(new ByteArrayInputStream(wire.toByteArray()))) {
        assertArrayEquals(message, in.readAllBytes(), codec.getMessageEncoding());
      }
      assertNotNull(GrpcCodecs.compressors().lookupCompressor(codec.getMessageEncoding()));
      assertNotNull(GrpcCodecs.decompressors().lookupDecompressor(codec.getMessageEncoding()));
    }
    assertTrue(GrpcCodecs.decompressors().getAdvertisedMessageEncodings().containsAll(Set.of("gzip", "zstd", "snappy")));
  }
}
