package dev.handoff.sidecar.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.internal.ContextInternal;

/**
 * One direction of a relayed socket, whatever it relays (frames or bytes): what this side reads is
 * written to its peer and flushed once per read burst, and a side whose peer cannot take more stops
 * reading until it can, so a slow reader stalls its writer instead of filling the sidecar.
 */
abstract class RelaySide extends ChannelInboundHandlerAdapter {
  /** A side asked to close that never answers is cut off after this. */
  static final long CLOSE_ANSWER_TIMEOUT_SECONDS = 10;

  private final Channel peer;
  private boolean unflushed;

  RelaySide(Channel peer) {
    this.peer = peer;
  }

  final Channel peer() {
    return peer;
  }

  /** Writes {@code msg} to the peer, flushed when this read burst ends. */
  final void relay(ChannelHandlerContext ctx, Object msg) {
    peer.write(msg, peer.voidPromise());
    unflushed = true;
    if (!peer.isWritable()) ctx.channel().config().setAutoRead(false);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (unflushed) {
      unflushed = false;
      peer.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // This side's writes drained: the peer, which filled them, may read again.
    if (ctx.channel().isWritable()) peer.config().setAutoRead(true);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** Closes {@code channel} once what was written to it is out. */
  static void closeAfterWrites(Channel channel) {
    if (channel.isActive())
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** Runs {@code task} on the client's event loop: now when called there, else as its next task. */
  static void onLoop(Channel client, ContextInternal context, Runnable task) {
    if (client.eventLoop().inEventLoop()) task.run();
    else context.runOnContext(v -> task.run());
  }
}
