package dev.handoff.sidecar.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may {@code POST /drain}, which disconnects every client of the pod. The admin port listens on
 * every interface (probes and scrapes come from outside the pod), so without an admin token only
 * loopback may drain: the pod's own preStop ({@code handoff-sidecar.jar drain}, on 127.0.0.1). With
 * a token, the token is needed from anywhere, loopback included; the preStop sends it from
 * HANDOFF_ADMIN_TOKEN.
 */
final class DrainAccess {

  enum Verdict {
    ALLOWED,
    TOKEN_REQUIRED,
    LOOPBACK_ONLY
  }

  private final Optional<String> token;

  DrainAccess(Optional<String> token) {
    this.token = token;
  }

  /**
   * {@code remoteHost} is the peer's IP literal; {@code authorization} the request's header, or
   * null.
   */
  Verdict judge(String remoteHost, String authorization) {
    if (token.isPresent()) return matches(authorization) ? Verdict.ALLOWED : Verdict.TOKEN_REQUIRED;
    return loopback(remoteHost) ? Verdict.ALLOWED : Verdict.LOOPBACK_ONLY;
  }

  private boolean matches(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) return false;
    byte[] given =
        authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8));
  }

  static boolean loopback(String remoteHost) {
    if (remoteHost == null || remoteHost.isEmpty()) return false;
    // Only IP literals reach here (a peer address), so getByName never resolves a name; a name is
    // refused anyway.
    if (!remoteHost
        .chars()
        .allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
      return false;
    }
    try {
      return InetAddress.getByName(remoteHost).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
