package io.telegate.core.exporter;

import io.telegate.core.component.ComponentConfig;

/**
 * The config of an exporter with a sending queue; validation reads it to warn about memory-only
 * buffering in front of a disk queue and about long batch waits with end-to-end acknowledgement.
 */
public interface QueuedExporterConfig extends ComponentConfig {

  /** The sending queue in effect. */
  QueueConfig exportQueue();
}
