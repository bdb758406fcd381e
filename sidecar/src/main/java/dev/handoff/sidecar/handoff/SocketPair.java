package dev.handoff.sidecar.handoff;

import io.vertx.core.Future;

/**
 * The two ends of one proxied socket, as a hand-off sees them: it talks to the client and ends
 * both.
 */
public interface SocketPair {
  /** Sends a text frame to the client, in order with the app's frames. */
  Future<Void> sendToClient(String text);

  /**
   * Stops relaying and closes both sides, each with its own close frame; completes once the
   * client's side is closed (its close answered, or the connection gone).
   */
  Future<Void> closeBoth(short clientCode, String clientReason, short appCode, String appReason);

  /** Closes both connections at once, without waiting for any answer. */
  void abort();
}
