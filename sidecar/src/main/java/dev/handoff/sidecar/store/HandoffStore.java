package dev.handoff.sidecar.store;

/**
 * What a sidecar keeps outside itself, by job: {@link #snapshots()} for the hand-off, {@link
 * #rolloutCounters()} for the operator's reports, {@link #readyVersions()} and {@link
 * #expiringCounters()} for reconnect steering. One store (one Redis, or one map in this JVM) serves
 * all four; consumers take only the job they need, and whoever opened the store closes it once.
 */
public interface HandoffStore extends AutoCloseable {

  SnapshotStore snapshots();

  RolloutCounters rolloutCounters();

  ReadyVersions readyVersions();

  ExpiringCounters expiringCounters();

  /** A human word for logs and the start-up line, never the URL (it may carry a password). */
  String describe();

  @Override
  void close();
}
