package io.telegate.receiver.jmx;

import io.telegate.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The child JVMs the JMX tests scrape: JMX remote flags and the sleeping target. */
final class JmxChildren {

  private JmxChildren() {}

  /** JVM flags that open JMX remote on {@code port} on the loopback address, without TLS. */
  static List<String> jmxRemote(int port, boolean authenticate) {
    return new ArrayList<>(List.of(
        "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Djava.rmi.server.hostname=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=" + authenticate,
        "-Dcom.sun.management.jmxremote.ssl=false"));
  }

  /** A {@link SleepingTarget} with JMX remote on {@code port}, once it said it is ready. */
  static ChildJvm sleepingTarget(int port, List<String> extraJvmArgs) {
    List<String> jvm = jmxRemote(port, false);
    jvm.add("-Xmx64m");
    jvm.add("-XX:+UseSerialGC");
    jvm.add("-Xshare:auto");
    jvm.addAll(extraJvmArgs);
    ChildJvm c = ChildJvm.start("target", ChildJvm.testClasses(), jvm, SleepingTarget.class.getName(), List.of());
    c.awaitOutput("ready", Duration.ofSeconds(30));
    return c;
  }
}
