package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GrpcRequestTest {

  /** A stream that says it knows its length, and may say less than it holds. */
  private static final class Known extends ByteArrayInputStream implements io.grpc.KnownLength {
    private final int claimed;

    Known(byte[] bytes, int claimed) {
      super(bytes);
      this.claimed = claimed;
    }

    @Override
    public synchronized int available() {
      return Math.min(claimed, super.available());
    }
  }

  @Test
  void readsAKnownLengthStreamWhole() throws IOException {
    byte[] bytes = {1, 2, 3, 4, 5};
    assertArrayEquals(bytes, GrpcMessages.readAll(new Known(bytes, 5)));
  }

  @Test
  void keepsEveryByteWhenTheStreamUnderstatesItsLength() throws IOException {
    byte[] bytes = {1, 2, 3, 4, 5, 6, 7};
    assertArrayEquals(bytes, GrpcMessages.readAll(new Known(bytes, 3)));
    assertArrayEquals(bytes, GrpcMessages.readAll(new Known(bytes, 6)));
  }

  @Test
  void readsOtherStreamsToTheEnd() throws IOException {
    byte[] bytes = new byte[100_000];
    bytes[99_999] = 9;
    assertArrayEquals(bytes, GrpcMessages.readAll(new ByteArrayInputStream(bytes)));
  }
}
