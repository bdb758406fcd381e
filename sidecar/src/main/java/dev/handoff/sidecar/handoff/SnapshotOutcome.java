package dev.handoff.sidecar.handoff;

import dev.handoff.contract.RolloutCounter;

/** What happened to one client's state during a drain. */
public enum SnapshotOutcome {
  STORED(RolloutCounter.STORED),
  TOO_LARGE(RolloutCounter.TOO_LARGE),
  TIMEOUT(RolloutCounter.TIMEOUT),
  STORE_ERROR(RolloutCounter.STORE_ERROR);

  private final RolloutCounter counter;

  SnapshotOutcome(RolloutCounter counter) {
    this.counter = counter;
  }

  /** The field of the rollout hash this outcome adds to. */
  public RolloutCounter counter() {
    return counter;
  }
}
