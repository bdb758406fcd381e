package dev.handoff.sidecar.proxy;

import dev.handoff.contract.UpgradeHeaders;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers travel between the client and the app, and the {@code X-Forwarded-*} headers the
 * app expects from a proxy. A plain request's and response's headers are edited where the codec
 * left them, with no copy: a relayed request costs a handful of removals, not a new header map.
 */
final class ForwardedHeaders {
  /** RFC 9110 §7.6.1: meaningful for one connection only. */
  private static final List<AsciiString> HOP_BY_HOP =
      List.of(
          HttpHeaderNames.CONNECTION,
          HttpHeaderNames.KEEP_ALIVE,
          HttpHeaderNames.PROXY_AUTHENTICATE,
          HttpHeaderNames.PROXY_AUTHORIZATION,
          HttpHeaderNames.PROXY_CONNECTION,
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          AsciiString.cached("trailers"),
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.UPGRADE);

  /** The WebSocket handshake is made anew on each side of the sidecar. */
  private static final List<AsciiString> HANDSHAKE =
      List.of(
          HttpHeaderNames.SEC_WEBSOCKET_KEY,
          HttpHeaderNames.SEC_WEBSOCKET_VERSION,
          HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
          HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL,
          HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
          HttpHeaderNames.HOST);

  /** Set by the sidecar alone: a client must not be able to fake a restore. */
  private static final List<AsciiString> OURS =
      List.of(
          AsciiString.cached(UpgradeHeaders.RESTORED_FROM.toLowerCase(Locale.ROOT)),
          AsciiString.cached(UpgradeHeaders.STATE.toLowerCase(Locale.ROOT)));

  /** Connection options that name no header. */
  private static final Set<String> CONNECTION_OPTIONS = Set.of("keep-alive", "close", "upgrade");

  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");

  private ForwardedHeaders() {}

  /** The peer's address as {@code X-Forwarded-For} writes it; null when it has none. */
  static String peer(Channel channel) {
    return channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : null;
  }

  /** The headers an upgrade carries to the app, from the client's request as the codec read it. */
  static MultiMap forUpgrade(HttpRequest req, String remote) {
    // A copy: the client's handshake is answered from the original headers afterwards.
    HttpHeaders headers = new DefaultHttpHeaders().add(req.headers());
    forward(headers, remote, false, req.headers().get(HttpHeaderNames.HOST), true);
    return new HeadersAdaptor(headers);
  }

  /**
   * The request as the app receives it, edited in place: HTTP/1.1, hop-by-hop headers left behind,
   * {@code X-Forwarded-*} added, and a body framed the way the client framed it ({@code
   * Content-Length} kept; any other body chunked).
   *
   * @param appAuthority the {@code Host} for a request that came without one (HTTP/1.0)
   */
  static HttpRequest forApp(HttpRequest req, String remote, String appAuthority) {
    HttpHeaders headers = req.headers();
    String host = headers.get(HttpHeaderNames.HOST);
    boolean chunked =
        headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
            && !headers.contains(HttpHeaderNames.CONTENT_LENGTH);
    forward(headers, remote, false, host, false);
    if (host == null) headers.set(HttpHeaderNames.HOST, appAuthority);
    if (chunked) headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    req.setProtocolVersion(HttpVersion.HTTP_1_1);
    return req;
  }

  /** The app's answer as the client receives it, and whether the client's connection stays open. */
  record ClientResponse(HttpResponse head, boolean keepAlive) {}

  /**
   * The app's response head for the client, edited in place: hop-by-hop headers left behind, and
   * framed for the client's connection. A body without a length is chunked for an HTTP/1.1 client
   * and ends with the connection for an HTTP/1.0 one.
   *
   * @param head whether the client's request was a HEAD (its answer has no body, whatever it says)
   * @param keepAlive whether the client asked to keep its connection
   */
  static ClientResponse forClient(
      HttpResponse app, HttpVersion client, boolean head, boolean keepAlive) {
    HttpHeaders headers = app.headers();
    removeHopByHop(headers);
    int code = app.status().code();
    boolean bodiless = head || code == 204 || code == 304 || (code >= 100 && code < 200);
    if (!bodiless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (client.equals(HttpVersion.HTTP_1_0)) keepAlive = false;
      else headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!keepAlive) headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    else if (client.equals(HttpVersion.HTTP_1_0))
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    app.setProtocolVersion(client);
    return new ClientResponse(app, keepAlive);
  }

  /**
   * The same rules on a copy of {@code in}: its headers, the peer's address (null when unknown),
   * whether it came over TLS, and its authority (null when it had none).
   */
  static MultiMap forRequest(
      MultiMap in, String remote, boolean ssl, String authority, boolean webSocket) {
    HttpHeaders headers = new DefaultHttpHeaders();
    in.forEach(e -> headers.add(e.getKey(), e.getValue()));
    forward(headers, remote, ssl, authority, webSocket);
    return new HeadersAdaptor(headers);
  }

  /** Copies a response's headers, leaving out the hop-by-hop ones. */
  static void copyResponse(MultiMap from, MultiMap to) {
    HttpHeaders headers = new DefaultHttpHeaders();
    from.forEach(e -> headers.add(e.getKey(), e.getValue()));
    removeHopByHop(headers);
    headers.forEach(e -> to.add(e.getKey(), e.getValue()));
  }

  private static void forward(
      HttpHeaders headers, String remote, boolean ssl, String authority, boolean webSocket) {
    removeHopByHop(headers);
    for (AsciiString name : OURS) headers.remove(name);
    if (webSocket) for (AsciiString name : HANDSHAKE) headers.remove(name);
    if (remote != null) {
      // Every earlier proxy's entry, in order, even when they came as separate headers (RFC 9110
      // §5.3).
      List<String> prior = headers.getAll(X_FORWARDED_FOR);
      headers.set(
          X_FORWARDED_FOR, prior.isEmpty() ? remote : String.join(", ", prior) + ", " + remote);
    }
    if (!headers.contains(X_FORWARDED_PROTO))
      headers.set(X_FORWARDED_PROTO, ssl ? "https" : "http");
    if (!headers.contains(X_FORWARDED_HOST) && authority != null)
      headers.set(X_FORWARDED_HOST, authority);
  }

  private static void removeHopByHop(HttpHeaders headers) {
    // Every Connection header counts: a second one may name the headers meant for this hop alone.
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    if (!connection.isEmpty()) {
      Set<String> named = new HashSet<>();
      for (String header : connection) {
        for (String n : header.split(",")) {
          String name = n.trim().toLowerCase(Locale.ROOT);
          if (!name.isEmpty() && !CONNECTION_OPTIONS.contains(name)) named.add(name);
        }
      }
      named.forEach(headers::remove);
    }
    for (AsciiString name : HOP_BY_HOP) headers.remove(name);
  }
}
