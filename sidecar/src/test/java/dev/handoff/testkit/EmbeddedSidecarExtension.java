package dev.handoff.testkit;

import dev.handoff.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x, the {@link EchoApp} and an {@link EmbeddedSidecar} (in-memory store) in front of it,
 * for one test class: {@code @RegisterExtension static final EmbeddedSidecarExtension pod = new
 * EmbeddedSidecarExtension("demo", 1);}. Here and not in the testkit module: it needs the sidecar's
 * classes, and the sidecar's tests use the testkit.
 */
public final class EmbeddedSidecarExtension implements BeforeAllCallback, AfterAllCallback {
  private final EchoAppExtension echo = new EchoAppExtension();
  private final String app;
  private final long version;
  private final UnaryOperator<SidecarConfig> tweak;
  private EmbeddedSidecar sidecar;

  public EmbeddedSidecarExtension(String app, long version) {
    this(app, version, c -> c);
  }

  public EmbeddedSidecarExtension(String app, long version, UnaryOperator<SidecarConfig> tweak) {
    this.app = app;
    this.version = version;
    this.tweak = tweak;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    echo.beforeAll(context);
    sidecar = EmbeddedSidecar.start(echo.vertx(), app, version, echo.app().url(), null, tweak);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (sidecar != null) sidecar.close();
    echo.afterAll(context);
  }

  public Vertx vertx() {
    return echo.vertx();
  }

  public EchoApp app() {
    return echo.app();
  }

  public EmbeddedSidecar sidecar() {
    return sidecar;
  }
}
