package dev.handoff.sidecar.proxy;

import io.vertx.core.http.WebSocketBase;

/** Passes a close on to the other side with its code and reason, where the code may be sent at all. */
final class CloseCodes {
  private CloseCodes() {}

  static void close(WebSocketBase socket, int code, String reason) {
    if (socket.isClosed()) return;
    // 1005, 1006 and 1015 describe what happened to a connection; RFC 6455 forbids sending them.
    boolean sendable = code >= 1000 && code < 5000 && code != 1005 && code != 1006 && code != 1015;
    if (sendable) {
      socket.close((short) code, reason == null ? "" : reason);
    } else {
      socket.close();
    }
  }
}
