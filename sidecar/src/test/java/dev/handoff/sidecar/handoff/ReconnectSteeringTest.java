package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.handoff.sidecar.store.InMemoryStore;
import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Old pods send restoring clients on to a ready newer version, a bounded number of times. */
@Tag("integration")
class ReconnectSteeringTest {
  @RegisterExtension final EchoAppExtension echo = new EchoAppExtension();
  private InMemoryStore store;
  private EmbeddedSidecar oldA;
  private EmbeddedSidecar oldB;

  @BeforeEach
  void start() {
    store = new InMemoryStore();
    oldA = pod(1);
    oldB = pod(1);
  }

  @AfterEach
  void stop() {
    oldA.close();
    oldB.close();
  }

  private EmbeddedSidecar pod(long version) {
    return EmbeddedSidecar.startShared(
        echo.vertx(), "demo", version, echo.app().url(), store, c -> c);
  }

  private String handOffFromA() {
    ProtocolClient client =
        ProtocolClient.optIn(echo.vertx(), oldA.port(), "/live", null)
            .await()
            .holding("{\"n\":1}", 1L);
    client.nextControl("hello");
    oldA.sidecar().drain().await();
    return client.nextControl("handoff").getString("token");
  }

  /**
   * Waits until {@code pod} has seen the newer version, probing with throw-away tokens (each
   * refused once).
   */
  private void awaitSteering(EmbeddedSidecar pod) {
    await()
        .untilAsserted(
            () ->
                assertRefused(
                    pod, echo.vertx(), java.util.UUID.randomUUID().toString().replace("-", "")));
  }

  private static void assertRefused(EmbeddedSidecar pod, Vertx vertx, String token) {
    assertThatThrownBy(() -> ProtocolClient.optIn(vertx, pod.port(), "/live", token).await())
        .isInstanceOfSatisfying(
            UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(503));
  }

  @Test
  void anOldPodRefusesARestoringClientWhileANewerVersionIsReady() {
    String token = handOffFromA();
    try (EmbeddedSidecar newer = pod(2)) {
      awaitSteering(oldB);
      assertRefused(oldB, echo.vertx(), token);
      // The snapshot was not touched by the refusal: the newer pod restores it.
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), newer.port(), "/live", token).await().nextControl();
      assertThat(hello.getJsonObject("restored").getJsonObject("state").getInteger("n"))
          .isEqualTo(1);
    }
  }

  /**
   * Hands off a client of {@code pod} whose page was rendered by {@code pageVersion}; returns its
   * token.
   */
  private String handOff(EmbeddedSidecar pod, long pageVersion) {
    ProtocolClient client =
        ProtocolClient.optIn(echo.vertx(), pod.port(), "/live", null)
            .await()
            .holding("{\"n\":1}", pageVersion);
    client.nextControl("hello");
    pod.sidecar().drain().await();
    return client.nextControl("handoff").getString("token");
  }

  // Three versions ready at once, window 1: 1 draining, 2 and 3 ready. Version 3 cannot restore
  // what 1 handed
  // off (nor a page 1 rendered), so 2 must keep those clients instead of sending them on to a
  // refresh.

  @Test
  void aClientHandedOffByVersion1IsNotSteeredAwayFromVersion2WhileVersion3IsReady() {
    String token = handOffFromA();
    try (EmbeddedSidecar two = pod(2);
        EmbeddedSidecar three = pod(3)) {
      awaitSteering(two);
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), two.port(), "/live", token).await().nextControl();
      assertThat(hello.getJsonObject("restored").getLong("fromVersion")).isEqualTo(1L);
    }
  }

  @Test
  void aClientOfVersion2WithAPageOfVersion1IsNotSteeredAwayFromVersion2WhileVersion3IsReady() {
    try (EmbeddedSidecar twoA = pod(2);
        EmbeddedSidecar twoB = pod(2);
        EmbeddedSidecar three = pod(3)) {
      String token = handOff(twoA, 1L);
      awaitSteering(twoB);
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), twoB.port(), "/live", token).await().nextControl();
      assertThat(hello.getJsonObject("restored").getLong("fromVersion")).isEqualTo(2L);
    }
  }

  @Test
  void anOldPodAcceptsWhenNoNewerVersionIsReady() {
    String token = handOffFromA();
    JsonObject hello =
        ProtocolClient.optIn(echo.vertx(), oldB.port(), "/live", token).await().nextControl();
    assertThat(hello.containsKey("restored")).isTrue();
  }

  @Test
  void aClientIsRefusedAtMostThreeTimes() {
    String token = handOffFromA();
    try (EmbeddedSidecar newer = pod(2)) {
      awaitSteering(oldB);
      assertRefused(oldB, echo.vertx(), token);
      for (int i = 1; i < ReconnectSteering.MAX_REFUSALS; i++)
        assertRefused(oldB, echo.vertx(), token);
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), oldB.port(), "/live", token).await().nextControl();
      assertThat(hello.containsKey("restored")).as("accepted after the bound").isTrue();
    }
  }

  @Test
  void newConnectionsWithoutATokenAreNeverSteered() {
    try (EmbeddedSidecar newer = pod(2)) {
      await().until(() -> store.readyVersions().newest("demo").toCompletableFuture().join() == 2L);
      ProtocolClient fresh =
          ProtocolClient.connect(echo.vertx(), oldB.port(), "/live", List.of("handoff.v1")).await();
      assertThat(fresh.nextControl().getString("t")).isEqualTo("hello");
    }
  }

  @Test
  void aDrainingNewerPodStopsAttractingClientsOnceItsAnnouncementRunsOut() {
    String token = handOffFromA();
    try (EmbeddedSidecar newer = pod(2)) {
      await().until(() -> store.readyVersions().newest("demo").toCompletableFuture().join() == 2L);
      newer.sidecar().drain().await();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store.readyVersions().newest("demo").toCompletableFuture().join() == 1L);
      // Throw-away tokens show when oldB stops steering; the real one then goes through on its
      // first try.
      await()
          .ignoreExceptions()
          .until(
              () ->
                  ProtocolClient.optIn(
                              echo.vertx(),
                              oldB.port(),
                              "/live",
                              java.util.UUID.randomUUID().toString().replace("-", ""))
                          .await()
                          .nextControl()
                      != null);
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), oldB.port(), "/live", token).await().nextControl();
      assertThat(hello.containsKey("restored")).isTrue();
    }
  }
}
