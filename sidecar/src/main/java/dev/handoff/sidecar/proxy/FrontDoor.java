package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client connection on the proxied port, behind Netty's HTTP/1.1 codec. Each request is
 * answered from handoff.js's assets, becomes a WebSocket, or goes to the app over this connection's
 * own {@link AppLink}, bodies streamed both ways. Exchanges run one at a time, in order: a
 * pipelined request waits, unread, until the one before it has its answer.
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

  private final Routes routes;
  private final ContextInternal context;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private AppLink app;

  private boolean inExchange;
  private boolean requestRead;
  private boolean responseStarted;
  private boolean responseDone;
  private boolean toApp;
  private boolean keepAlive;
  private HttpVersion version;
  private HttpMethod method;

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
    if (!(msg instanceof HttpObject) || upgrading) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!waiting.isEmpty() || (inExchange && requestRead)) {
      waiting.add(msg);
      heldForOrder = true;
      updateReading();
      return;
    }
    serve(msg);
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

  private void serve(Object msg) {
    if (msg instanceof HttpRequest req) start(req);
    if (msg instanceof HttpContent content) body(content);
  }

  private void start(HttpRequest req) {
    inExchange = true;
    requestRead = false;
    responseStarted = false;
    responseDone = false;
    toApp = false;
    version = req.protocolVersion();
    method = req.method();
    keepAlive = HttpUtil.isKeepAlive(req);
    if (req.decoderResult().isFailure()) {
      keepAlive = false;
      answer(malformed(req.decoderResult().cause()));
      return;
    }
    String path = pathOf(req.uri());
    if (routes.assets().owns(path)) {
      answer(routes.assets().answer(method, path, req.headers()));
    } else if (isUpgrade(req)) {
      upgrading = true;
      updateReading();
      routes.webSockets().handle(new Upgrade(ctx, req, context, this, routes.maxFrameBytes()));
    } else {
      toApp = true;
      if (app == null) app = new AppLink(this, ctx.channel(), routes.app());
      app.send(ForwardedHeaders.forApp(req, ForwardedHeaders.peer(ctx.channel()), app.authority()));
    }
  }

  private void body(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (toApp && app != null) app.sendBody(content);
    else content.release();
    if (last && inExchange) {
      requestRead = true;
      endIfDone();
    }
  }

  // ---- the app's answer, from AppLink --------------------------------------------------------

  /** A 100 Continue or another interim answer: passed on at once, to HTTP/1.1 clients only. */
  void interim(HttpResponse response) {
    if (!toApp || version.equals(HttpVersion.HTTP_1_0)) return;
    HttpResponse out = ForwardedHeaders.forClient(response, version, true, true).head();
    out.headers().remove(HttpHeaderNames.CONNECTION);
    FullHttpResponse full =
        new DefaultFullHttpResponse(version, out.status(), Unpooled.EMPTY_BUFFER);
    full.headers().set(out.headers());
    ctx.writeAndFlush(full, ctx.voidPromise());
  }

  void responseHead(HttpResponse response) {
    if (!toApp) return;
    ForwardedHeaders.ClientResponse out =
        ForwardedHeaders.forClient(response, version, HttpMethod.HEAD.equals(method), keepAlive);
    keepAlive = out.keepAlive();
    responseStarted = true;
    ctx.write(out.head(), ctx.voidPromise());
  }

  void responseBody(HttpContent content) {
    if (!toApp || !responseStarted) {
      content.release();
      return;
    }
    if (!(content instanceof LastHttpContent)) {
      ctx.write(content, ctx.voidPromise());
      return;
    }
    responseDone = true;
    if (keepAlive) {
      ctx.write(content, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
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
      ctx.close();
      return;
    }
    routes.metrics().upstreamError();
    routes
        .log()
        .warn(
            "upstream_unreachable", 0, "method", method, "error", cause.getClass().getSimpleName());
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
    requestRead = true;
    answer(response);
    updateReading();
  }

  /** The connection became a WebSocket: this handler leaves, its app connection with it. */
  void upgraded() {
    letGo();
  }

  // ---- the exchange -------------------------------------------------------------------------

  private void answer(FullHttpResponse response) {
    HttpUtil.setKeepAlive(
        response.headers(), version == null ? HttpVersion.HTTP_1_1 : version, keepAlive);
    if (version != null && !version.equals(response.protocolVersion()))
      response.setProtocolVersion(version);
    responseStarted = true;
    responseDone = true;
    if (keepAlive) ctx.writeAndFlush(response, ctx.voidPromise());
    else ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    endIfDone();
  }

  private void endIfDone() {
    if (!(inExchange && requestRead && responseDone)) return;
    inExchange = false;
    toApp = false;
    if (!keepAlive) return;
    heldForOrder = false;
    while (!waiting.isEmpty() && !(inExchange && requestRead) && !upgrading) serve(waiting.poll());
    if (!waiting.isEmpty()) heldForOrder = true;
    // Served from the queue, outside a read burst: nothing else would flush it to the app.
    if (app != null) app.flush();
    updateReading();
  }

  private void updateReading() {
    ctx.channel().config().setAutoRead(!heldForOrder && !heldForApp && !upgrading);
  }

  /** The connection is done with HTTP: its app connection and any waiting request go. */
  private void letGo() {
    if (app != null) {
      app.close();
      app = null;
    }
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
  }

  private static boolean isUpgrade(HttpRequest req) {
    String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
    return upgrade != null
        && upgrade.equalsIgnoreCase("websocket")
        && HttpMethod.GET.equals(req.method());
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

  private static FullHttpResponse malformed(Throwable cause) {
    if (cause instanceof TooLongHttpLineException)
      return text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "414 URI Too Long\n");
    if (cause instanceof TooLongHttpHeaderException)
      return text(
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "431 Request Header Fields Too Large\n");
    if (cause instanceof TooLongFrameException)
      return text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request: too long\n");
    return text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request\n");
  }

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    ByteBuf bytes = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, bytes);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.readableBytes());
    return response;
  }
}
