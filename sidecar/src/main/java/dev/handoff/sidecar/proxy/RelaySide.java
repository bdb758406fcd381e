package dev.handoff.sidecar.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One direction of a relayed socket, whatever it relays (frames or bytes): what this side reads is
 * written to its peer and flushed once per read burst, and a side whose peer cannot take more stops
 * reading until it can, so a slow reader stalls its writer instead of filling the sidecar.
 */
abstract class RelaySide extends ChannelInboundHandlerAdapter {
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
}
