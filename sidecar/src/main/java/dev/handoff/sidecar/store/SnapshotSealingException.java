package dev.handoff.sidecar.store;

/** A snapshot could not be sealed (the JVM refused the cipher or the key): it is not stored. */
public final class SnapshotSealingException extends SnapshotStoreException {
  public SnapshotSealingException(String message) {
    super(message);
  }
}
