package dev.handoff.sidecar.store;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's connections on one of the sidecar's own event loops: a reply then completes on the loop
 * that serves the proxied port's sockets, with no hand-over between threads. With Lettuce's own I/O
 * thread each store round trip woke two threads (to write the command, then to hand the reply
 * back), which is most of what a restore adds on a busy node. A Lettuce client asks its provider
 * once per transport and keeps the group, so each loop the store reads on has a client (and a
 * provider) of its own ({@link LettuceResources#onLoop}). Where the loop runs another transport
 * than the one Lettuce picks (a Vert.x on NIO while epoll loads), Lettuce's own threads serve, as
 * before.
 */
final class StoreEventLoop implements EventLoopGroupProvider {
  private final IoEventLoop loop;
  private final EventLoopGroupProvider fallback;

  StoreEventLoop(IoEventLoop loop, int fallbackThreads) {
    this.loop = loop;
    // Creates no thread until a transport the loop cannot run asks for one.
    this.fallback = new DefaultEventLoopGroupProvider(fallbackThreads);
  }

  boolean runsLettucesTransport() {
    return runsLettucesTransport(loop);
  }

  /**
   * Whether the transport Lettuce picked can live on {@code loop}. Lettuce asks for the same group
   * class whichever transport it picked, so its channel class tells.
   */
  static boolean runsLettucesTransport(IoEventLoop loop) {
    Class<?> channel = Transports.socketChannelClass();
    if (channel == EpollSocketChannel.class) return loop.isIoType(EpollIoHandler.class);
    if (channel == NioSocketChannel.class) return loop.isIoType(NioIoHandler.class);
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends EventLoopGroup> T allocate(Class<T> type) {
    // A loop is a group of one; Lettuce only registers channels on it.
    return runsLettucesTransport() ? (T) loop : fallback.allocate(type);
  }

  /** The threads Lettuce's connections may run on: the loop. */
  @Override
  public int threadPoolSize() {
    return 1;
  }

  @Override
  public Future<Boolean> release(
      EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
    // The loop is the sidecar's, and outlives the store.
    if (group == loop) return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    return fallback.release(group, quietPeriod, timeout, unit);
  }

  @Override
  public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
    return fallback.shutdown(quietPeriod, timeout, unit);
  }
}
