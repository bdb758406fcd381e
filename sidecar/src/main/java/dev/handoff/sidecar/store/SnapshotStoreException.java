package dev.handoff.sidecar.store;

/**
 * The one hierarchy of the store's own failures: the store answered, but not with what was asked
 * (the snapshot is not safely stored or cannot be read), or it is closed. Connection failures stay
 * Lettuce's own {@code RedisException}s; both count as {@code store_error}/{@code unavailable}.
 */
public abstract sealed class SnapshotStoreException extends RuntimeException
    permits SnapshotKeyTakenException,
        ReplicasNotAcknowledgedException,
        SnapshotUnreadableException,
        SnapshotSealingException,
        StoreClosedException,
        UnexpectedReplyException {
  protected SnapshotStoreException(String message) {
    // No stack trace: these are outcomes the callers count and log by class name, not bugs.
    super(message, null, false, false);
  }
}
