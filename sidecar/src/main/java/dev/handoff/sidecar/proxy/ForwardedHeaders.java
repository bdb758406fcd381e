package dev.handoff.sidecar.proxy;

import dev.handoff.contract.UpgradeHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
  private static final AsciiString X_FORWARDED_FOR_LOWER = X_FORWARDED_FOR.toLowerCase();
  private static final AsciiString X_FORWARDED_PROTO_LOWER = X_FORWARDED_PROTO.toLowerCase();
  private static final AsciiString X_FORWARDED_HOST_LOWER = X_FORWARDED_HOST.toLowerCase();

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
   * Whether the connection a head came on stays open after its exchange, as its version and {@code
   * Connection} say.
   */
  static boolean keepAlive(HttpHead head) {
    if (head.lists(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)) return false;
    return !head.http10() || head.lists(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
  }

  /**
   * The request head as the app receives it, written anew from the client's bytes: HTTP/1.1,
   * hop-by-hop headers left behind, {@code X-Forwarded-*} added, and the body framed the way the
   * client framed it ({@code Content-Length} kept; a chunked body stays chunked).
   *
   * @param remote the peer's address, null when unknown
   * @param appAuthority the {@code Host} for a request that came without one (HTTP/1.0)
   * @param chunked whether the body comes in chunks ({@code Content-Length} then does not count)
   */
  static ByteBuf forApp(
      HttpHead req, String remote, String appAuthority, boolean chunked, ByteBufAllocator alloc) {
    boolean[] leaves = hopByHop(req);
    // Copied from the head's bytes, not made a String: nearly every request has one.
    int host = req.indexOf(HttpHeaderNames.HOST);
    String forwardedFor = null;
    boolean proto = false;
    boolean forwardedHost = false;
    for (int i = 0; i < req.count(); i++) {
      if (leaves[i]) continue;
      if (isOurs(req, i) || (chunked && req.is(i, HttpHeaderNames.CONTENT_LENGTH))) {
        leaves[i] = true;
      } else if (remote != null && req.is(i, X_FORWARDED_FOR_LOWER)) {
        // Every earlier proxy's entry, in order, even when they came as separate headers (RFC 9110
        // §5.3).
        forwardedFor = forwardedFor == null ? req.value(i) : forwardedFor + ", " + req.value(i);
        leaves[i] = true;
      } else if (req.is(i, X_FORWARDED_PROTO_LOWER)) {
        proto = true;
      } else if (req.is(i, X_FORWARDED_HOST_LOWER)) {
        forwardedHost = true;
      }
    }
    ByteBuf out = alloc.ioBuffer(req.size() + 128);
    req.writeRequestLineAs11(out);
    for (int i = 0; i < req.count(); i++) if (!leaves[i]) req.writeHeader(i, out);
    if (remote != null)
      header(out, X_FORWARDED_FOR, forwardedFor == null ? remote : forwardedFor + ", " + remote);
    if (!proto) header(out, X_FORWARDED_PROTO, "http");
    if (!forwardedHost && host >= 0) req.writeHeaderAs(X_FORWARDED_HOST, host, out);
    if (host < 0) header(out, HttpHeaderNames.HOST, appAuthority);
    if (chunked) header(out, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    out.writeByte('\r').writeByte('\n');
    return out;
  }

  /**
   * The app's answer head as the client receives it (null: the app's bytes pass as they came),
   * whether the client's connection stays open, and whether the sidecar chunks a body that came
   * without a length.
   */
  record ClientResponse(ByteBuf head, boolean keepAlive, boolean chunkedHere) {
    /** The common answer's: its head passes as it came, and the connection stays. */
    static final ClientResponse AS_IT_CAME = new ClientResponse(null, true, false);
  }

  /**
   * The app's response head for the client, written anew: hop-by-hop headers left behind, the
   * client's version, and framed for the client's connection. A body without a length is chunked
   * for an HTTP/1.1 client and ends with the connection for an HTTP/1.0 one.
   *
   * @param appChunked whether the app sent the body in chunks (its {@code Content-Length} then does
   *     not count)
   * @param bodiless whether the answer has no body whatever it says (HEAD, 1xx, 204, 304)
   * @param keepAlive whether the client asked to keep its connection
   */
  static ClientResponse forClient(
      HttpHead app,
      boolean client10,
      boolean appChunked,
      boolean bodiless,
      boolean keepAlive,
      ByteBufAllocator alloc) {
    boolean[] leaves = hopByHop(app);
    boolean length = false;
    for (int i = 0; i < app.count(); i++) {
      if (leaves[i] || !app.is(i, HttpHeaderNames.CONTENT_LENGTH)) continue;
      if (appChunked) leaves[i] = true;
      else length = true;
    }
    boolean chunk = false;
    if (!bodiless && !length) {
      if (client10) keepAlive = false;
      else chunk = true;
    }
    if (keepAlive && !client10 && app.canonical11() && nothingLeaves(app, leaves, chunk))
      // The common answer (HTTP/1.1, its length or its chunks, nothing hop-by-hop): its bytes are
      // what this method would write, so they pass as they came, the head with the body.
      return ClientResponse.AS_IT_CAME;
    ByteBuf out = alloc.ioBuffer(app.size() + 64);
    app.writeStatusLine(client10, out);
    for (int i = 0; i < app.count(); i++) if (!leaves[i]) app.writeHeader(i, out);
    if (chunk) header(out, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    if (!keepAlive) header(out, HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    else if (client10) header(out, HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    out.writeByte('\r').writeByte('\n');
    return new ClientResponse(out, keepAlive, chunk && !appChunked);
  }

  /**
   * Whether no header leaves, but for a lone {@code Transfer-Encoding: chunked} that would be
   * written again ({@code chunk}).
   */
  private static boolean nothingLeaves(HttpHead head, boolean[] leaves, boolean chunk) {
    int chunked = 0;
    for (int i = 0; i < leaves.length; i++) {
      if (!leaves[i]) continue;
      if (!chunk
          || !head.is(i, HttpHeaderNames.TRANSFER_ENCODING)
          || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(head.value(i))
          || ++chunked > 1) return false;
    }
    return !chunk || chunked == 1;
  }

  /** A 100 Continue or another interim answer for an HTTP/1.1 client: hop-by-hop headers left. */
  static ByteBuf interimForClient(HttpHead app, ByteBufAllocator alloc) {
    boolean[] leaves = hopByHop(app);
    ByteBuf out = alloc.ioBuffer(app.size() + 2);
    app.writeStatusLine(false, out);
    for (int i = 0; i < app.count(); i++) if (!leaves[i]) app.writeHeader(i, out);
    out.writeByte('\r').writeByte('\n');
    return out;
  }

  /** Which of a head's headers are hop-by-hop: RFC 9110's list and those named in Connection. */
  private static boolean[] hopByHop(HttpHead head) {
    boolean[] leaves = new boolean[head.count()];
    Set<String> named = null;
    for (int i = 0; i < head.count(); i++) {
      if (!head.is(i, HttpHeaderNames.CONNECTION)) continue;
      // Every Connection header counts: a second one may name the headers meant for this hop alone.
      named = namedIn(head.value(i), named);
    }
    for (int i = 0; i < head.count(); i++) {
      for (AsciiString name : HOP_BY_HOP) {
        if (head.is(i, name)) {
          leaves[i] = true;
          break;
        }
      }
      if (named != null && !leaves[i])
        leaves[i] = named.contains(head.name(i).toLowerCase(Locale.ROOT));
    }
    return leaves;
  }

  /**
   * Adds the header names one Connection value names (lower case, its options left out) to {@code
   * named}, made only when there is a first one; returns it.
   */
  private static Set<String> namedIn(String connection, Set<String> named) {
    for (String n : connection.split(",")) {
      String name = n.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || CONNECTION_OPTIONS.contains(name)) continue;
      if (named == null) named = new HashSet<>();
      named.add(name);
    }
    return named;
  }

  private static boolean isOurs(HttpHead head, int i) {
    for (AsciiString name : OURS) if (head.is(i, name)) return true;
    return false;
  }

  private static void header(ByteBuf out, CharSequence name, CharSequence value) {
    out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
    out.writeByte(':').writeByte(' ');
    out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
    out.writeByte('\r').writeByte('\n');
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
    Set<String> named = null;
    for (String header : headers.getAll(HttpHeaderNames.CONNECTION)) named = namedIn(header, named);
    if (named != null) named.forEach(headers::remove);
    for (AsciiString name : HOP_BY_HOP) headers.remove(name);
  }
}
