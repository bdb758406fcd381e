package dev.handoff.sidecar.store;

/**
 * Fewer replicas than {@code HANDOFF_REDIS_WAIT_REPLICAS} confirmed the snapshot in time: a
 * failover could lose it.
 */
public final class ReplicasNotAcknowledgedException extends SnapshotStoreException {
  private final long acknowledged;
  private final int wanted;

  public ReplicasNotAcknowledgedException(long acknowledged, int wanted) {
    super("only " + acknowledged + " of " + wanted + " replicas acknowledged");
    this.acknowledged = acknowledged;
    this.wanted = wanted;
  }

  public long acknowledged() {
    return acknowledged;
  }

  public int wanted() {
    return wanted;
  }
}
