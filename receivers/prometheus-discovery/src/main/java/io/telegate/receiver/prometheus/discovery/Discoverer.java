package io.telegate.receiver.prometheus.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * One {@code *_sd_configs} entry (or a scrape config's {@code static_configs}) turned into target
 * groups that change over time, as Prometheus's {@code discovery.Discoverer}.
 *
 * <p><b>Updates.</b> {@link #start} returns at once; the discoverer then calls {@code updates}
 * with lists of groups that are <em>new or changed</em> since its last call, keyed by {@link
 * TargetGroup#source()}: a group replaces the one of the same source before it, and a group with no
 * targets means that source's targets are gone (a deleted file, a deleted pod). The first call
 * holds every group known at that time (possibly none: an empty list), and comes as soon as the
 * first read, list or lookup finished, or failed; later calls come only when something changed.
 * {@link DiscoveryManager} folds these into the full set for a scrape config.
 *
 * <p><b>Failures.</b> A read, request or lookup that fails is logged (rate-limited) and changes
 * nothing: the last good groups stay. Nothing is thrown to the caller after {@link #start}.
 *
 * <p><b>Threads.</b> A discoverer calls {@code updates} from {@link DiscoveryContext#executor()}
 * (file, HTTP and DNS discovery: their refreshes are timed by the host's scheduler, with no thread
 * of their own) or from its client library's event thread (Kubernetes), never two calls at once, and
 * never after {@link #close()} returned.
 * {@code updates} should return quickly; the lists it gets are unmodifiable and its own to keep.
 */
public interface Discoverer extends AutoCloseable {

  /**
   * Where this discoverer came from, its YAML path within the scrape config
   * ({@code file_sd_configs[0]}), for log lines and self-metrics.
   */
  String name();

  /**
   * Starts discovering; returns at once. Called at most once.
   *
   * @param updates receives the changed groups (see the type's documentation)
   */
  void start(Consumer<List<TargetGroup>> updates);

  /** Stops its threads, watches and connections; safe before {@link #start} and twice. */
  @Override
  void close();
}
