package dev.handoff.testkit;

import dev.handoff.sidecar.Sidecar;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.store.HandoffStore;
import dev.handoff.sidecar.store.InMemoryStore;
import dev.handoff.sidecar.store.RedisStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A sidecar in the test's own JVM in front of an app, on free ports, for tests that need no real
 * SIGTERM.
 */
public final class EmbeddedSidecar implements AutoCloseable {
  private final Sidecar sidecar;
  private final HandoffStore store;

  private EmbeddedSidecar(Sidecar sidecar, HandoffStore store) {
    this.sidecar = sidecar;
    this.store = store;
  }

  /**
   * @param redisUrl a Redis to store snapshots in, or null for the in-memory store
   */
  public static EmbeddedSidecar start(
      Vertx vertx,
      String app,
      long version,
      String upstream,
      String redisUrl,
      UnaryOperator<SidecarConfig> tweak) {
    SidecarConfig config =
        tweak.apply(
            SidecarConfig.defaults(app, version)
                .withPorts(0, 0)
                .withUpstream(URI.create(upstream))
                .withDrainTimeout(Duration.ofSeconds(4))
                .withReconnectSpread(Duration.ofMillis(100)));
    HandoffStore store =
        redisUrl == null ? new InMemoryStore() : new RedisStore(redisUrl, Duration.ofSeconds(1));
    return new EmbeddedSidecar(Sidecar.start(vertx, config, store).await(), store);
  }

  /** A sidecar on a store shared with others in this JVM (the caller closes the store). */
  public static EmbeddedSidecar startShared(
      Vertx vertx,
      String app,
      long version,
      String upstream,
      HandoffStore shared,
      UnaryOperator<SidecarConfig> tweak) {
    SidecarConfig config =
        tweak.apply(
            SidecarConfig.defaults(app, version)
                .withPorts(0, 0)
                .withUpstream(URI.create(upstream))
                .withDrainTimeout(Duration.ofSeconds(4))
                .withReconnectSpread(Duration.ofMillis(100)));
    return new EmbeddedSidecar(Sidecar.start(vertx, config, shared).await(), null);
  }

  public Sidecar sidecar() {
    return sidecar;
  }

  public int port() {
    return sidecar.proxyPort();
  }

  public String url() {
    return "http://127.0.0.1:" + sidecar.proxyPort();
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + sidecar.adminPort();
  }

  @Override
  public void close() {
    sidecar.close().await();
    if (store != null) store.close();
  }
}
