package dev.handoff.testkit;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x instance and an {@link EchoApp} on it for one test class, the app most sidecar tests put behind the
 * sidecar: {@code @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();}.
 */
public final class EchoAppExtension implements BeforeAllCallback, AfterAllCallback {
  private Vertx vertx;
  private EchoApp app;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    app = EchoApp.start(vertx).await();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    vertx.close().await();
  }

  public Vertx vertx() {
    return vertx;
  }

  public EchoApp app() {
    return app;
  }
}
