package dev.handoff.testkit;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * A Vert.x instance for a test class ({@code @RegisterExtension static final VertxExtension vertx =
 * new VertxExtension();}) or each test (an instance field), closed after it.
 */
public final class VertxExtension extends FixtureExtension<Vertx> {
  public VertxExtension() {
    super("Vert.x", Vertx::vertx, v -> v.close().await());
  }

  public Vertx vertx() {
    return get();
  }

  /**
   * A Vert.x context on {@code loop}, e.g. an {@code EmbeddedChannel}'s: what the code under test
   * schedules on it runs when the test runs the channel's pending tasks.
   */
  public ContextInternal contextOn(EventLoop loop) {
    return ((VertxInternal) get()).contextBuilder().withEventLoop(loop).build();
  }
}
