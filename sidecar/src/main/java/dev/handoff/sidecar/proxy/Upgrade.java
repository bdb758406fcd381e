package dev.handoff.sidecar.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.internal.ContextInternal;
import java.util.Optional;

/**
 * A client's WebSocket upgrade on the proxied port, until it is answered: refused with a response
 * (the connection then serves HTTP again), or accepted with the handshake's 101, after which the
 * connection is the relay's.
 */
final class Upgrade {
  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final ContextInternal context;
  private final FrontDoor door;
  private final MultiMap headers;
  private final int maxFrameBytes;

  Upgrade(
      ChannelHandlerContext ctx,
      HttpRequest request,
      ContextInternal context,
      FrontDoor door,
      int maxFrameBytes) {
    this.ctx = ctx;
    this.request = request;
    this.context = context;
    this.door = door;
    this.headers = new HeadersAdaptor(request.headers());
    this.maxFrameBytes = maxFrameBytes;
  }

  String uri() {
    return request.uri();
  }

  MultiMap headers() {
    return headers;
  }

  /** The client connection's event loop, as the hand-off's futures run on it. */
  ContextInternal context() {
    return context;
  }

  /** The headers the app's upgrade carries. */
  MultiMap forApp() {
    return ForwardedHeaders.forUpgrade(request, ForwardedHeaders.peer(ctx.channel()));
  }

  /**
   * Why this is no handshake the sidecar could complete, before the app or the store is asked: a
   * version other than RFC 6455's 13, 8 and 7, the framing the app's side speaks (426, naming 13),
   * or a missing key (400).
   */
  Optional<FullHttpResponse> unfit() {
    if (!framesAsTheAppDoes()) {
      FullHttpResponse answer =
          FrontDoor.text(HttpResponseStatus.UPGRADE_REQUIRED, "426 Upgrade Required\n");
      answer
          .headers()
          .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketVersion.V13.toHttpHeaderValue());
      return Optional.of(answer);
    }
    boolean keyed = request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    boolean connectionUpgrade =
        request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    if (!keyed || !connectionUpgrade)
      return Optional.of(
          FrontDoor.text(
              HttpResponseStatus.BAD_REQUEST, "400 Bad Request: not a WebSocket handshake\n"));
    return Optional.empty();
  }

  /**
   * Whether the client frames as RFC 6455 does (versions 13, 8 and 7), as the app's side always
   * does, so that a plain socket's bytes can pass undecoded. Version 0 (hixie-76, 2010) frames
   * differently and sends its key as a body.
   */
  private boolean framesAsTheAppDoes() {
    String version = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    return version != null
        && (version.equals(WebSocketVersion.V13.toHttpHeaderValue())
            || version.equals(WebSocketVersion.V08.toHttpHeaderValue())
            || version.equals(WebSocketVersion.V07.toHttpHeaderValue()));
  }

  /** Answers with this status, headers and body; the connection stays an HTTP one. */
  void refuse(int status, MultiMap with, byte[] body) {
    FullHttpResponse answer =
        new DefaultFullHttpResponse(
            request.protocolVersion(),
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(body));
    with.forEach(e -> answer.headers().add(e.getKey(), e.getValue()));
    answer.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    refuse(answer);
  }

  void refuse(FullHttpResponse answer) {
    run(() -> door.upgradeAnswered(answer));
  }

  /**
   * Completes the handshake, answering {@code subprotocol} (null for none); the future has the
   * client's channel, framed for WebSocket, not reading until {@link #relayWith} puts the relay on.
   */
  Future<Channel> accept(String subprotocol) {
    Promise<Channel> accepted = context.promise();
    run(
        () -> {
          WebSocketServerHandshaker handshaker =
              new WebSocketServerHandshakerFactory(
                      "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + uri(),
                      subprotocol,
                      decoderConfig(maxFrameBytes))
                  .newHandshaker(request);
          Channel channel = ctx.channel();
          try {
            // The client's side reads bytes without a codec; Netty's handshaker answers through one
            // and replaces it by the WebSocket frame codecs.
            if (ctx.pipeline().get(HttpServerCodec.class) == null)
              ctx.pipeline().addBefore(ctx.name(), "http", new HttpServerCodec());
            handshaker
                .handshake(
                    channel,
                    new DefaultFullHttpRequest(
                        request.protocolVersion(),
                        request.method(),
                        request.uri(),
                        Unpooled.EMPTY_BUFFER,
                        request.headers(),
                        EmptyHttpHeaders.INSTANCE))
                .addListener(
                    (ChannelFutureListener)
                        f -> {
                          if (f.isSuccess()) accepted.tryComplete(channel);
                          else accepted.tryFail(f.cause());
                        });
          } catch (RuntimeException e) {
            accepted.tryFail(e);
          }
        });
    return accepted.future();
  }

  /** Puts the relay where this connection's HTTP handler was, and lets the client's frames in. */
  void relayWith(ChannelHandler relay) {
    ctx.pipeline().replace(door, "relay", relay);
    door.upgraded();
    ctx.channel().config().setAutoRead(true);
  }

  /** The client's connection. */
  Channel channel() {
    return ctx.channel();
  }

  /** Drops the connection: the handshake could not be finished. */
  void abandon() {
    ctx.channel().close();
  }

  private void run(Runnable task) {
    if (ctx.executor().inEventLoop()) task.run();
    else ctx.executor().execute(task);
  }

  static WebSocketDecoderConfig decoderConfig(int maxFrameBytes) {
    // Frames are relayed as they came: no extensions (a compressed frame would hide the control
    // messages' first byte), and text is the app's to validate.
    return WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxFrameBytes)
        .allowExtensions(false)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .withUTF8Validator(false)
        .build();
  }
}
