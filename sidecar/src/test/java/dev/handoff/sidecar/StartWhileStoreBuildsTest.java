package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.store.InMemorySnapshotStore;
import dev.handoff.testkit.FreePort;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import dev.handoff.testkit.VertxExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store is built while the proxy starts, but the admin port (readiness) opens only once it exists: a
 * sidecar that Kubernetes sees ready already has its drain and a store to hand sessions to.
 */
@Tag("integration")
class StartWhileStoreBuildsTest {
  @RegisterExtension
  final VertxExtension vertx = new VertxExtension();

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void proxyListensWhileTheStoreIsBuiltAndTheAdminPortOpensOnlyOnceItExists() {
    int[] ports = FreePort.distinct(2);
    int proxy = ports[0];
    int admin = ports[1];
    SidecarConfig config = SidecarConfig.defaults("demo", 1).withPorts(proxy, admin);
    CountDownLatch release = new CountDownLatch(1);
    Future<Sidecar> started = Sidecar.startBuilding(vertx.vertx(), config, () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new InMemorySnapshotStore();
    });

    await().until(() -> listening(proxy));
    assertThat(listening(admin)).isFalse();
    assertThat(started.isComplete()).isFalse();

    release.countDown();
    Sidecar sidecar = started.await();
    assertThat(listening(admin)).isTrue();
    assertThat(sidecar.ready()).isTrue();
    sidecar.close().await();
  }
}
