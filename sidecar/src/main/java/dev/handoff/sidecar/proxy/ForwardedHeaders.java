package dev.handoff.sidecar.proxy;

import dev.handoff.contract.UpgradeHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Set;

/**
 * Which request headers travel to the app, and the {@code X-Forwarded-*} headers the app expects
 * from a proxy.
 */
final class ForwardedHeaders {
  /** RFC 9110 §7.6.1: meaningful for one connection only. */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "trailers",
          "transfer-encoding",
          "upgrade");

  /** The WebSocket handshake is made anew on each side of the sidecar. */
  private static final Set<String> HANDSHAKE =
      Set.of(
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "sec-websocket-protocol",
          "sec-websocket-accept",
          "host");

  /** Set by the sidecar alone: a client must not be able to fake a restore. */
  private static final Set<String> OURS =
      Set.of(
          UpgradeHeaders.RESTORED_FROM.toLowerCase(Locale.ROOT),
          UpgradeHeaders.STATE.toLowerCase(Locale.ROOT));

  private ForwardedHeaders() {}

  static MultiMap forRequest(HttpServerRequest req, boolean webSocket) {
    String remote = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    return forRequest(
        req.headers(),
        remote,
        req.isSSL(),
        req.authority() == null ? null : req.authority().toString(),
        webSocket);
  }

  /**
   * The same from the request's facts: its headers, the peer's address (null when unknown), whether
   * it came over TLS, and its authority (null when it had none).
   */
  static MultiMap forRequest(
      MultiMap in, String remote, boolean ssl, String authority, boolean webSocket) {
    Set<String> named = namedInConnection(in);
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (var e : in) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || named.contains(name) || OURS.contains(name)) continue;
      if (webSocket && HANDSHAKE.contains(name)) continue;
      out.add(e.getKey(), e.getValue());
    }
    if (remote != null) {
      // Every earlier proxy's entry, in order, even when they came as separate headers (RFC 9110
      // §5.3).
      java.util.List<String> prior = in.getAll("X-Forwarded-For");
      out.set(
          "X-Forwarded-For", prior.isEmpty() ? remote : String.join(", ", prior) + ", " + remote);
    }
    if (!in.contains("X-Forwarded-Proto")) out.set("X-Forwarded-Proto", ssl ? "https" : "http");
    if (!in.contains("X-Forwarded-Host") && authority != null)
      out.set("X-Forwarded-Host", authority);
    return out;
  }

  /** Copies a response's headers, leaving out the hop-by-hop ones. */
  static void copyResponse(MultiMap from, MultiMap to) {
    Set<String> named = namedInConnection(from);
    for (var e : from) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || named.contains(name)) continue;
      to.add(e.getKey(), e.getValue());
    }
  }

  private static Set<String> namedInConnection(MultiMap headers) {
    // Every Connection header counts: a second one may name the headers meant for this hop alone.
    java.util.List<String> connection = headers.getAll("Connection");
    if (connection.isEmpty()) return Set.of();
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String header : connection) {
      for (String n : header.split(",")) names.add(n.trim().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
