package dev.handoff.sidecar.handoff;

import java.time.Duration;

/**
 * What the hand-off reports as it goes: drains, snapshots, restores and the store's timings. The
 * metrics package implements it ({@code HandoffMetrics}), so the hand-off never depends on how it
 * is exported.
 */
public interface HandoffRecorder {
  void drainStarted();

  void drainFinished(Duration took);

  void snapshot(SnapshotOutcome outcome);

  void snapshotStored(int bytes, Duration sinceDrainFrame);

  void restore(RestoreOutcome outcome);

  void storePut(Duration took);

  void storeTake(Duration took);

  /** A control frame refused with {@code code} (one of the contract's error codes). */
  void controlFrameRejected(String code);
}
