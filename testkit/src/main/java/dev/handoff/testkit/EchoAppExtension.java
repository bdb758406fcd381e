package dev.handoff.testkit;

import io.vertx.core.Vertx;

/**
 * A Vert.x instance and an {@link EchoApp} on it, the app most sidecar tests put behind the
 * sidecar, for one test class ({@code @RegisterExtension static final EchoAppExtension echo = new
 * EchoAppExtension();}) or each test (an instance field); {@link #withRedis()} adds a real
 * redis-server beside them.
 */
public final class EchoAppExtension extends FixtureExtension<EchoAppExtension.Running> {

  /** What the extension started. */
  public record Running(Vertx vertx, EchoApp app, RedisServerFixture redis) {}

  public EchoAppExtension() {
    this(false);
  }

  private EchoAppExtension(boolean withRedis) {
    super("the echo app", () -> start(withRedis), EchoAppExtension::stop);
  }

  /** Also a redis-server on a free port; {@link #redis()} reaches it. */
  public static EchoAppExtension withRedis() {
    return new EchoAppExtension(true);
  }

  private static Running start(boolean withRedis) {
    Vertx vertx = Vertx.vertx();
    RedisServerFixture redis = withRedis ? RedisServerFixture.start() : null;
    return new Running(vertx, EchoApp.start(vertx).await(), redis);
  }

  private static void stop(Running running) {
    if (running.redis() != null) running.redis().close();
    running.vertx().close().await();
  }

  public Vertx vertx() {
    return get().vertx();
  }

  public EchoApp app() {
    return get().app();
  }

  public RedisServerFixture redis() {
    RedisServerFixture redis = get().redis();
    if (redis == null)
      throw new IllegalStateException("this EchoAppExtension has no Redis: use withRedis()");
    return redis;
  }
}
