package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import dev.handoff.testkit.RedisServerFixture;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever a client sends or presents, it gets a clear answer, nothing is lost and the app's
 * traffic flows.
 */
@Tag("integration")
class BadInputTest {
  @RegisterExtension static final EchoAppExtension echo = EchoAppExtension.withRedis();
  private EmbeddedSidecar sidecar;

  @BeforeEach
  void startSidecar() {
    echo.redis().commands().flushall();
    sidecar =
        EmbeddedSidecar.start(
            echo.vertx(),
            "demo",
            3,
            echo.app().url(),
            echo.redis().url(),
            c -> c.withMaxStateBytes(1024));
  }

  @AfterEach
  void stopSidecar() {
    sidecar.close();
  }

  private ProtocolClient optIn(String token) {
    ProtocolClient client =
        ProtocolClient.optIn(echo.vertx(), sidecar.port(), "/live", token).await();
    return client;
  }

  private static void assertStillProxies(ProtocolClient client) {
    client.sendRaw("still here");
    assertThat(client.nextAppMessage()).isEqualTo("still here");
  }

  private static String stateOf(int bytes) {
    return new JsonObject().put("blob", "x".repeat(bytes)).encode();
  }

  @Test
  void anOversizedCheckpointGetsAnErrorAndTheConnectionKeepsProxying() {
    ProtocolClient client = optIn(null);
    client.nextControl("hello");
    client.sendControl(
        new JsonObject().put("t", "checkpoint").put("state", new JsonObject(stateOf(4096))));
    JsonObject error = client.nextControl();
    assertThat(error.getString("t")).isEqualTo("error");
    assertThat(error.getString("code")).isEqualTo("state_too_large");
    assertThat(error.getString("message")).contains("1024 bytes");
    assertStillProxies(client);
  }

  @Test
  void anOversizedAnswerToDrainStoresNothingAndStillClosesWith1012() {
    ProtocolClient client = optIn(null).holding(stateOf(4096), null);
    client.nextControl("hello");
    sidecar.sidecar().drain().await();
    assertThat(client.nextControl("error").getString("code")).isEqualTo("state_too_large");
    await().until(client::isClosed);
    assertThat(client.closeCode()).isEqualTo((short) 1012);
    assertThat(client.controlFrames()).noneMatch(f -> "handoff".equals(f.getString("t")));
    assertThat(echo.redis().keys("handoff:demo:snap:*")).isEmpty();
  }

  @Test
  void malformedAndUnknownControlFramesGetErrorsAndTheConnectionIsKept() {
    ProtocolClient client = optIn(null);
    client.nextControl("hello");
    client.sendRaw("\0this is not json");
    assertThat(client.nextControl("error").getString("code")).isEqualTo("malformed_frame");
    client.sendRaw("\0{\"t\":\"dance\",\"state\":{}}");
    assertThat(client.nextControl("error").getString("code")).isEqualTo("unknown_type");
    client.sendRaw("\0{\"t\":\"checkpoint\",\"state\":\"not an object\"}");
    assertThat(client.nextControl("error").getString("code")).isEqualTo("invalid_state");
    client.sendRaw("\0{\"t\":\"checkpoint\",\"state\":" + "[".repeat(200) + "]".repeat(200) + "}");
    assertThat(client.nextControl("error").getString("code")).isEqualTo("malformed_frame");
    client.sendRaw("\0{\"t\":\"checkpoint\",\"state\":{}} trailing");
    assertThat(client.nextControl("error").getString("code")).isEqualTo("malformed_frame");
    assertStillProxies(client);
  }

  @Test
  void aControlFrameWithInvalidUtf8GetsAnErrorAndTheConnectionIsKept() {
    ProtocolClient client = optIn(null);
    client.nextControl("hello");
    // A text frame whose bytes are not UTF-8 (a lone continuation byte, then an overlong encoding).
    client
        .socket()
        .writeFrame(
            new io.vertx.core.http.impl.ws.WebSocketFrameImpl(
                io.vertx.core.http.WebSocketFrameType.TEXT,
                new byte[] {0, (byte) 0x80, (byte) 0xC0, (byte) 0xAF},
                true));
    assertThat(client.nextControl("error").getString("code")).isEqualTo("malformed_frame");
    assertStillProxies(client);
  }

  @Test
  void aFrameOverTheLimitClosesOnlyItsOwnSocket() {
    ProtocolClient bystander = optIn(null);
    ProtocolClient client = optIn(null);
    client.nextControl("hello");
    client
        .socket()
        .writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[(16 << 20) + 1]));
    // Netty refuses a frame over the sidecar's 16 MiB limit before reading it whole; Vert.x closes
    // that socket.
    await().atMost(java.time.Duration.ofSeconds(30)).until(client::isClosed);
    assertStillProxies(bystander);
    assertStillProxies(optIn(null));
  }

  @Test
  void unknownAndMalformedTokensAreTreatedAsExpired() {
    ProtocolClient guessed = optIn("A".repeat(43));
    assertThat(guessed.nextControl().getString("restore")).isEqualTo("expired");
    assertStillProxies(guessed);
    ProtocolClient malformed = optIn("not*a*token");
    assertThat(malformed.nextControl().getString("restore")).isEqualTo("expired");
    assertStillProxies(malformed);
  }

  @Test
  void anUnansweredDrainHandsOffTheLastCheckpoint() {
    ProtocolClient client = optIn(null).silentOnDrain();
    client.nextControl("hello");
    client.sendControl(
        new JsonObject().put("t", "checkpoint").put("state", new JsonObject().put("draft", "v1")));
    client.sendControl(
        new JsonObject().put("t", "checkpoint").put("state", new JsonObject().put("draft", "v2")));
    assertStillProxies(client); // the checkpoints were read before this message came back
    sidecar.sidecar().drain().await();
    String token = client.nextControl("handoff").getString("token");
    try (EmbeddedSidecar next =
        EmbeddedSidecar.start(
            echo.vertx(), "demo", 4, echo.app().url(), echo.redis().url(), c -> c)) {
      ProtocolClient back = ProtocolClient.optIn(echo.vertx(), next.port(), "/live", token).await();
      assertThat(
              back.nextControl()
                  .getJsonObject("restored")
                  .getJsonObject("state")
                  .getString("draft"))
          .isEqualTo("v2");
    }
  }

  @Test
  void aClientThatNeverAnswersIsClosedWithin1012WhenTheDeadlinePasses() {
    ProtocolClient silent = optIn(null).silentOnDrain();
    silent.nextControl("hello");
    DrainReport report = sidecar.sidecar().drain().await();
    assertThat(report.timeout()).isEqualTo(1);
    await().until(silent::isClosed);
    assertThat(silent.closeCode()).isEqualTo((short) 1012);
  }

  @Test
  void aRestoreThatTheAppRefusesPutsTheSnapshotBack() {
    ProtocolClient client = optIn(null).holding("{\"kept\":true}", 3L);
    client.nextControl("hello");
    sidecar.sidecar().drain().await();
    String token = client.nextControl("handoff").getString("token");
    try (EmbeddedSidecar next =
        EmbeddedSidecar.start(
            echo.vertx(), "demo", 4, echo.app().url(), echo.redis().url(), c -> c)) {
      var refused =
          ProtocolClient.connect(
              echo.vertx(),
              next.port(),
              "/reject",
              List.of("handoff.v1", "handoff.token." + token));
      await().until(refused::isComplete);
      assertThat(refused.failed()).isTrue();
      assertThat(echo.redis().keys("handoff:demo:snap:*")).as("the snapshot is back").hasSize(1);
      ProtocolClient retry =
          ProtocolClient.optIn(echo.vertx(), next.port(), "/live", token).await();
      assertThat(
              retry
                  .nextControl()
                  .getJsonObject("restored")
                  .getJsonObject("state")
                  .getBoolean("kept"))
          .isTrue();
    }
  }

  @Test
  void storeDownDuringDrainStillClosesEveryClientAndCountsTheFailure() {
    RedisServerFixture doomed = RedisServerFixture.start();
    try (EmbeddedSidecar onDoomed =
        EmbeddedSidecar.start(echo.vertx(), "demo", 3, echo.app().url(), doomed.url(), c -> c)) {
      ProtocolClient client =
          ProtocolClient.optIn(echo.vertx(), onDoomed.port(), "/live", null)
              .await()
              .holding("{\"a\":1}", null);
      client.nextControl("hello");
      doomed.kill();
      DrainReport report = onDoomed.sidecar().drain().await();
      assertThat(report.storeError()).isEqualTo(1);
      assertThat(client.nextControl("error").getString("code")).isEqualTo("store_unavailable");
      await().until(client::isClosed);
      assertThat(client.closeCode()).isEqualTo((short) 1012);
    } finally {
      doomed.close();
    }
  }

  @Test
  void storeDownAtRestoreStillConnectsTheClientToTheApp() {
    RedisServerFixture doomed = RedisServerFixture.start();
    doomed.kill();
    try (EmbeddedSidecar onDoomed =
        EmbeddedSidecar.start(echo.vertx(), "demo", 3, echo.app().url(), doomed.url(), c -> c)) {
      ProtocolClient client =
          ProtocolClient.optIn(echo.vertx(), onDoomed.port(), "/live", "B".repeat(43)).await();
      assertThat(client.nextControl().getString("restore")).isEqualTo("unavailable");
      assertStillProxies(client);
    } finally {
      doomed.close();
    }
  }
}
