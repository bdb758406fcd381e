package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.config.SnapshotKeys;
import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Steering against a real Redis with sealed snapshots: the snapshot's versions are read beside it,
 * in the clear, without taking it, and with three versions ready at once a client stays where it
 * can be restored.
 */
@Tag("integration")
class SteeringOnRedisTest {
  private static final String KEY = "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @RegisterExtension static final EchoAppExtension echo = EchoAppExtension.withRedis();

  @BeforeEach
  void emptyRedis() {
    echo.redis().commands().flushall();
  }

  private static EmbeddedSidecar pod(long version) {
    UnaryOperator<SidecarConfig> sealed =
        c -> c.toBuilder().snapshotKeys(SnapshotKeys.parse("HANDOFF_SNAPSHOT_KEYS", KEY)).build();
    return EmbeddedSidecar.start(
        echo.vertx(), "demo", version, echo.app().url(), echo.redis().url(), sealed);
  }

  private static String handOff(EmbeddedSidecar pod, Long pageVersion) {
    ProtocolClient client =
        ProtocolClient.optIn(echo.vertx(), pod.port(), "/live", null)
            .await()
            .holding("{\"secret\":\"hunter2\"}", pageVersion);
    client.nextControl("hello");
    pod.sidecar().drain().await();
    return client.nextControl("handoff").getString("token");
  }

  /**
   * Throw-away tokens have no snapshot behind them, so they are steered as soon as a newer version
   * is seen.
   */
  private static void awaitSteering(EmbeddedSidecar pod) {
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () ->
                            ProtocolClient.optIn(
                                    echo.vertx(),
                                    pod.port(),
                                    "/live",
                                    UUID.randomUUID().toString().replace("-", ""))
                                .await())
                    .isInstanceOfSatisfying(
                        UpgradeRejectedException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(503)));
  }

  @Test
  void aSealedSnapshotOfVersion1IsRestoredByVersion2WhileVersion3IsReady() {
    try (EmbeddedSidecar one = pod(1);
        EmbeddedSidecar two = pod(2);
        EmbeddedSidecar three = pod(3)) {
      String token = handOff(one, 1L);
      awaitSteering(two);
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), two.port(), "/live", token).await().nextControl();
      assertThat(hello.getJsonObject("restored").getLong("fromVersion")).isEqualTo(1L);
    }
  }

  @Test
  void theVersionsBesideASealedSnapshotAreVersionsOnlyAndExpireWithIt() {
    try (EmbeddedSidecar one = pod(1)) {
      handOff(one, 1L);
      List<String> snapshots = echo.redis().commands().keys("handoff:demo:snap:*");
      List<String> versions = echo.redis().commands().keys("handoff:demo:snapv:*");
      assertThat(snapshots).hasSize(1);
      assertThat(versions).containsExactly(snapshots.get(0).replace(":snap:", ":snapv:"));
      assertThat(echo.redis().commands().get(snapshots.get(0))).startsWith("hs1.");
      assertThat(echo.redis().commands().get(versions.get(0)))
          .isEqualTo("{\"version\":1,\"pageVersion\":1}");
      long snapshotTtl = echo.redis().commands().pttl(snapshots.get(0));
      assertThat(echo.redis().commands().pttl(versions.get(0)))
          .isPositive()
          .isLessThanOrEqualTo(snapshotTtl + 1000);
    }
  }
}
