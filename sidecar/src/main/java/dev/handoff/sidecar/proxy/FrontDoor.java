package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;

/**
 * One client connection on the proxied port, reading its bytes itself: each request's head is found
 * and parsed ({@link HeadScanner}, {@link HttpHead}), its body followed to its end ({@link
 * MessageBody}) and passed on as it came. A request is answered from handoff.js's assets, becomes a
 * WebSocket, or goes to the app over this connection's own {@link AppLink}, bodies streamed both
 * ways. Exchanges run one at a time, in order: a pipelined request waits, unread, until the one
 * before it has its answer.
 */
final class FrontDoor extends ChannelInboundHandlerAdapter {
  /** What every connection of one proxied port shares. */
  record Routes(
      ClientAssets assets,
      WebSocketProxy webSockets,
      AppAddress app,
      int maxFrameBytes,
      HandoffMetrics metrics,
      EventLog log) {}

  /** A request line over this gets 414, headers over {@link #MAX_HEADER_BYTES} 431. */
  static final int MAX_REQUEST_LINE = 4096;

  static final int MAX_HEADER_BYTES = 8192;

  private static final ByteBuf CRLF =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(2).writeByte('\r').writeByte('\n').asReadOnly());
  private static final ByteBuf LAST_CHUNK =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(5)
              .writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
              .asReadOnly());

  private final Routes routes;
  private final ContextInternal context;
  private final HeadScanner scanner = new HeadScanner(MAX_REQUEST_LINE, MAX_HEADER_BYTES);
  private ChannelHandlerContext ctx;
  private AppLink app;

  /** What the client sent that is not handled yet: a head in pieces, or requests waiting. */
  private ByteBuf inbound;

  /** The request's body while it is being read; null between requests. */
  private MessageBody requestBody;

  private boolean processing;
  private boolean closing;

  private boolean inExchange;
  private boolean requestRead;
  private boolean responseStarted;
  private boolean responseDone;
  private boolean toApp;
  private boolean keepAlive;
  private boolean http10;
  private boolean headRequest;
  private HttpHead request;

  /** The request's body comes in chunks (its {@code Content-Length}, if any, does not count). */
  private boolean requestChunked;

  /** The client's address as {@code X-Forwarded-For} writes it, read once per connection. */
  private String peer;

  private boolean peerRead;

  /** The app's answer has no length: the sidecar chunks it for this HTTP/1.1 client. */
  private boolean chunkingHere;

  /**
   * Reading stops while a pipelined request waits, the app is slow to take a body, or upgrading.
   */
  private boolean heldForOrder;

  private boolean heldForApp;
  private boolean upgrading;

  FrontDoor(Routes routes, ContextInternal context) {
    this.routes = routes;
    this.context = context;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || !(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    inbound =
        inbound == null
            ? bytes
            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), inbound, bytes);
    process();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (app != null) app.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // The client took what the app sent: the app's side may read again.
    if (app != null) app.clientWritable(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    letGo();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  // ---- the client's requests ----------------------------------------------------------------

  /** Handles what {@link #inbound} holds, as far as the exchange under way lets it. */
  private void process() {
    if (processing) return;
    processing = true;
    try {
      while (inbound != null && inbound.isReadable() && !closing && !upgrading) {
        if (requestBody != null) readBody();
        else if (inExchange || !readHead()) break;
      }
    } finally {
      processing = false;
    }
    if (inbound != null && (closing || !inbound.isReadable())) {
      inbound.release();
      inbound = null;
    }
    heldForOrder = inbound != null && inExchange && requestBody == null;
    updateReading();
  }

  /** Parses the next request's head and starts its exchange; false until the head is whole. */
  private boolean readHead() {
    if (scanner.fresh()) {
      // Empty lines before a request line are allowed (RFC 9112 §2.2), e.g. after a POST's body.
      int start = inbound.forEachByte(b -> b == '\r' || b == '\n');
      if (start < 0) {
        inbound.readerIndex(inbound.writerIndex());
        return false;
      }
      inbound.readerIndex(start);
    }
    int length = scanner.scan(inbound);
    if (length == HeadScanner.NEED_MORE) return false;
    if (length < 0) {
      refuse(
          length == HeadScanner.START_LINE_TOO_LONG
              ? text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "414 URI Too Long\n")
              : text(
                  HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                  "431 Request Header Fields Too Large\n"),
          null);
      return false;
    }
    byte[] bytes = new byte[length];
    inbound.readBytes(bytes);
    HttpHead head = HttpHead.request(bytes);
    if (head == null) {
      refuse(text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request\n"), null);
      return false;
    }
    start(head);
    return true;
  }

  private void start(HttpHead req) {
    MessageBody body = MessageBody.ofRequest(req);
    if (body == null) {
      refuse(text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request\n"), req);
      return;
    }
    begin(req);
    keepAlive = ForwardedHeaders.keepAlive(req);
    requestBody = body.complete() ? null : body;
    requestRead = requestBody == null;
    if (isAsset(req)) {
      HttpRequest netty = req.toNettyRequest();
      answer(routes.assets().answer(netty.method(), pathOf(netty.uri()), netty.headers()));
    } else if (isUpgrade(req)) {
      upgrading = true;
      updateReading();
      routes
          .webSockets()
          .handle(new Upgrade(ctx, req.toNettyRequest(), context, this, routes.maxFrameBytes()));
    } else {
      toApp = true;
      if (app == null) app = new AppLink(this, ctx.channel(), routes.app());
      requestChunked = body.framing() == MessageBody.Framing.CHUNKED;
      app.send(appHead(), headRequest, idempotent(req) && requestRead);
    }
  }

  /**
   * The request under way's head as the app receives it; {@link AppLink} asks again to send it on a
   * new connection.
   */
  ByteBuf appHead() {
    return ForwardedHeaders.forApp(request, peer(), app.authority(), requestChunked, ctx.alloc());
  }

  private String peer() {
    if (!peerRead) {
      peer = ForwardedHeaders.peer(ctx.channel());
      peerRead = true;
    }
    return peer;
  }

  private void begin(HttpHead req) {
    inExchange = true;
    requestRead = false;
    responseStarted = false;
    responseDone = false;
    toApp = false;
    chunkingHere = false;
    request = req;
    http10 = req != null && req.http10();
    headRequest = req != null && req.methodIs(HttpMethod.HEAD);
  }

  /** The request's body, as far as it has come: to the app as it came, or dropped. */
  private void readBody() {
    int from = inbound.readerIndex();
    int to = inbound.writerIndex();
    int end = requestBody.scan(inbound, from, to, null);
    if (requestBody.malformed()) {
      malformedBody();
      return;
    }
    if (toApp && end > from) {
      ByteBuf part = MessageBody.upTo(inbound, end);
      if (part == inbound) inbound = null;
      app.sendBody(part);
    } else {
      inbound.readerIndex(end);
    }
    if (requestBody.complete()) {
      requestBody = null;
      requestRead = true;
      endIfDone();
    }
  }

  /** A chunk that breaks the framing: the app's half-sent request goes with the connection. */
  private void malformedBody() {
    requestBody = null;
    requestRead = true;
    keepAlive = false;
    if (app != null) {
      app.close();
      app = null;
    }
    toApp = false;
    if (responseStarted) {
      closing = true;
      ctx.close();
    } else {
      answer(text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request\n"));
    }
  }

  /**
   * The sidecar's own refusal of a request it could not read: answered, then the connection closes.
   */
  private void refuse(FullHttpResponse response, HttpHead req) {
    begin(req);
    requestRead = true;
    keepAlive = false;
    answer(response);
  }

  private boolean isAsset(HttpHead req) {
    String prefix = routes.assets().prefix();
    if (req.originForm()) return req.targetStartsWith(prefix);
    return routes.assets().owns(pathOf(req.target()));
  }

  // ---- the app's answer, from AppLink --------------------------------------------------------

  /** A 100 Continue or another interim answer: passed on at once, to HTTP/1.1 clients only. */
  void interim(HttpHead response) {
    if (!toApp || http10) return;
    ctx.writeAndFlush(ForwardedHeaders.interimForClient(response, ctx.alloc()), ctx.voidPromise());
  }

  /** What the app's link hands over of an answer, once its head is read. */
  enum Relay {
    /** Nothing was written: the head's bytes pass as they came, then the body's. */
    HEAD_AND_BODY,
    /** The head was written anew: the body's bytes as they came. */
    BODY,
    /** The head was written anew: only the data of the app's chunks (an HTTP/1.0 client). */
    CHUNK_DATA
  }

  /** The answer's head, framed for the client. */
  Relay responseHead(HttpHead response, MessageBody body) {
    if (!toApp) return Relay.BODY;
    boolean appChunked = body.framing() == MessageBody.Framing.CHUNKED;
    boolean bodiless =
        headRequest
            || response.status() == 204
            || response.status() == 304
            || response.status() < 200;
    ForwardedHeaders.ClientResponse out =
        ForwardedHeaders.forClient(response, http10, appChunked, bodiless, keepAlive, ctx.alloc());
    keepAlive = out.keepAlive();
    chunkingHere = out.chunkedHere();
    responseStarted = true;
    if (out.head() == null) return Relay.HEAD_AND_BODY;
    ctx.write(out.head(), ctx.voidPromise());
    return appChunked && http10 ? Relay.CHUNK_DATA : Relay.BODY;
  }

  void responseBody(ByteBuf bytes) {
    if (!toApp || !responseStarted) {
      bytes.release();
      return;
    }
    if (chunkingHere) {
      ByteBuf size = ctx.alloc().ioBuffer(10);
      size.writeCharSequence(Integer.toHexString(bytes.readableBytes()), StandardCharsets.US_ASCII);
      size.writeByte('\r').writeByte('\n');
      ctx.write(size, ctx.voidPromise());
      ctx.write(bytes, ctx.voidPromise());
      ctx.write(CRLF.duplicate(), ctx.voidPromise());
    } else {
      ctx.write(bytes, ctx.voidPromise());
    }
  }

  /** The answer is complete. */
  void responseEnd() {
    if (!toApp || !responseStarted) return;
    responseDone = true;
    ByteBuf last = chunkingHere ? LAST_CHUNK.duplicate() : Unpooled.EMPTY_BUFFER;
    if (keepAlive) {
      if (last.isReadable()) ctx.write(last, ctx.voidPromise());
    } else {
      closing = true;
      ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }
    endIfDone();
  }

  void flushResponse() {
    ctx.flush();
  }

  /** The app's connection failed or ended before the answer was complete. */
  void appFailed(Throwable cause) {
    if (!inExchange || !toApp || responseDone) return;
    toApp = false;
    if (responseStarted) {
      routes.log().debug("http_response_aborted", 0, "error", cause.getClass().getSimpleName());
      closing = true;
      ctx.close();
      return;
    }
    routes.metrics().upstreamError();
    routes
        .log()
        .warn(
            "upstream_unreachable",
            0,
            "method",
            request.method(),
            "error",
            cause.getClass().getSimpleName());
    answer(
        text(
            HttpResponseStatus.BAD_GATEWAY,
            "502 Bad Gateway: the app behind the handoff sidecar did not answer\n"));
  }

  /** The app's side cannot take more of the body yet: stop reading the client until it can. */
  void appWritable(boolean writable) {
    heldForApp = !writable;
    updateReading();
  }

  // ---- the WebSocket upgrade, from Upgrade -------------------------------------------------

  /** The upgrade was refused: the answer goes out and the connection serves HTTP again. */
  void upgradeAnswered(FullHttpResponse response) {
    upgrading = false;
    answer(response);
    process();
  }

  /** The connection became a WebSocket: this handler leaves, its app connection with it. */
  void upgraded() {
    letGo();
  }

  // ---- the exchange -------------------------------------------------------------------------

  private void answer(FullHttpResponse response) {
    HttpVersion version = http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    HttpUtil.setKeepAlive(response.headers(), version, keepAlive);
    response.setProtocolVersion(version);
    responseStarted = true;
    responseDone = true;
    ctx.write(AnswerBytes.head(response, ctx.alloc()), ctx.voidPromise());
    ByteBuf body = response.content();
    if (keepAlive) {
      ctx.writeAndFlush(body, ctx.voidPromise());
    } else {
      closing = true;
      ctx.writeAndFlush(body).addListener(ChannelFutureListener.CLOSE);
    }
    endIfDone();
  }

  private void endIfDone() {
    if (!(inExchange && requestRead && responseDone)) return;
    inExchange = false;
    toApp = false;
    request = null;
    if (!keepAlive) {
      closing = true;
      return;
    }
    // A pipelined request may be next; served outside a read burst, nothing else would flush it.
    process();
    if (app != null) app.flush();
  }

  private void updateReading() {
    boolean read = !heldForOrder && !heldForApp && !upgrading;
    // Called once per request or more: the setter's atomic swap only when something changes.
    if (ctx.channel().config().isAutoRead() != read) ctx.channel().config().setAutoRead(read);
  }

  /** The connection is done with HTTP: its app connection and any waiting bytes go. */
  private void letGo() {
    if (app != null) {
      app.close();
      app = null;
    }
    if (inbound != null) {
      inbound.release();
      inbound = null;
    }
    requestBody = null;
  }

  private static boolean idempotent(HttpHead req) {
    return req.methodIs(HttpMethod.GET)
        || req.methodIs(HttpMethod.HEAD)
        || req.methodIs(HttpMethod.OPTIONS)
        || req.methodIs(HttpMethod.PUT)
        || req.methodIs(HttpMethod.DELETE)
        || req.methodIs(HttpMethod.TRACE);
  }

  private static boolean isUpgrade(HttpHead req) {
    String upgrade = req.value(HttpHeaderNames.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket") && req.methodIs(HttpMethod.GET);
  }

  /** The path of an origin-form or absolute-form request target, without its query. */
  static String pathOf(String uri) {
    int start = 0;
    int scheme = uri.indexOf("://");
    if (scheme > 0 && uri.indexOf('/') > scheme) {
      start = uri.indexOf('/', scheme + 3);
      if (start < 0) return "/";
    }
    int end = uri.length();
    for (int i = start; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return uri.substring(start, end);
  }

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    ByteBuf bytes = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, bytes);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.readableBytes());
    return response;
  }
}
