package dev.handoff.sidecar.store;

/**
 * The store holds something no sidecar writes there, e.g. a member of a ready set that is not a
 * version.
 */
public final class UnexpectedReplyException extends SnapshotStoreException {
  public UnexpectedReplyException(String message) {
    super(message);
  }
}
