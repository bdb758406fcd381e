package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.RedisKeys;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import dev.handoff.sidecar.store.InMemoryStore;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestorerTest {
  private static final String STATE = "{\"draft\":\"h\\u00e9llo\" , \"n\":1.50}";
  @RegisterExtension static final VertxExtension vertxes = new VertxExtension();

  private final SidecarConfig config = SidecarConfig.defaults("shop", 5);
  private final InMemoryStore store = new InMemoryStore();
  private final HandoffMetrics metrics = new HandoffMetrics("shop", 5);
  private final Restorer restorer =
      new Restorer(
          config, store.snapshots(), store.rolloutCounters(), metrics, new EventLog("shop", 5));
  private final String token = new HandoffToken(new SecureRandom()).next();
  private Context context;

  private String key(String t) {
    return RedisKeys.snapshot("shop", HandoffToken.hash(t));
  }

  private void stored(SnapshotEnvelope envelope) {
    store.snapshots().put(key(token), envelope.encode(), config.snapshotTtl());
  }

  private static SnapshotEnvelope taken(long version, Long pageVersion, String binding) {
    return new SnapshotEnvelope("shop", version, 1L, pageVersion, binding, STATE);
  }

  private Restore take(String t, String binding) throws Exception {
    context = vertxes.vertx().getOrCreateContext();
    Future<Restore> f = restorer.take(t, binding, context, 1);
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aSnapshotInTheWindowRestoresByteForByte() throws Exception {
    stored(taken(4, 4L, null));

    Restore restore = take(token, null);

    assertThat(restore.outcome()).isEqualTo(RestoreOutcome.RESTORED);
    assertThat(restore.envelope().state()).isEqualTo(STATE);
    assertThat(restore.envelope().version()).isEqualTo(4);
    assertThat(restore.key()).isEqualTo(key(token));
  }

  @Test
  void aTokenWorksOnce() throws Exception {
    stored(taken(5, null, null));

    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.RESTORED);
    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.EXPIRED);
  }

  @Test
  void anUnknownTokenHasExpired() throws Exception {
    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.EXPIRED);
  }

  @Test
  void aMalformedTokenIsInvalidAndNeverReachesTheStore() throws Exception {
    String shortToken = "abc";
    store.snapshots().put(key(shortToken), taken(5, null, null).encode(), config.snapshotTtl());

    assertThat(take(shortToken, null).outcome()).isEqualTo(RestoreOutcome.INVALID);
    assertThat(take("a".repeat(21), null).outcome()).isEqualTo(RestoreOutcome.INVALID);
    assertThat(take("a b".repeat(10), null).outcome()).isEqualTo(RestoreOutcome.INVALID);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aSnapshotOlderThanTheWindowRefreshes() throws Exception {
    stored(taken(3, null, null));

    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.REFRESH);
  }

  @Test
  void aSnapshotFromANewerVersionRefreshes() throws Exception {
    stored(taken(6, null, null));

    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.REFRESH);
  }

  @Test
  void aPageRenderedOutsideTheWindowRefreshesEvenWhenTheSnapshotIsIn() throws Exception {
    stored(taken(5, 3L, null));

    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.REFRESH);
  }

  @Test
  void somethingThatIsNotAnEnvelopeIsInvalid() throws Exception {
    store.snapshots().put(key(token), "{\"hello\":1}", config.snapshotTtl());

    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.INVALID);
  }

  @Test
  void anotherAppsEnvelopeIsInvalid() throws Exception {
    store
        .snapshots()
        .put(
            key(token),
            new SnapshotEnvelope("admin", 5, 1L, null, null, STATE).encode(),
            config.snapshotTtl());

    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.INVALID);
  }

  @Test
  void anotherBrowserGetsNothingAndTheSnapshotStaysForItsOwner() throws Exception {
    stored(taken(5, null, "owner"));

    assertThat(take(token, "thief").outcome()).isEqualTo(RestoreOutcome.INVALID);
    assertThat(take(token, null).outcome()).isEqualTo(RestoreOutcome.INVALID);
    assertThat(take(token, "owner").outcome()).isEqualTo(RestoreOutcome.RESTORED);
  }

  @Test
  void aRestoreTheClientNeverSawIsPutBackForItsNextAttempt() throws Exception {
    stored(taken(5, null, null));
    Restore restore = take(token, null);

    restorer.putBack(restore, 1);

    Restore again = take(token, null);
    assertThat(again.outcome()).isEqualTo(RestoreOutcome.RESTORED);
    assertThat(again.envelope()).isEqualTo(restore.envelope());
  }

  @Test
  void nothingIsPutBackForATokenThatRestoredNothing() throws Exception {
    restorer.putBack(Restore.of(RestoreOutcome.EXPIRED), 1);

    assertThat(store.size()).isZero();
  }

  @Test
  void aSettledRestoreIsCountedInTheRolloutHashUnderItsOutcome() throws Exception {
    stored(taken(5, null, null));
    restorer.settled(take(token, null), 1);
    restorer.settled(take(token, null), 2);
    restorer.settled(Restore.of(RestoreOutcome.STORE_ERROR), 3);

    String rollout = RedisKeys.rollout("shop", 5);
    assertThat(store.counter(rollout, "restored")).isEqualTo(1);
    assertThat(store.counter(rollout, "expired")).isEqualTo(1);
    assertThat(store.counter(rollout, "unavailable")).isEqualTo(1);
    assertThat(metrics.scrape())
        .contains("handoff_restores_total{app=\"shop\",outcome=\"restored\",version=\"5\"} 1.0");
  }

  @Test
  void theDecisionIsDeliveredOnTheCallersContext() throws Exception {
    stored(taken(5, null, null));
    Context caller = vertxes.vertx().getOrCreateContext();
    Context[] seen = new Context[1];

    restorer
        .take(token, null, caller, 1)
        .onComplete(ar -> seen[0] = Vertx.currentContext())
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> seen[0] != null);
    assertThat(seen[0]).isSameAs(caller);
  }
}
