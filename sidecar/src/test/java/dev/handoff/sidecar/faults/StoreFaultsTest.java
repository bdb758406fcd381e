package dev.handoff.sidecar.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.ProtocolClient;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.SidecarProcess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis dies or restarts around a drain: every client is still closed in time, and nothing is lost
 * silently.
 */
@Tag("integration")
class StoreFaultsTest {
  private static final int CLIENTS = 200;
  @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();

  private static List<ProtocolClient> connectAll(SidecarProcess pod, int n) {
    List<Future<ProtocolClient>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      pending.add(
          ProtocolClient.optIn(echo.vertx(), pod.proxyPort(), "/live", null)
              .map(
                  c ->
                      c.holding(
                          "{\"client\":" + id + ",\"pad\":\"" + "x".repeat(1500) + "\"}", 7L)));
    }
    List<ProtocolClient> clients = Future.all(pending).await().list();
    clients.forEach(c -> c.nextControl("hello"));
    return clients;
  }

  @Test
  void redisKilledMidDrainStillClosesEveryClientWith1012AndCountsTheFailures() {
    RedisServerFixture redis = RedisServerFixture.start();
    try (SidecarProcess pod =
        SidecarProcess.builder("demo", 7).upstream(echo.app().url()).redis(redis.url()).start()) {
      List<ProtocolClient> clients = connectAll(pod, CLIENTS);
      pod.sigterm();
      // Kill Redis as soon as the first client got its token: the rest of the drain runs without a
      // store.
      await()
          .until(
              () ->
                  clients.stream()
                      .anyMatch(
                          c ->
                              c.controlFrames().stream()
                                  .anyMatch(f -> "handoff".equals(f.getString("t")))));
      redis.kill();
      assertThat(pod.awaitExit(Duration.ofSeconds(30))).isZero();
      await().until(() -> clients.stream().allMatch(ProtocolClient::isClosed));
      assertThat(clients).allSatisfy(c -> assertThat(c.closeCode()).isEqualTo((short) 1012));
      long tokens =
          clients.stream()
              .filter(c -> c.rawControlFrames().stream().anyMatch(f -> f.contains("\"handoff\"")))
              .count();
      long told =
          clients.stream()
              .filter(
                  c -> c.rawControlFrames().stream().anyMatch(f -> f.contains("store_unavailable")))
              .count();
      assertThat(tokens + told)
          .as("every client either got a token or was told to use its local copy")
          .isEqualTo(CLIENTS);
      assertThat(pod.output())
          .contains("event=drain_finished")
          .contains("stored=" + tokens)
          .contains("store_error=" + told);
    } finally {
      redis.close();
    }
  }

  @Test
  void snapshotsSurviveARedisRestartWithAppendOnlyPersistence() {
    RedisServerFixture redis =
        RedisServerFixture.start("--appendonly", "yes", "--appendfsync", "always");
    try (SidecarProcess old =
            SidecarProcess.builder("demo", 7)
                .upstream(echo.app().url())
                .redis(redis.url())
                .start();
        SidecarProcess next =
            SidecarProcess.builder("demo", 8)
                .upstream(echo.app().url())
                .redis(redis.url())
                .start()) {
      List<ProtocolClient> clients = connectAll(old, 20);
      old.sigterm();
      List<String> tokens =
          clients.stream().map(c -> c.nextControl("handoff").getString("token")).toList();
      redis.restart();
      for (int i = 0; i < tokens.size(); i++) {
        String token = tokens.get(i);
        JsonObject hello =
            await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(
                    () ->
                        ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token)
                            .await()
                            .nextControl(),
                    h -> h.containsKey("restored") || "expired".equals(h.getString("restore")));
        assertThat(hello.getJsonObject("restored").getJsonObject("state").getInteger("client"))
            .isEqualTo(i);
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void withoutPersistenceARestartLosesSnapshotsAndClientsAreToldSo() {
    RedisServerFixture redis = RedisServerFixture.start();
    try (SidecarProcess old =
            SidecarProcess.builder("demo", 7)
                .upstream(echo.app().url())
                .redis(redis.url())
                .start();
        SidecarProcess next =
            SidecarProcess.builder("demo", 8)
                .upstream(echo.app().url())
                .redis(redis.url())
                .start()) {
      List<ProtocolClient> clients = connectAll(old, 5);
      old.sigterm();
      List<String> tokens =
          clients.stream().map(c -> c.nextControl("handoff").getString("token")).toList();
      redis.restart();
      JsonObject hello =
          await()
              .atMost(Duration.ofSeconds(20))
              .ignoreExceptions()
              .until(
                  () ->
                      ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", tokens.get(0))
                          .await()
                          .nextControl(),
                  h -> h.containsKey("restore") && !"unavailable".equals(h.getString("restore")));
      // handoff.js then falls back to its sessionStorage copy (see the browser tests).
      assertThat(hello.getString("restore")).isEqualTo("expired");
    } finally {
      redis.close();
    }
  }
}
