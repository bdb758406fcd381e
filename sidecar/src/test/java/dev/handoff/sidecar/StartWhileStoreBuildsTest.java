package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.store.InMemoryStore;
import dev.handoff.testkit.FreePort;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store is built while the proxy starts, but the admin port (readiness) opens only once it
 * exists: a sidecar that Kubernetes sees ready already has its drain and a store to hand sessions
 * to.
 */
@Tag("integration")
class StartWhileStoreBuildsTest {
  @RegisterExtension final VertxExtension vertx = new VertxExtension();

  @Test
  void proxyListensWhileTheStoreIsBuiltAndTheAdminPortOpensOnlyOnceItExists() {
    int[] ports = FreePort.distinct(2);
    int proxy = ports[0];
    int admin = ports[1];
    SidecarConfig config = SidecarConfig.defaults("demo", 1).withPorts(proxy, admin);
    CountDownLatch release = new CountDownLatch(1);
    Future<Sidecar> started =
        Sidecar.startBuilding(
            vertx.vertx(),
            config,
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new InMemoryStore();
            });

    await().until(() -> FreePort.accepting(proxy));
    assertThat(FreePort.accepting(admin)).isFalse();
    assertThat(started.isComplete()).isFalse();

    release.countDown();
    Sidecar sidecar = started.await();
    assertThat(FreePort.accepting(admin)).isTrue();
    assertThat(sidecar.ready()).isTrue();
    sidecar.close().await();
  }
}
