package dev.handoff.sidecar.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.ProtocolClient;
import dev.handoff.testkit.RedisClusterFixture;
import dev.handoff.testkit.RedisSentinelFixture;
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

/** Sidecars on Redis Sentinel and Redis Cluster: hand-offs survive a failover and a resharding. */
@Tag("integration")
class RedisTopologyTest {
  @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();

  /**
   * Connects {@code n} clients to {@code pod}, drains it with SIGTERM and returns their tokens, in
   * order.
   */
  private static List<String> handOff(SidecarProcess pod, int n) {
    List<Future<ProtocolClient>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      pending.add(
          ProtocolClient.optIn(echo.vertx(), pod.proxyPort(), "/live", null)
              .map(c -> c.holding("{\"client\":" + id + "}", null)));
    }
    List<ProtocolClient> clients = Future.all(pending).await().list();
    clients.forEach(c -> c.nextControl("hello"));
    pod.sigterm();
    List<String> tokens =
        clients.stream().map(c -> c.nextControl("handoff").getString("token")).toList();
    assertThat(pod.awaitExit(Duration.ofSeconds(30))).isZero();
    return tokens;
  }

  private static void assertAllRestored(SidecarProcess pod, List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), pod.proxyPort(), "/live", tokens.get(i))
              .await()
              .nextControl();
      assertThat(hello.getJsonObject("restored")).as("client %d restored", i).isNotNull();
      assertThat(hello.getJsonObject("restored").getJsonObject("state").getInteger("client"))
          .isEqualTo(i);
    }
  }

  @Test
  void acknowledgedHandOffsSurviveASentinelFailoverAndSidecarsFollowTheNewPrimary() {
    try (RedisSentinelFixture redis = RedisSentinelFixture.start();
        SidecarProcess old =
            SidecarProcess.builder("demo", 7)
                .upstream(echo.app().url())
                .redis(redis.url())
                .env("HANDOFF_REDIS_WAIT_REPLICAS", "1")
                .env("HANDOFF_REDIS_WAIT_TIMEOUT", "5s")
                .start();
        SidecarProcess next =
            SidecarProcess.builder("demo", 8)
                .upstream(echo.app().url())
                .redis(redis.url())
                .env("HANDOFF_REDIS_WAIT_REPLICAS", "1")
                .start()) {
      List<String> tokens = handOff(old, 20);
      assertThat(old.output()).contains("store=\"redis-sentinel handoff, WAIT 1\"");
      // WAIT 1 made every token wait for the replica: the snapshots are there before the primary
      // dies.
      assertThat(redis.replica().keys("handoff:demo:snap:*")).hasSize(20);
      redis.failOver();
      // The next pod was connected to the old primary; its first commands after the failover may
      // fail.
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                JsonObject hello =
                    ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", "D".repeat(43))
                        .await()
                        .nextControl();
                return "expired".equals(hello.getString("restore"));
              });
      assertAllRestored(next, tokens);
    }
  }

  @Test
  void snapshotsSpreadOverAClusterAndRestoresFollowAResharding() {
    try (RedisClusterFixture cluster = RedisClusterFixture.start();
        SidecarProcess old =
            SidecarProcess.builder("demo", 7)
                .upstream(echo.app().url())
                .redis(cluster.url())
                .start();
        SidecarProcess next =
            SidecarProcess.builder("demo", 8)
                .upstream(echo.app().url())
                .redis(cluster.url())
                .start()) {
      List<String> tokens = handOff(old, 60);
      for (RedisServerFixture node : cluster.nodes()) {
        assertThat(node.commands().dbsize()).as("every primary holds some snapshots").isPositive();
      }
      // Slots move after the next pod learned the topology: its GETDELs meet MOVED/ASK and follow
      // them.
      cluster.reshard(2000);
      assertAllRestored(next, tokens);
      long left =
          cluster.nodes().stream().mapToLong(n -> n.keys("handoff:demo:snap:*").size()).sum();
      assertThat(left).isZero();
    }
  }
}
