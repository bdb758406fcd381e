package dev.handoff.sidecar.proxy;

import dev.handoff.contract.UpgradeHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Set;

/** Which request headers travel to the app, and the {@code X-Forwarded-*} headers the app expects from a proxy. */
final class ForwardedHeaders {
  /** RFC 9110 §7.6.1: meaningful for one connection only. */
  static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

  /** The WebSocket handshake is made anew on each side of the sidecar. */
  private static final Set<String> HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version",
      "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept", "host");

  /** Set by the sidecar alone: a client must not be able to fake a restore. */
  private static final Set<String> OURS = Set.of(UpgradeHeaders.RESTORED_FROM.toLowerCase(Locale.ROOT),
      UpgradeHeaders.STATE.toLowerCase(Locale.ROOT));

  private ForwardedHeaders() {}

  static MultiMap forRequest(HttpServerRequest req, boolean webSocket) {
    MultiMap in = req.headers();
    Set<String> named = namedInConnection(in);
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (var e : in) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || named.contains(name) || OURS.contains(name)) continue;
      if (webSocket && HANDSHAKE.contains(name)) continue;
      out.add(e.getKey(), e.getValue());
    }
    String remote = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    if (remote != null) {
      String prior = in.get("X-Forwarded-For");
      out.set("X-Forwarded-For", prior == null ? remote : prior + ", " + remote);
    }
    if (!in.contains("X-Forwarded-Proto")) out.set("X-Forwarded-Proto", req.isSSL() ? "https" : "http");
    if (!in.contains("X-Forwarded-Host") && req.authority() != null) {
      out.set("X-Forwarded-Host", req.authority().toString());
    }
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
    String connection = headers.get("Connection");
    if (connection == null) return Set.of();
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String n : connection.split(",")) names.add(n.trim().toLowerCase(Locale.ROOT));
    return names;
  }
}
