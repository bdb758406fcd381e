package dev.handoff.sidecar.store;

/**
 * A stored snapshot that cannot be opened: tampered with, moved, or sealed with a key we do not
 * hold.
 */
public final class SnapshotUnreadableException extends SnapshotStoreException {
  public SnapshotUnreadableException(String message) {
    super(message);
  }
}
