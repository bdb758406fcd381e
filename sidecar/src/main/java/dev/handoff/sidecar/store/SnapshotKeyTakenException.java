package dev.handoff.sidecar.store;

/**
 * {@code SET … NX} found the key already there: a token collision or a replayed write, never
 * overwritten.
 */
public final class SnapshotKeyTakenException extends SnapshotStoreException {
  public SnapshotKeyTakenException() {
    super("snapshot key already exists");
  }
}
