package io.telegate.core.extension;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import java.io.IOException;
import java.time.Duration;

/**
 * An extension that serves HTTP on its own endpoint ({@code health_check}, {@code zpages},
 * {@code pprof}): one {@link ExtensionHttpServer} per start, on the host's thread for the extension, with the
 * handlers the subclass registers; stopped at shutdown. Starting twice is a no-op.
 */
abstract class HttpExtension implements Component {

  private final ComponentId id;
  private final String endpoint;
  private ExtensionHttpServer server;

  HttpExtension(ComponentId id, String endpoint) {
    this.id = id;
    this.endpoint = endpoint;
  }

  ComponentId id() {
    return id;
  }

  /** Registers the extension's handlers on a server that is not started yet. */
  abstract void register(ExtensionHttpServer server, Host host);

  @Override
  public final synchronized void start(Host host) throws IOException {
    if (server != null) {
      return;
    }
    ExtensionHttpServer s = new ExtensionHttpServer(endpoint, host.threads(ComponentKind.EXTENSION, id));
    register(s, host);
    s.start();
    server = s;
  }

  /** The bound port. */
  public synchronized int port() {
    return server.port();
  }

  @Override
  public synchronized void shutdown(Duration timeout) {
    if (server != null) {
      server.stop();
      server = null;
    }
  }
}
