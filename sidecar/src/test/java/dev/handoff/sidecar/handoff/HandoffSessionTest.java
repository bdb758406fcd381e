package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.contract.RedisKeys;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import dev.handoff.sidecar.store.InMemoryStore;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HandoffSessionTest {
  private static final String STATE = "{\"draft\":\"h\\u00e9llo\" ,\"n\":1.50}";
  @RegisterExtension static final VertxExtension vertxes = new VertxExtension();

  private final InMemoryStore store = new InMemoryStore();
  private final Sockets sockets = new Sockets();

  /**
   * The client's and the app's sockets as the session sees them: what it sent, and how it closed
   * them.
   */
  static final class Sockets implements SocketPair {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> sendToClient(String text) {
      sent.add(text);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> closeBoth(
        short clientCode, String clientReason, short appCode, String appReason) {
      closes.add(clientCode + " " + clientReason + " / " + appCode + " " + appReason);
      return Future.succeededFuture();
    }

    @Override
    public void abort() {
      closes.add("abort");
    }

    List<JsonObject> frames() {
      return sent.stream()
          .map(
              s -> {
                assertThat(s).startsWith("\0");
                return new JsonObject(s.substring(1));
              })
          .toList();
    }

    JsonObject last(String type) {
      return frames().stream()
          .filter(f -> type.equals(f.getString("t")))
          .reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  private HandoffSession session(SidecarConfig config, Context context) {
    HandoffSession.Shared shared =
        new HandoffSession.Shared(
            config,
            store.snapshots(),
            store.rolloutCounters(),
            new HandoffMetrics("shop", 2),
            new EventLog("shop", 2),
            new HandoffToken(new SecureRandom()),
            new ControlFrameParser(config.maxStateBytes()));
    return new HandoffSession(shared, 1, context, sockets, "bound");
  }

  private static SidecarConfig config(Duration drainTimeout) {
    return SidecarConfig.defaults("shop", 2)
        .withDrainTimeout(drainTimeout)
        .withReconnectSpread(Duration.ofSeconds(2));
  }

  /** Runs on the session's event loop, as the relay does, and waits for it. */
  private static void onLoop(Context context, Runnable r) throws Exception {
    java.util.concurrent.CompletableFuture<Void> done =
        new java.util.concurrent.CompletableFuture<>();
    context.runOnContext(
        v -> {
          r.run();
          done.complete(null);
        });
    done.get(5, TimeUnit.SECONDS);
  }

  private static <T> T await5(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private String storedState(String token) {
    return store
        .snapshots()
        .take(RedisKeys.snapshot("shop", HandoffToken.hash(token)))
        .toCompletableFuture()
        .join()
        .orElseThrow();
  }

  @Test
  void aDrainAsksForTheStateStoresItAndGivesTheClientItsToken() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofSeconds(20)), context);

    Future<SnapshotOutcome> drained = session.drain();
    await().atMost(Duration.ofSeconds(5)).until(() -> !sockets.sent.isEmpty());
    assertThat(sockets.last("drain").getLong("deadlineMs")).isEqualTo(15000);
    onLoop(
        context,
        () ->
            session.onControlFrame(
                "\0{\"t\":\"state\",\"state\":" + STATE + ",\"pageVersion\":2}"));

    assertThat(await5(drained)).isEqualTo(SnapshotOutcome.STORED);
    JsonObject handoff = sockets.last("handoff");
    String token = handoff.getString("token");
    assertThat(HandoffToken.isWellFormed(token)).isTrue();
    assertThat(handoff.getLong("ttlMs"))
        .isEqualTo(SidecarConfig.defaults("shop", 2).snapshotTtl().toMillis());
    assertThat(handoff.getLong("reconnectAfterMs")).isBetween(0L, 1999L);
    assertThat(sockets.closes).containsExactly("1012 handoff / 1001 handoff");

    SnapshotEnvelope envelope =
        SnapshotEnvelope.decode(new JsonScan(128, Integer.MAX_VALUE), storedState(token));
    assertThat(envelope)
        .isEqualTo(new SnapshotEnvelope("shop", 2, envelope.createdAt(), 2L, "bound", STATE));
    assertThat(
            store
                .snapshots()
                .versionsOf(RedisKeys.snapshotVersions("shop", HandoffToken.hash(token)))
                .toCompletableFuture()
                .join())
        .contains("{\"version\":2,\"pageVersion\":2}");
    assertThat(store.counter(RedisKeys.rollout("shop", 2), "stored")).isEqualTo(1);
  }

  @Test
  void anUnansweredDrainHandsOffTheLatestCheckpoint() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofMillis(400)), context);
    onLoop(
        context,
        () -> {
          session.onControlFrame("\0{\"t\":\"checkpoint\",\"state\":{\"v\":1}}");
          session.onControlFrame("\0{\"t\":\"checkpoint\",\"state\":" + STATE + "}");
        });

    assertThat(await5(session.drain())).isEqualTo(SnapshotOutcome.STORED);

    String token = sockets.last("handoff").getString("token");
    assertThat(storedState(token)).endsWith(",\"state\":" + STATE + "}");
  }

  @Test
  void aStateSentOutsideADrainCountsAsACheckpoint() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofMillis(400)), context);
    onLoop(context, () -> session.onControlFrame("\0{\"t\":\"state\",\"state\":" + STATE + "}"));

    assertThat(await5(session.drain())).isEqualTo(SnapshotOutcome.STORED);

    assertThat(storedState(sockets.last("handoff").getString("token"))).endsWith(STATE + "}");
  }

  @Test
  void anUnansweredDrainWithoutACheckpointTimesOutAndStillCloses() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofMillis(400)), context);

    assertThat(await5(session.drain())).isEqualTo(SnapshotOutcome.TIMEOUT);

    assertThat(sockets.frames()).extracting(f -> f.getString("t")).containsExactly("drain");
    assertThat(sockets.closes).containsExactly("1012 handoff / 1001 handoff");
    assertThat(store.size()).isZero();
    assertThat(store.counter(RedisKeys.rollout("shop", 2), "timeout")).isEqualTo(1);
  }

  @Test
  void anAnswerOverTheLimitIsRefusedAndNothingIsStored() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofSeconds(20)).withMaxStateBytes(64), context);
    // A checkpoint that fits does not rescue a drain whose answer was too large.
    onLoop(context, () -> session.onControlFrame("\0{\"t\":\"checkpoint\",\"state\":{}}"));

    Future<SnapshotOutcome> drained = session.drain();
    await().atMost(Duration.ofSeconds(5)).until(() -> !sockets.sent.isEmpty());
    onLoop(
        context,
        () ->
            session.onControlFrame(
                "\0{\"t\":\"state\",\"state\":{\"d\":\"" + "x".repeat(80) + "\"}}"));

    assertThat(await5(drained)).isEqualTo(SnapshotOutcome.TOO_LARGE);
    assertThat(sockets.last("error").getString("code")).isEqualTo("state_too_large");
    assertThat(store.size()).isZero();
    assertThat(sockets.closes).hasSize(1);
  }

  @Test
  void aRejectedFrameIsAnsweredWithItsErrorAndTheSocketStaysOpen() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofSeconds(20)), context);

    onLoop(
        context,
        () -> {
          session.onControlFrame("\0not json");
          session.onControlFrame("\0{\"t\":\"dance\",\"state\":{}}");
          session.onControlFrame("\0{\"t\":\"checkpoint\",\"state\":[1]}");
          session.onOversizedControlFrame();
        });

    assertThat(sockets.frames())
        .extracting(f -> f.getString("code"))
        .containsExactly("malformed_frame", "unknown_type", "invalid_state", "state_too_large");
    assertThat(sockets.closes).isEmpty();
  }

  @Test
  void aFloodOfControlFramesGetsOneRateLimitedErrorPerBurst() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofSeconds(20)), context);

    onLoop(
        context,
        () -> {
          for (int i = 0; i < 50; i++)
            session.onControlFrame("\0{\"t\":\"checkpoint\",\"state\":{\"i\":" + i + "}}");
        });

    assertThat(sockets.frames())
        .extracting(f -> f.getString("code"))
        .containsExactly("rate_limited");
  }

  @Test
  void aSecondDrainJoinsTheFirst() throws Exception {
    Context context = vertxes.vertx().getOrCreateContext();
    HandoffSession session = session(config(Duration.ofMillis(400)), context);

    Future<SnapshotOutcome> first = session.drain();
    Future<SnapshotOutcome> second = session.drain();

    assertThat(await5(first)).isEqualTo(SnapshotOutcome.TIMEOUT);
    assertThat(await5(second)).isEqualTo(SnapshotOutcome.TIMEOUT);
    assertThat(sockets.frames()).extracting(f -> f.getString("t")).containsExactly("drain");
    assertThat(sockets.closes).hasSize(1);
  }

  @Test
  void theReconnectDelayIsJitteredOverTheSpread() {
    assertThat(HandoffSession.reconnectDelay(Duration.ZERO)).isZero();
    for (int i = 0; i < 200; i++) {
      assertThat(HandoffSession.reconnectDelay(Duration.ofMillis(10))).isBetween(0L, 9L);
    }
  }
}
