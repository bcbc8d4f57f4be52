package io.telegate.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.TestHost;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class HostThreadsTest {

  private static final Runnable NOTHING = () -> { };

  @Test
  void namesThreadsAfterTheComponentsKindAndIdNumberedFromOne() {
    ThreadFactory f = HostThreads.of(ComponentKind.EXPORTER, ComponentId.parse("loki/tenant_a"));

    assertEquals("telegate-exporter-loki/tenant_a-1", f.newThread(NOTHING).getName());
    assertEquals("telegate-exporter-loki/tenant_a-2", f.newThread(NOTHING).getName());
  }

  @Test
  void makesDaemonThreadsSoAComponentNeverKeepsTheJvmAlive() {
    Thread t = HostThreads.of(ComponentKind.RECEIVER, ComponentId.of("jmx")).newThread(NOTHING);

    assertTrue(t.isDaemon());
    assertEquals("telegate-receiver-jmx-1", t.getName());
  }

  @Test
  void runsTheTaskItWasGiven() throws Exception {
    boolean[] ran = new boolean[1];
    Thread t = new HostThreads("telegate-worker").newThread(() -> ran[0] = true);
    t.start();
    t.join();

    assertTrue(ran[0]);
    assertEquals("telegate-worker-1", t.getName());
  }

  @Test
  void aHostNumbersOnAcrossTheThreadsAComponentAsksForAtDifferentTimes() {
    TestHost host = new TestHost();
    ComponentId id = ComponentId.of("otlp");

    ThreadFactory first = host.threads(ComponentKind.EXPORTER, id);
    assertEquals("telegate-exporter-otlp-1", first.newThread(NOTHING).getName());
    ThreadFactory again = host.threads(ComponentKind.EXPORTER, id);

    assertSame(first, again);
    assertEquals("telegate-exporter-otlp-2", again.newThread(NOTHING).getName());
    assertEquals("telegate-receiver-otlp-1",
        host.threads(ComponentKind.RECEIVER, id).newThread(NOTHING).getName(), "another kind counts apart");
  }
}
