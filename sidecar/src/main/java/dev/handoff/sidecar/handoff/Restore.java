package dev.handoff.sidecar.handoff;

/**
 * The decision for one presented token. {@code envelope} and {@code key} are set when a snapshot
 * was taken out of the store, so it can be put back if the client never gets its {@code hello}.
 */
public record Restore(RestoreOutcome outcome, SnapshotEnvelope envelope, String key) {
  public static Restore of(RestoreOutcome outcome) {
    return new Restore(outcome, null, null);
  }

  public boolean restored() {
    return outcome == RestoreOutcome.RESTORED;
  }
}
