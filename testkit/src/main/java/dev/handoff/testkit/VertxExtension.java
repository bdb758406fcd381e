package dev.handoff.testkit;

import io.vertx.core.Vertx;

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
}
