package dev.handoff.testkit;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x instance and an {@link EchoApp} on it for one test class, the app most sidecar tests put behind the
 * sidecar: {@code @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();}, or
 * {@link #withRedis()} for a real redis-server beside them.
 */
public final class EchoAppExtension implements BeforeAllCallback, AfterAllCallback {
  private final boolean withRedis;
  private Vertx vertx;
  private EchoApp app;
  private RedisServerFixture redis;

  public EchoAppExtension() {
    this(false);
  }

  private EchoAppExtension(boolean withRedis) {
    this.withRedis = withRedis;
  }

  /** Also a redis-server on a free port for the class; {@link #redis()} reaches it. */
  public static EchoAppExtension withRedis() {
    return new EchoAppExtension(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    if (withRedis) redis = RedisServerFixture.start();
    app = EchoApp.start(vertx).await();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (redis != null) redis.close();
    vertx.close().await();
  }

  public Vertx vertx() {
    return vertx;
  }

  public EchoApp app() {
    return app;
  }

  public RedisServerFixture redis() {
    if (redis == null) throw new IllegalStateException("this EchoAppExtension has no Redis: use withRedis()");
    return redis;
  }
}
