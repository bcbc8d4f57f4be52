package io.telegate.core.health;

import java.time.Clock;
import java.time.Instant;

/** The health of one component: its status, and its last error with when it happened. */
public final class ComponentHealth {

  /** Status values, named as the Collector's component status. */
  public enum Status {
    STARTING,
    OK,
    RECOVERABLE_ERROR,
    PERMANENT_ERROR,
    STOPPING,
    STOPPED
  }

  private final String kind;
  private final String id;
  private final Clock clock;
  private volatile Status status = Status.STARTING;
  private volatile String lastError;
  private volatile Instant lastErrorTime;
  private volatile Instant since;

  public ComponentHealth(String kind, String id, Clock clock) {
    this.kind = kind;
    this.id = id;
    this.clock = clock;
    this.since = clock.instant();
  }

  public String kind() {
    return kind;
  }

  public String id() {
    return id;
  }

  public Status status() {
    return status;
  }

  public Instant since() {
    return since;
  }

  public String lastError() {
    return lastError;
  }

  public Instant lastErrorTime() {
    return lastErrorTime;
  }

  public void ok() {
    set(Status.OK);
  }

  public void set(Status s) {
    if (status != s) {
      status = s;
      since = clock.instant();
    }
  }

  /** Records an error that the component expects to recover from (a backend down, a target gone). */
  public void recoverableError(String error) {
    lastError = io.telegate.core.telemetry.Secrets.redactText(error);
    lastErrorTime = clock.instant();
    set(Status.RECOVERABLE_ERROR);
  }

  public void permanentError(String error) {
    lastError = io.telegate.core.telemetry.Secrets.redactText(error);
    lastErrorTime = clock.instant();
    set(Status.PERMANENT_ERROR);
  }
}
