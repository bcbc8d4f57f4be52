package io.telegate.core.component;

import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.health.HealthRegistry;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/** What the running gateway offers a started component. */
public interface Host {

  /** The registry of self-metrics, exposed on the telemetry endpoint. */
  MetricRegistry metrics();

  /** Where a component reports its health; shown by {@code /health}. */
  ComponentHealth health(ComponentKind kind, ComponentId id);

  /** The health of the whole gateway, for extensions that report it (health_check). */
  HealthRegistry healthRegistry();

  /** A logger that adds the component's kind and id to each line. */
  GatewayLogger logger(ComponentKind kind, ComponentId id);

  /** A started extension, by id. */
  Optional<Component> extension(ComponentId id);

  /**
   * The started extension {@code id} that a component needs as a {@code type} ({@code what} in
   * words: "a file_storage extension", "a client authenticator").
   *
   * @param usedBy the YAML path of the reference, naming the component that needs it ({@code
   *     exporters::otlp::sending_queue::storage}); the error starts with it
   * @throws IllegalStateException when no such extension runs or it is not a {@code type}
   */
  default <T> T requiredExtension(ComponentId id, Class<T> type, String what, String usedBy) {
    Component ext = extension(id).orElseThrow(() -> new IllegalStateException(usedBy + ": '" + id
        + "' is not a started extension (configure it under extensions and list it in service::extensions)"));
    if (!type.isInstance(ext)) {
      throw new IllegalStateException(usedBy + ": '" + id + "' is not " + what);
    }
    return type.cast(ext);
  }

  /**
   * Where a component gets the threads it owns (a scrape loop, an HTTP server's worker, a disk
   * queue's writer): daemon threads named {@code telegate-<kind>-<id>-<n>} ({@link HostThreads}).
   * The component stops them at shutdown. Work that only waits goes to {@link #scheduler()}, and
   * work handed over by timers and completions to {@link #executor()}, not to threads of its own.
   */
  ThreadFactory threads(ComponentKind kind, ComponentId id);

  /** The clock; tests inject their own. */
  Clock clock();

  /**
   * The timer for what a component waits on (batch timeouts, retry backoff, send timeouts); tests
   * inject a manual one. Owned by the host and stopped after every component shut down.
   */
  Scheduler scheduler();

  /**
   * Where components run work that a timer or a completion hands over (a flush after a batch
   * timeout, a retry after its backoff), so that it never runs on the timer thread. Owned by the
   * host; tests inject a direct one.
   */
  Executor executor();

  /** The bytes that all batch buffers and in-memory queues of this gateway may hold together. */
  MemoryBudget memoryBudget();

  /**
   * The bytes that requests being received and decoded may cost together ({@code
   * service::buffers::intake_limit_*}); receivers reserve a request's estimated cost before they
   * decode it and refuse it as throttled when it does not fit.
   */
  default MemoryBudget intakeBudget() {
    return MemoryBudget.unbounded();
  }

  /** When requests are answered to clients ({@code service.acknowledgements}). */
  default Acknowledgement acknowledgement() {
    return Acknowledgement.HELD;
  }

  /** The running pipelines and extensions, for extensions that describe the gateway (zpages); empty in tests. */
  default Optional<ServiceView> service() {
    return Optional.empty();
  }
}
