package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.ProtocolClient;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.SidecarProcess;
import dev.handoff.testkit.SidecarProcessExtension;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real sidecar processes over a real redis-server: SIGTERM at version K, restore at K+1, refresh at
 * K+2.
 */
@Tag("integration")
class HandoffAcrossProcessesTest {
  private static final String STATE =
      "{\"form\":{\"name\":\"Zoë \\u00e9 \\\"quoted\\\"\",\"plan\":\"pro\",\"newsletter\":true},"
          + "\"providers\":{\"drawer\":{\"open\":true,\"tab\":2}},\"n\":1.50}";

  @RegisterExtension static final EchoAppExtension echo = EchoAppExtension.withRedis();
  @RegisterExtension final SidecarProcessExtension sidecars = new SidecarProcessExtension();
  private SidecarProcess old;
  private SidecarProcess next;

  @org.junit.jupiter.api.BeforeEach
  void emptyRedis() {
    // Snapshots and version announcements of the previous test's pods must not leak into this one.
    echo.redis().commands().flushall();
  }

  private SidecarProcess sidecar(long version) {
    return sidecars
        .builder("demo", version)
        .upstream(echo.app().url())
        .redis(echo.redis().url())
        .start();
  }

  /**
   * Opens an opted-in socket on {@code sidecar}, drains the pod with SIGTERM and returns the
   * handoff frame.
   */
  private JsonObject handOffFrom(SidecarProcess sidecar, String state, Long pageVersion) {
    ProtocolClient client =
        ProtocolClient.optIn(echo.vertx(), sidecar.proxyPort(), "/live", null)
            .await()
            .holding(state, pageVersion);
    assertThat(client.nextControl().getString("t")).isEqualTo("hello");
    sidecar.sigterm();
    JsonObject drain = client.nextControl();
    assertThat(drain.getString("t")).isEqualTo("drain");
    assertThat(drain.getLong("deadlineMs")).isPositive();
    JsonObject handoff = client.nextControl("handoff");
    await().until(client::isClosed);
    assertThat(client.closeCode()).isEqualTo((short) 1012);
    assertThat(sidecar.awaitExit(Duration.ofSeconds(20))).isZero();
    return handoff;
  }

  @Test
  void restoresStateByteForByteOnNextVersionAfterSigterm() {
    old = sidecar(7);
    next = sidecar(8);
    JsonObject handoff = handOffFrom(old, STATE, 7L);
    String token = handoff.getString("token");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(handoff.getLong("reconnectAfterMs")).isBetween(0L, 200L);
    assertThat(handoff.getLong("ttlMs")).isEqualTo(600_000L);
    assertThat(echo.redis().keys("handoff:demo:snap:*"))
        .hasSize(1)
        .allSatisfy(key -> assertThat(key).doesNotContain(token));

    int upgradesBefore = echo.app().upgrades().size();
    ProtocolClient back =
        ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token).await();
    JsonObject hello = back.nextControl();
    assertThat(hello.getString("t")).isEqualTo("hello");
    assertThat(hello.getLong("version")).isEqualTo(8L);
    JsonObject restored = hello.getJsonObject("restored");
    assertThat(restored.getLong("fromVersion")).isEqualTo(7L);
    // Byte for byte: the state comes back as the very text the client sent, escapes and all.
    String sent = new JsonObject(STATE).encode();
    assertThat(back.rawControlFrames().get(0)).endsWith("\"state\":" + sent + "}}");
    assertThat(echo.redis().keys("handoff:demo:snap:*")).isEmpty();

    await().until(() -> echo.app().upgrades().size() > upgradesBefore);
    var upgrade = echo.app().upgrades().get(echo.app().upgrades().size() - 1);
    assertThat(upgrade.get("Handoff-Restored-From")).isEqualTo("7");
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(upgrade.get("Handoff-State")),
                StandardCharsets.UTF_8))
        .isEqualTo(new JsonObject(STATE).encode());
    assertThat(upgrade.get("Sec-WebSocket-Protocol")).isNull();
    assertThat(next.metrics())
        .contains("handoff_restores_total{app=\"demo\",outcome=\"restored\",version=\"8\"} 1.0");
    // Logs say what happened, never with what: no token, no state.
    assertThat(old.output() + next.output())
        .contains("event=handed_off")
        .contains("event=restored")
        .doesNotContain(token)
        .doesNotContain("Zo")
        .doesNotContain("newsletter");
  }

  @Test
  void aReusedTokenFindsNothing() {
    old = sidecar(7);
    next = sidecar(8);
    String token = handOffFrom(old, "{\"a\":1}", null).getString("token");
    ProtocolClient first =
        ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token).await();
    assertThat(first.nextControl().containsKey("restored")).isTrue();
    ProtocolClient replay =
        ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token).await();
    JsonObject hello = replay.nextControl();
    assertThat(hello.getString("t")).isEqualTo("hello");
    assertThat(hello.getString("restore")).isEqualTo("expired");
    assertThat(hello.containsKey("restored")).isFalse();
  }

  @Test
  void aPodTwoVersionsAheadTellsTheClientToRefresh() {
    old = sidecar(7);
    next = sidecar(9);
    String token = handOffFrom(old, "{\"a\":1}", 7L).getString("token");
    ProtocolClient back =
        ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token).await();
    JsonObject refresh = back.nextControl();
    assertThat(refresh.getString("t")).isEqualTo("refresh");
    assertThat(refresh.getString("reason")).isEqualTo("version");
    assertThat(next.metrics()).contains("outcome=\"refresh\",version=\"9\"} 1.0");
  }

  @Test
  void aSnapshotTakenOnAnOtherAppIsNotFound() {
    old = sidecar(7);
    next =
        sidecars.builder("billing", 8).upstream(echo.app().url()).redis(echo.redis().url()).start();
    String token = handOffFrom(old, "{\"secret\":\"of demo\"}", null).getString("token");
    ProtocolClient back =
        ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token).await();
    JsonObject hello = back.nextControl();
    assertThat(hello.getString("restore")).isEqualTo("expired");
    assertThat(echo.redis().keys("handoff:demo:snap:*"))
        .as("demo's snapshot is left alone")
        .hasSize(1);
  }

  @Test
  void aSigtermWithRedisDownStillClosesClientsWith1012AndExitsZero() {
    RedisServerFixture doomed = RedisServerFixture.start();
    try (SidecarProcess pod =
        sidecars.builder("demo", 7).upstream(echo.app().url()).redis(doomed.url()).start()) {
      ProtocolClient client =
          ProtocolClient.optIn(echo.vertx(), pod.proxyPort(), "/live", null)
              .await()
              .holding("{\"a\":1}", 7L);
      client.nextControl("hello");
      doomed.kill();
      pod.sigterm();
      assertThat(client.nextControl("error").getString("code")).isEqualTo("store_unavailable");
      await().until(client::isClosed);
      assertThat(client.closeCode()).isEqualTo((short) 1012);
      assertThat(pod.awaitExit(Duration.ofSeconds(20))).isZero();
      assertThat(pod.output()).contains("event=drain_finished").contains("store_error=1");
    } finally {
      doomed.close();
    }
  }
}
