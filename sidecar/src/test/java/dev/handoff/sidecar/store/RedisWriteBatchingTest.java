package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.RedisKeys;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store batches its writes (one flush per batch in flight) and sums rollout counters: against a
 * real redis-server, from several threads at once, every snapshot and every increment must arrive,
 * each exactly once, and every future must complete.
 */
@Tag("integration")
class RedisWriteBatchingTest {
  private static final Duration TTL = Duration.ofMinutes(5);

  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();

  @Test
  void everySnapshotAndEveryIncrementArrivesFromConcurrentWriters() throws Exception {
    redis.get().commands().flushall();
    int threads = 4;
    int perThread = 2500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(5))) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      List<java.util.concurrent.Future<List<CompletableFuture<Void>>>> submitted =
          new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        submitted.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Void>> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    String key = RedisKeys.snapshot("batch", thread + "-" + i);
                    mine.add(
                        store
                            .snapshots()
                            .put(key, "{\"state\":{\"i\":" + i + "}}", TTL)
                            .toCompletableFuture());
                    mine.add(
                        store
                            .rolloutCounters()
                            .count(RedisKeys.rollout("batch", 1), i % 3 == 0 ? "timeout" : "stored")
                            .toCompletableFuture());
                  }
                  return mine;
                }));
      }
      for (var f : submitted) all.addAll(f.get(60, TimeUnit.SECONDS));
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      assertThat(redis.get().keys("handoff:batch:snap:*")).hasSize(threads * perThread);
      assertThat(redis.get().commands().get(RedisKeys.snapshot("batch", "3-2499")))
          .isEqualTo("{\"state\":{\"i\":2499}}");
      Map<String, String> counters = redis.get().commands().hgetall(RedisKeys.rollout("batch", 1));
      long timeouts = threads * (long) ((perThread + 2) / 3);
      assertThat(counters)
          .containsEntry("timeout", Long.toString(timeouts))
          .containsEntry("stored", Long.toString(threads * (long) perThread - timeouts));
      assertThat(redis.get().commands().ttl(RedisKeys.rollout("batch", 1))).isPositive();
      // A write that follows the bulk is not left waiting in a buffer.
      store
          .snapshots()
          .put(RedisKeys.snapshot("batch", "late"), "{}", TTL)
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(
              store
                  .snapshots()
                  .take(RedisKeys.snapshot("batch", "late"))
                  .toCompletableFuture()
                  .get(10, TimeUnit.SECONDS))
          .contains("{}");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondPutOfTheSameKeyFailsAndTheBatchGoesOn() throws Exception {
    redis.get().commands().flushall();
    try (RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(5))) {
      String key = RedisKeys.snapshot("batch", "twice");
      CompletableFuture<Void> first =
          store.snapshots().put(key, "{\"n\":1}", TTL).toCompletableFuture();
      CompletableFuture<Void> second =
          store.snapshots().put(key, "{\"n\":2}", TTL).toCompletableFuture();
      CompletableFuture<Void> other =
          store
              .snapshots()
              .put(RedisKeys.snapshot("batch", "other"), "{}", TTL)
              .toCompletableFuture();
      first.get(10, TimeUnit.SECONDS);
      other.get(10, TimeUnit.SECONDS);
      assertThat(second).failsWithin(Duration.ofSeconds(10));
      assertThat(redis.get().commands().get(key)).isEqualTo("{\"n\":1}");
    }
  }
}
