package io.telegate.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.telegate.testing.TestHost;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequiredExtensionTest {

  private static final String USED_BY = "exporters::otlp::sending_queue::storage";

  /** An extension that is not a {@link Storage}. */
  private static class Plain implements Component {
    @Override
    public void start(Host host) {
    }

    @Override
    public void shutdown(Duration timeout) {
    }
  }

  private static final class Storage extends Plain {}

  @Test
  void returnsTheStartedExtensionAsTheTypeAsked() {
    TestHost host = new TestHost();
    Storage storage = new Storage();
    host.addExtension(ComponentId.of("file_storage"), storage);

    assertSame(storage, host.requiredExtension(ComponentId.of("file_storage"), Storage.class, "a storage", USED_BY));
  }

  @Test
  void aMissingExtensionFailsNamingWhoNeedsItAndHowToConfigureIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TestHost()
        .requiredExtension(ComponentId.parse("file_storage/q"), Storage.class, "a storage", USED_BY));

    assertEquals(USED_BY + ": 'file_storage/q' is not a started extension (configure it under extensions and list "
        + "it in service::extensions)", e.getMessage());
  }

  @Test
  void anExtensionOfAnotherTypeFailsSayingWhatWasExpected() {
    TestHost host = new TestHost();
    host.addExtension(ComponentId.of("zpages"), new Plain());

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> host.requiredExtension(ComponentId.of("zpages"), Storage.class, "a storage", USED_BY));

    assertEquals(USED_BY + ": 'zpages' is not a storage", e.getMessage());
  }
}
