package dev.handoff.sidecar.store;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The read connections (restores, steering, announcements): a call made on a loop that has a
 * connection of its own uses it, so its round trips complete where they started; any other call
 * (the first loop's, whose connection this default is, or one from a thread of no loop) uses the
 * default.
 */
final class ReadConnections {
  /** A connection registered on {@code loop}. */
  record OnLoop(EventLoop loop, RedisConnection connection) {}

  private final RedisConnection anyThread;
  private final List<OnLoop> onLoops;

  ReadConnections(RedisConnection anyThread, List<OnLoop> onLoops) {
    this.anyThread = anyThread;
    this.onLoops = List.copyOf(onLoops);
  }

  /** The connection for the calling thread (see the class); never throws. */
  CompletableFuture<RedisCommands> get() {
    // A few loops at most: a scan is cheaper than hashing the thread.
    for (int i = 0; i < onLoops.size(); i++) {
      OnLoop own = onLoops.get(i);
      if (own.loop().inEventLoop()) return own.connection().get();
    }
    return anyThread.get();
  }

  /** The connection of calls from no loop of their own; a cluster writes over it too. */
  RedisConnection anyThread() {
    return anyThread;
  }

  /** Starts every connection, so that no loop's first restore pays for the handshake. */
  void connect() {
    anyThread.get();
    onLoops.forEach(own -> own.connection().get());
  }

  void close() {
    anyThread.close();
    onLoops.forEach(own -> own.connection().close());
  }
}
