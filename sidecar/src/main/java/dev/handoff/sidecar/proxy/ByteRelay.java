package dev.handoff.sidecar.proxy;

import dev.handoff.contract.ControlFrames;
import dev.handoff.sidecar.handoff.SocketPair;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Moves the bytes of a socket that did not opt in between the client and the app, without decoding
 * its frames. Both handshakes agreed on the same subprotocol and no extension, so the client's
 * masked frames are valid for the app as they are, and the app's for the client. Only frame headers
 * are read ({@link FrameBoundaries}): a drain's close frames go in between two frames, and a frame
 * over the limit ends the socket. A side whose peer cannot take more stops reading until it can.
 */
final class ByteRelay implements SocketPair {
  private final ContextInternal context;
  private final Channel client;
  private final Channel app;
  private final Promise<Void> clientClosed;
  private final ClientSide clientSide;
  private final AppSide appSide;
  private boolean ending;
  private boolean clientSentClose;

  /** Close frames waiting for their stream's next frame boundary. */
  private CloseWebSocketFrame forApp;

  private CloseWebSocketFrame forClient;

  private ByteRelay(ContextInternal context, Channel client, Channel app, long maxFrameBytes) {
    this.context = context;
    this.client = client;
    this.app = app;
    this.clientClosed = context.promise();
    this.clientSide = new ClientSide(maxFrameBytes);
    this.appSide = new AppSide(maxFrameBytes);
  }

  /**
   * Puts the relay in the place of the client connection's HTTP handler and of the app side's
   * handshake, then takes both frame decoders out: what they held reaches the relay as bytes.
   */
  static ByteRelay join(
      ContextInternal context,
      Upgrade client,
      AppSocketConnector.AppSocket app,
      long maxFrameBytes,
      Runnable onClientClosed) {
    return join(
        context,
        client.channel(),
        side -> {
          client.relayWith(side);
          toBytes(client.channel().pipeline());
        },
        app.channel(),
        side -> {
          app.attach(side);
          toBytes(app.channel().pipeline());
        },
        maxFrameBytes,
        onClientClosed);
  }

  /**
   * The same on any two channels that already carry raw WebSocket bytes, each side's handler put in
   * place by the caller.
   */
  static ByteRelay join(
      ContextInternal context,
      Channel client,
      Consumer<ChannelHandler> attachClient,
      Channel app,
      Consumer<ChannelHandler> attachApp,
      long maxFrameBytes,
      Runnable onClientClosed) {
    ByteRelay relay = new ByteRelay(context, client, app, maxFrameBytes);
    relay.clientClosed.future().onComplete(v -> onClientClosed.run());
    attachClient.accept(relay.clientSide);
    attachApp.accept(relay.appSide);
    if (!client.isActive()) relay.clientGone();
    return relay;
  }

  /** Frames written by the sidecar itself are still encoded; what is read passes as bytes. */
  private static void toBytes(ChannelPipeline pipeline) {
    if (pipeline.get(HttpClientCodec.class) != null) pipeline.remove(HttpClientCodec.class);
    ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
    if (decoder != null) pipeline.remove(decoder.handler());
  }

  /** Plain sockets carry no control messages; a frame of the sidecar's goes between two frames. */
  @Override
  public Future<Void> sendToClient(String text) {
    Promise<Void> sent = context.promise();
    context.runOnContext(
        v -> {
          if (!appSide.frames.atBoundary() || ending) {
            sent.fail(new IllegalStateException("the app's frame is still being relayed"));
            return;
          }
          client
              .writeAndFlush(new TextWebSocketFrame(text))
              .addListener(
                  f -> {
                    if (f.isSuccess()) sent.tryComplete();
                    else sent.tryFail(f.cause());
                  });
        });
    return sent.future();
  }

  @Override
  public Future<Void> closeBoth(
      short clientCode, String clientReason, short appCode, String appReason) {
    RelaySide.onLoop(client, context, () -> endBoth(clientCode, clientReason, appCode, appReason));
    return clientClosed.future();
  }

  private void endBoth(short clientCode, String clientReason, short appCode, String appReason) {
    if (ending) return;
    ending = true;
    forApp = new CloseWebSocketFrame(appCode, appReason);
    forClient = new CloseWebSocketFrame(clientCode, clientReason);
    if (clientSide.frames.atBoundary()) closeApp();
    if (appSide.frames.atBoundary()) askClientToClose();
    // A frame that never ends must not hold the drain: both go after the answer's time.
    ScheduledFuture<?> cutOff =
        client
            .eventLoop()
            .schedule(
                () -> {
                  app.close();
                  client.close();
                },
                RelaySide.CLOSE_ANSWER_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
    client.closeFuture().addListener(f -> cutOff.cancel(false));
  }

  /**
   * Our close frame into the client-to-app stream. The app never learns of the hand-off: its
   * connection ends right behind the frame, unless its own frame to the client is still under way.
   */
  private void closeApp() {
    CloseWebSocketFrame frame = forApp;
    forApp = null;
    if (frame == null) return;
    if (!app.isActive()) {
      frame.release();
    } else if (forClient == null) {
      app.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    } else {
      app.writeAndFlush(frame);
    }
  }

  /**
   * Our close frame into the app-to-client stream; the app's connection ends if ours reached it.
   */
  private void askClientToClose() {
    CloseWebSocketFrame frame = forClient;
    forClient = null;
    if (frame == null) return;
    if (client.isActive()) client.writeAndFlush(frame);
    else frame.release();
    if (forApp == null) RelaySide.closeAfterWrites(app);
  }

  @Override
  public void abort() {
    context.runOnContext(
        v -> {
          ending = true;
          releasePending();
          app.close();
          client.close();
        });
  }

  private void clientGone() {
    if (!clientClosed.tryComplete()) return;
    releasePending();
    if (!ending && !clientSentClose && app.isActive()) {
      if (clientSide.frames.atBoundary()) {
        // The client vanished without a close frame: the app hears it went away.
        app.writeAndFlush(new CloseWebSocketFrame(ControlFrames.GOING_AWAY, ""))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        app.close();
      }
    } else {
      RelaySide.closeAfterWrites(app);
    }
  }

  private void releasePending() {
    ReferenceCountUtil.release(forApp);
    ReferenceCountUtil.release(forClient);
    forApp = null;
    forClient = null;
  }

  /** One direction: bytes read here, followed frame by frame, written to the peer. */
  private abstract class Side extends RelaySide {
    final FrameBoundaries frames;

    Side(Channel peer, long maxFrameBytes) {
      super(peer);
      this.frames = new FrameBoundaries(maxFrameBytes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof WebSocketFrame frame) {
        // Decoded before the switch to bytes (the app's first frames): passed on, re-encoded.
        if (ending) frame.release();
        else relay(ctx, frame);
        return;
      }
      if (!(msg instanceof ByteBuf buf)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (ending) {
        endingRead(ctx, buf);
        return;
      }
      frames.follow(buf, false);
      if (frames.oversized()) {
        // Neither stream can go on: nothing of this read is relayed, and both connections end.
        buf.release();
        ending = true;
        releasePending();
        peer().close();
        ctx.close();
        return;
      }
      if (frames.closes() > 0) closeSent();
      relay(ctx, buf);
    }

    /** Relaying stopped: the frame under way is finished, then our close goes, then nothing. */
    private void endingRead(ChannelHandlerContext ctx, ByteBuf buf) {
      if (pending()) {
        int edge = frames.follow(buf, true);
        if (edge > buf.readerIndex())
          relay(ctx, buf.retainedSlice(buf.readerIndex(), edge - buf.readerIndex()));
        buf.readerIndex(edge);
        if (frames.atBoundary()) sendPending();
      }
      int closes = frames.closes();
      frames.follow(buf, false);
      buf.release();
      // A close frame now is this side's answer to ours.
      if (frames.closes() > closes) ctx.close();
    }

    /** Our close frame for the peer waits for this side's next frame boundary. */
    abstract boolean pending();

    abstract void sendPending();

    void closeSent() {}
  }

  private final class ClientSide extends Side {
    ClientSide(long maxFrameBytes) {
      super(app, maxFrameBytes);
    }

    @Override
    boolean pending() {
      return forApp != null;
    }

    @Override
    void sendPending() {
      closeApp();
    }

    @Override
    void closeSent() {
      clientSentClose = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      clientGone();
    }
  }

  private final class AppSide extends Side {
    AppSide(long maxFrameBytes) {
      super(client, maxFrameBytes);
    }

    @Override
    boolean pending() {
      return forClient != null;
    }

    @Override
    void sendPending() {
      askClientToClose();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      // The app's connection ended, close frame relayed or not: the client's ends with it, unless
      // the client is in its own closing handshake with us.
      if (!ending) {
        RelaySide.closeAfterWrites(client);
      } else if (forClient != null) {
        // It ended inside its frame to the client: no close frame can follow that.
        releasePending();
        client.close();
      }
    }
  }
}
