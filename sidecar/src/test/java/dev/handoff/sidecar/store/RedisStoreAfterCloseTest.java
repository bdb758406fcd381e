package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A store whose Redis is down, then closed (a put-back or steering look-up racing the sidecar's
 * close): every call fails its stage with {@link StoreClosedException}. It used to reconnect on the
 * shut-down client, and Lettuce's IllegalStateException came out of the call itself; a rollout
 * count then never completed. No server: the URL names a port nobody listens on.
 */
class RedisStoreAfterCloseTest {
  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyCallAfterCloseFailsWithStoreClosedAndACountStillCompletes() throws Exception {
    RedisStore store = new RedisStore("redis://127.0.0.1:1", Duration.ofSeconds(1));
    // The first attempt fails while the store is open: the next call would reconnect.
    assertThatThrownBy(() -> get(store.snapshots().take("k")))
        .isInstanceOf(ExecutionException.class);
    store.close();

    for (CompletionStage<?> call :
        new CompletionStage<?>[] {
          store.snapshots().put("k", "v", Duration.ofMinutes(1)),
          store.snapshots().putBack("k", "v", Duration.ofMinutes(1)),
          store.snapshots().putVersions("kv", "{}", Duration.ofMinutes(1)),
          store.snapshots().take("k"),
          store.snapshots().versionsOf("kv"),
          store.readyVersions().announce("demo", 1, Duration.ofSeconds(3)),
          store.readyVersions().of("demo"),
          store.expiringCounters().increment("handoff:demo:steer:t", Duration.ofMinutes(1))
        }) {
      assertThatThrownBy(() -> get(call))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(StoreClosedException.class);
    }
    assertThat(get(store.rolloutCounters().count("handoff:demo:rollout:1", "stored"))).isNull();
    assertThat(get(store.rolloutCounters().count("handoff:demo:rollout:1", "stored")))
        .as("the next one too")
        .isNull();
  }

  @Test
  void describesTheTargetAndTheWaitNeverTheUrl() throws Exception {
    RedisStore store =
        new RedisStore(
            "redis://u:secret@127.0.0.1:1",
            new RedisStore.Options(
                Duration.ofSeconds(1), 2, Duration.ofMillis(500), java.util.Optional.empty()));
    try {
      assertThat(store.describe()).isEqualTo("redis 127.0.0.1:1, WAIT 2");
      // Closed once its connection attempts are over: closing under way waits out Lettuce's
      // shutdown timeout.
      assertThatThrownBy(() -> get(store.snapshots().put("k", "v", Duration.ofMinutes(1))))
          .isInstanceOf(ExecutionException.class);
    } finally {
      store.close();
    }
  }
}
