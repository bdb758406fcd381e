package dev.handoff.sidecar.store;

/**
 * A store answered, but not with what was asked: the snapshot is not safely stored or cannot be read. Connection
 * failures stay Lettuce's own {@code RedisException}s; both count as {@code store_error}/{@code unavailable}.
 */
public abstract class SnapshotStoreException extends RuntimeException {
  protected SnapshotStoreException(String message) {
    // No stack trace: these are outcomes the callers count and log by class name, not bugs.
    super(message, null, false, false);
  }
}
