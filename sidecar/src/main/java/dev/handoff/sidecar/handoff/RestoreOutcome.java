package dev.handoff.sidecar.handoff;

import dev.handoff.contract.RolloutCounter;

/** What happened to one presented token. */
public enum RestoreOutcome {
  RESTORED(RolloutCounter.RESTORED),
  EXPIRED(RolloutCounter.EXPIRED),
  REFRESH(RolloutCounter.REFRESH),
  INVALID(RolloutCounter.INVALID),
  /**
   * Counted as "unavailable": the draining side already counts its own store_error in the same
   * hash.
   */
  STORE_ERROR(RolloutCounter.UNAVAILABLE);

  private final RolloutCounter counter;

  RestoreOutcome(RolloutCounter counter) {
    this.counter = counter;
  }

  /** The field of the rollout hash this outcome adds to. */
  public RolloutCounter counter() {
    return counter;
  }
}
