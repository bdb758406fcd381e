package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the app's side of a proxied WebSocket straight on Netty, on the client socket's own event
 * loop. A Vert.x WebSocket would keep two message queues per connection (about 10 KiB) for a socket
 * that only relays frames.
 */
final class AppSocketConnector {
  /** The app's answer to an upgrade, rejection bodies included, fits in this. */
  private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;

  /**
   * An app that accepted the connection but never answers the upgrade gets this long, then the
   * client a 502.
   */
  static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  private final AppAddress address;
  private final int maxFrameBytes;

  AppSocketConnector(AppAddress address, int maxFrameBytes) {
    this.address = address;
    this.maxFrameBytes = maxFrameBytes;
  }

  int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** The app's socket once it switched protocols, with the subprotocol it chose (null for none). */
  static final class AppSocket {
    private final Channel channel;
    private final String subprotocol;
    private final Handshake handshake;

    private AppSocket(Channel channel, String subprotocol, Handshake handshake) {
      this.channel = channel;
      this.subprotocol = subprotocol;
      this.handshake = handshake;
    }

    Channel channel() {
      return channel;
    }

    String subprotocol() {
      return subprotocol;
    }

    /**
     * Puts the relay on the app's side; frames the app sent meanwhile go to it first. On the
     * channel's loop.
     */
    void attach(ChannelHandler relay) {
      handshake.handOver(relay);
    }

    /** Drops the app's side: the client's upgrade failed. On the channel's loop. */
    void discard() {
      handshake.discard();
    }
  }

  /**
   * Starts the TCP connection now, on the context's event loop, for an upgrade sent later: a
   * restoring upgrade asks the store while the connection opens.
   */
  Connecting open(ContextInternal context) {
    ChannelFuture connecting =
        address.connect(
            context.nettyEventLoop(),
            pipeline -> {
              pipeline.addLast("http", new HttpClientCodec());
              pipeline.addLast(
                  "aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
            });
    return new Connecting(context, connecting);
  }

  /** A connection to the app on its way, not yet asked to upgrade. */
  final class Connecting {
    private final ContextInternal context;
    private final ChannelFuture connecting;

    private Connecting(ContextInternal context, ChannelFuture connecting) {
      this.context = context;
      this.connecting = connecting;
    }

    /**
     * Sends the upgrade once connected; fails with {@link UpgradeRejectedException} (status,
     * headers, body) when the app answers with anything but 101, or with the I/O error when it
     * cannot be reached.
     */
    Future<AppSocket> upgrade(String uri, MultiMap headers, List<String> subprotocols) {
      Promise<AppSocket> result = context.promise();
      HttpHeaders custom = new DefaultHttpHeaders();
      headers.forEach(e -> custom.add(e.getKey(), e.getValue()));
      WebSocketClientHandshaker handshaker =
          WebSocketClientHandshakerFactory.newHandshaker(
              URI.create("ws://" + address.hostForUri() + ":" + address.port() + uri),
              WebSocketVersion.V13,
              subprotocols == null || subprotocols.isEmpty()
                  ? null
                  : String.join(",", subprotocols),
              false,
              custom,
              maxFrameBytes,
              true,
              false,
              -1,
              false,
              false);
      connecting.addListener(
          (ChannelFutureListener)
              f -> {
                if (!f.isSuccess()) {
                  result.tryFail(f.cause());
                  return;
                }
                Channel channel = f.channel();
                if (!channel.isActive()) {
                  result.tryFail(
                      new IOException("the app closed the connection before the upgrade"));
                  return;
                }
                channel.pipeline().addLast("handshake", new Handshake(handshaker, result));
                java.util.concurrent.ScheduledFuture<?> timeout =
                    channel
                        .eventLoop()
                        .schedule(
                            () -> {
                              if (result.tryFail(
                                  new java.util.concurrent.TimeoutException(
                                      "the app did not answer the WebSocket upgrade within "
                                          + HANDSHAKE_TIMEOUT_MS
                                          + " ms"))) {
                                channel.close();
                              }
                            },
                            HANDSHAKE_TIMEOUT_MS,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                // Answered: the timer goes now. Left to run out it kept the channel, its
                // handshaker and the upgrade's headers alive for 10 s (1.5 KiB a socket).
                result.future().onComplete(done -> timeout.cancel(false));
              });
      return result.future();
    }

    /** No upgrade after all (the client was refused): the connection closes unused. */
    void cancel() {
      connecting.cancel(false);
      connecting.channel().close();
    }
  }

  /**
   * Sends the upgrade and reads the app's answer. After a 101 it stops reading and holds any frames
   * the app sent right behind it until {@link AppSocket#attach} puts the relay in its place, so
   * none is lost or reordered.
   */
  private static final class Handshake extends ChannelInboundHandlerAdapter {
    private final WebSocketClientHandshaker handshaker;
    private final Promise<AppSocket> result;
    private final List<Object> held = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private boolean upgraded;
    private boolean inactive;

    Handshake(WebSocketClientHandshaker handshaker, Promise<AppSocket> result) {
      this.handshaker = handshaker;
      this.result = result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (upgraded) {
        held.add(msg);
      } else if (msg instanceof FullHttpResponse response) {
        try {
          answered(ctx, response);
        } finally {
          response.release();
        }
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    private void answered(ChannelHandlerContext ctx, FullHttpResponse response) {
      if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        response.headers().forEach(e -> headers.add(e.getKey(), e.getValue()));
        Buffer body = Buffer.buffer(ByteBufUtil.getBytes(response.content()));
        fail(
            ctx,
            new UpgradeRejectedException(
                "the app refused the WebSocket upgrade", response.status().code(), headers, body));
        return;
      }
      try {
        handshaker.finishHandshake(ctx.channel(), response);
      } catch (RuntimeException e) {
        fail(ctx, e);
        return;
      }
      upgraded = true;
      ctx.channel().config().setAutoRead(false);
      if (!result.tryComplete(new AppSocket(ctx.channel(), handshaker.actualSubprotocol(), this)))
        ctx.close();
    }

    /** Replaces this handler with the relay, which first gets the frames held so far. */
    void handOver(ChannelHandler relay) {
      ctx.pipeline().addAfter(ctx.name(), "relay", relay);
      for (Object msg : held) ctx.fireChannelRead(msg);
      held.clear();
      ctx.fireChannelReadComplete();
      if (inactive) ctx.fireChannelInactive();
      ctx.pipeline().remove(this);
      ctx.channel().config().setAutoRead(true);
    }

    void discard() {
      held.forEach(ReferenceCountUtil::release);
      held.clear();
      ctx.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
      // Added once the connection is open: the upgrade goes out at once.
      handshaker
          .handshake(ctx.channel())
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) fail(ctx, f.cause());
                  });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (upgraded) {
        inactive = true;
        return;
      }
      result.tryFail(
          new IOException("the app closed the connection during the WebSocket handshake"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (upgraded) {
        ctx.close();
        return;
      }
      fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
      result.tryFail(cause);
      ctx.close();
    }
  }
}
