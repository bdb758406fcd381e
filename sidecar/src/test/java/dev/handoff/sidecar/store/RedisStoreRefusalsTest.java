package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.contract.RedisKeys;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Redis that answers but refuses what was asked: the store says which refusal, as its own
 * exception type.
 */
@Tag("integration")
class RedisStoreRefusalsTest {
  private static final Duration TTL = Duration.ofMinutes(1);

  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();

  @Test
  void neverOverwritesASnapshotAndSaysTheKeyIsTaken() throws Exception {
    RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2));
    try {
      String key = RedisKeys.snapshot("refusals", "twice");
      store
          .snapshots()
          .put(key, "{\"first\":1}", TTL)
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);

      assertThatThrownBy(
              () ->
                  store
                      .snapshots()
                      .put(key, "{\"second\":2}", TTL)
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SnapshotKeyTakenException.class);
      assertThat(redis.get().commands().get(key)).isEqualTo("{\"first\":1}");
    } finally {
      store.close();
    }
  }

  @Test
  void saysHowManyReplicasAcknowledgedWhenTooFewDid() {
    // A standalone Redis has no replicas: a WAIT for one times out with none.
    RedisStore store =
        new RedisStore(
            redis.url(),
            new RedisStore.Options(
                Duration.ofSeconds(2), 1, Duration.ofMillis(100), Optional.empty()));
    try {
      assertThatThrownBy(
              () ->
                  store
                      .snapshots()
                      .put(RedisKeys.snapshot("refusals", "unreplicated"), "{}", TTL)
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              ReplicasNotAcknowledgedException.class,
              e -> {
                assertThat(e.acknowledged()).isZero();
                assertThat(e.wanted()).isEqualTo(1);
              });
    } finally {
      store.close();
    }
  }
}
