package dev.handoff.sidecar.proxy;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;

/**
 * The event loops the proxied port is served on, one Vert.x context each. They exist before the
 * port listens so that the store's connections can run on them (see {@code RedisStore}'s store
 * loops): a restore's reads then never leave the loop of its socket.
 */
public final class ProxyLoops {
  private final List<ContextInternal> contexts;

  private ProxyLoops(List<ContextInternal> contexts) {
    this.contexts = List.copyOf(contexts);
  }

  /** {@code count} contexts, each on its own event loop while Vert.x has that many. */
  public static ProxyLoops create(Vertx vertx, int count) {
    List<ContextInternal> contexts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) contexts.add(((VertxInternal) vertx).createEventLoopContext());
    return new ProxyLoops(contexts);
  }

  /** The distinct loops, the first first: the store's connections may share them. */
  public List<EventLoop> eventLoops() {
    return contexts.stream().map(ContextInternal::nettyEventLoop).distinct().toList();
  }

  List<ContextInternal> contexts() {
    return contexts;
  }
}
