package dev.handoff.sidecar.proxy;

import dev.handoff.contract.ControlFrames;
import dev.handoff.sidecar.handoff.SocketPair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Moves WebSocket frames between the client's and the app's connections on Netty, below Vert.x:
 * text, binary, fragments, ping and pong, close frames with their code and reason, each as it came.
 * Writes are flushed once per read burst, and a side whose peer cannot take more stops reading
 * until it can, so a slow reader stalls its writer instead of filling the sidecar. On an opted-in
 * socket, text messages that start with a NUL byte are the protocol's control messages: they go to
 * the hand-off, never to the app.
 */
final class FrameRelay implements SocketPair {
  private static final short GOING_AWAY = ControlFrames.GOING_AWAY;

  private final ContextInternal context;
  private final Channel client;
  private final Channel app;
  private final ControlSink control;
  private final int maxControlBytes;
  private final Promise<Void> clientClosed;
  private boolean ending;
  private boolean flushQueued;

  /** A write to the client waits for {@link #flushClientSoon}'s flush; a close's flush took it. */
  private boolean clientUnflushed;

  private boolean clientSentClose;
  private CompositeByteBuf controlMessage;
  private boolean controlOverflow;

  private FrameRelay(
      ContextInternal context,
      Channel client,
      Channel app,
      ControlSink control,
      int maxControlBytes) {
    this.context = context;
    this.client = client;
    this.app = app;
    this.control = control;
    this.maxControlBytes = maxControlBytes;
    this.clientClosed = context.promise();
  }

  /**
   * Puts the relay in the place of the client connection's HTTP handler and joins it to the app's.
   * Runs on the client's event loop, which the app's connection shares; {@code onClientClosed} runs
   * once the client's side closed.
   *
   * @param control where control messages go; null for a socket that did not opt in
   */
  static FrameRelay join(
      ContextInternal context,
      Upgrade client,
      AppSocketConnector.AppSocket app,
      ControlSink control,
      int maxControlBytes,
      Runnable onClientClosed) {
    return join(
        context,
        client.channel(),
        client::relayWith,
        app.channel(),
        app::attach,
        control,
        maxControlBytes,
        onClientClosed);
  }

  /**
   * The same on any two channels, each side's handler put in place by the caller: {@code
   * attachClient} and {@code attachApp} get the handler that reads that side's frames.
   */
  static FrameRelay join(
      ContextInternal context,
      Channel client,
      Consumer<ChannelHandler> attachClient,
      Channel app,
      Consumer<ChannelHandler> attachApp,
      ControlSink control,
      int maxControlBytes,
      Runnable onClientClosed) {
    FrameRelay relay = new FrameRelay(context, client, app, control, maxControlBytes);
    relay.clientClosed.future().onComplete(v -> onClientClosed.run());
    attachClient.accept(relay.new ClientSide());
    attachApp.accept(relay.new AppSide());
    if (!client.isActive()) relay.clientGone();
    return relay;
  }

  @Override
  public Future<Void> sendToClient(String text) {
    Promise<Void> sent = context.promise();
    TextWebSocketFrame frame = new TextWebSocketFrame(text);
    ChannelFutureListener settle =
        f -> {
          if (f.isSuccess()) sent.tryComplete();
          else sent.tryFail(f.cause());
        };
    if (client.eventLoop().inEventLoop()) {
      // Flushed at the end of this task: a hand-off's last frame then leaves with the close frame
      // behind it.
      client.write(frame).addListener(settle);
      clientUnflushed = true;
      flushClientSoon();
    } else {
      client.writeAndFlush(frame).addListener(settle);
    }
    return sent.future();
  }

  private void flushClientSoon() {
    if (flushQueued) return;
    flushQueued = true;
    client
        .eventLoop()
        .execute(
            () -> {
              flushQueued = false;
              // After a hand-off the close frame's flush already sent the frame: no second walk
              // down the pipeline for nothing, once per socket of a drain.
              if (clientUnflushed) {
                clientUnflushed = false;
                client.flush();
              }
            });
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
    // The app never learns of the hand-off, and its close answer would only be read to be dropped:
    // its
    // connection ends right behind our close frame, which saves a drain half of its socket work.
    if (app.isActive()) {
      app.writeAndFlush(new CloseWebSocketFrame(appCode, appReason))
          .addListener(ChannelFutureListener.CLOSE);
    }
    askToClose(client, clientCode, clientReason);
    clientUnflushed = false; // askToClose flushed whatever was written before its frame
  }

  @Override
  public void abort() {
    context.runOnContext(
        v -> {
          ending = true;
          app.close();
          client.close();
        });
  }

  /**
   * The socket's side sends its close frame; the connection ends on the answer, or after a timeout.
   */
  private static void askToClose(Channel channel, int code, String reason) {
    if (!channel.isActive()) return;
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    ScheduledFuture<?> cutOff =
        channel
            .eventLoop()
            .schedule(
                () -> channel.close(), RelaySide.CLOSE_ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // A drain schedules one per socket: gone with the connection, not ten seconds later.
    channel.closeFuture().addListener(f -> cutOff.cancel(false));
  }

  private void clientGone() {
    if (clientClosed.tryComplete()) {
      if (!ending && !clientSentClose && app.isActive()) {
        // The client vanished without a close frame: the app hears it went away.
        app.writeAndFlush(new CloseWebSocketFrame(GOING_AWAY, ""))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        RelaySide.closeAfterWrites(app);
      }
      releaseControl();
    }
  }

  /**
   * The path of one side's frames: read here, written to the peer, flushed when the read burst
   * ends.
   */
  private abstract class Side extends RelaySide {
    Side(Channel peer) {
      super(peer);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof WebSocketFrame frame)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (ending) {
        // Relaying stopped; a close frame now is this side's answer to ours.
        boolean answer = frame instanceof CloseWebSocketFrame;
        frame.release();
        if (answer) ctx.close();
        return;
      }
      if (intercepted(frame)) return;
      if (frame instanceof CloseWebSocketFrame) closeSent();
      relay(ctx, frame);
    }

    /** True when the frame was the hand-off's, not the app's. */
    boolean intercepted(WebSocketFrame frame) {
      return false;
    }

    void closeSent() {}
  }

  private final class ClientSide extends Side {
    ClientSide() {
      super(app);
    }

    @Override
    boolean intercepted(WebSocketFrame frame) {
      if (control == null) return false;
      if (frame instanceof TextWebSocketFrame) {
        ByteBuf data = frame.content();
        if (data.isReadable() && data.getByte(data.readerIndex()) == ControlFrames.PREFIX) {
          startControl(frame);
          return true;
        }
        return false;
      }
      if (frame instanceof ContinuationWebSocketFrame && controlMessage != null) {
        continueControl(frame);
        return true;
      }
      return false;
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
    AppSide() {
      super(client);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      // The app's connection ended, close frame relayed or not: the client's ends with it, unless
      // the client
      // is in its own closing handshake with us.
      if (!ending) RelaySide.closeAfterWrites(client);
    }
  }

  private void startControl(WebSocketFrame frame) {
    if (frame.isFinalFragment()) {
      byte[] message = ByteBufUtil.getBytes(frame.content());
      frame.release();
      control.control(message);
      return;
    }
    releaseControl();
    controlMessage = client.alloc().compositeBuffer();
    controlOverflow = false;
    continueControl(frame);
  }

  private void continueControl(WebSocketFrame frame) {
    boolean last = frame.isFinalFragment();
    if (!controlOverflow
        && controlMessage.readableBytes() + frame.content().readableBytes() > maxControlBytes) {
      controlOverflow = true;
      controlMessage.clear();
      controlMessage.removeComponents(0, controlMessage.numComponents());
    }
    if (controlOverflow) {
      frame.release();
    } else {
      controlMessage.addComponent(true, frame.content());
    }
    if (last) {
      CompositeByteBuf message = controlMessage;
      controlMessage = null;
      try {
        if (controlOverflow) control.oversized();
        else control.control(ByteBufUtil.getBytes(message));
      } finally {
        message.release();
      }
    }
  }

  private void releaseControl() {
    if (controlMessage != null) {
      controlMessage.release();
      controlMessage = null;
    }
  }
}
