package dev.handoff.testkit;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * A Vert.x instance for a test class ({@code @RegisterExtension static final VertxExtension vertx =
 * new VertxExtension();}) or each test (an instance field), closed after it.
 */
public final class VertxExtension extends FixtureExtension<Vertx> {
  public VertxExtension() {
    this(Vertx::vertx);
  }

  private VertxExtension(java.util.function.Supplier<Vertx> start) {
    super("Vert.x", start, v -> v.close().await());
  }

  /** Vert.x on Netty's epoll transport where it loads, as the sidecar's {@code Main} runs it. */
  public static VertxExtension nativeTransport() {
    return new VertxExtension(() -> Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)));
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
