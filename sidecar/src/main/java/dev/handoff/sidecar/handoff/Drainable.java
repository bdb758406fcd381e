package dev.handoff.sidecar.handoff;

import io.vertx.core.Future;

/**
 * A live socket the drain has to end: opted-in ones hand their state off, plain ones are just
 * closed.
 */
public interface Drainable {
  /**
   * Completes once the socket is closed; with the snapshot's outcome, or null for a plain socket.
   */
  Future<SnapshotOutcome> drain();

  /** Closes at once, for sockets still open when the drain timeout has passed. */
  void abort();
}
