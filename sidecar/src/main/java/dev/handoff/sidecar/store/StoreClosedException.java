package dev.handoff.sidecar.store;

/**
 * The store was closed: a call that comes in afterwards (a put-back racing the shutdown, say) is
 * refused.
 */
public final class StoreClosedException extends SnapshotStoreException {
  public StoreClosedException() {
    super("the store is closed");
  }
}
