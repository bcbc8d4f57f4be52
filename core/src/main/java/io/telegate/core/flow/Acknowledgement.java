package io.telegate.core.flow;

/**
 * When a request is answered to its client ({@code service.acknowledgements}).
 *
 * <ul>
 *   <li>{@code held} (the default): as soon as every pipeline it feeds holds it safely, in a
 *       batch buffer, an exporter's memory queue, or written to an exporter's disk queue. The
 *       answer does not wait for a batch timer or an export round trip. Held in memory, the data
 *       is delivered, counted as dropped, or (on a crash) lost with the process; on disk it
 *       survives a crash.
 *   <li>{@code exported}: only after the data was exported (the backend accepted it), or was
 *       refused; the client sees the backend's answer and retries what failed. Each answer then
 *       takes a batch timeout plus an export round trip.
 * </ul>
 */
public enum Acknowledgement {
  HELD,
  EXPORTED
}
