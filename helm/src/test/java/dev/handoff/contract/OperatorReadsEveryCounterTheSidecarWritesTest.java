package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.rollout.RedisCounterSource;
import dev.handoff.operator.rollout.RolloutCounters;
import dev.handoff.sidecar.store.RedisStore;
import dev.handoff.testkit.RedisClusterFixture;
import dev.handoff.testkit.RedisServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's store writes the rollout counters, the operator's controller reads them back: every
 * {@link RolloutCounter}, through a standalone Redis and through a Redis Cluster (a {@code
 * redis-cluster://} URL the operator used to refuse).
 */
@Tag("integration")
class OperatorReadsEveryCounterTheSidecarWritesTest {

  @Test
  void readsEveryCounterFromAStandaloneRedis() throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      assertRoundTrip(redis.url());
    }
  }

  @Test
  void readsEveryCounterFromARedisCluster() throws Exception {
    try (RedisClusterFixture cluster = RedisClusterFixture.start()) {
      assertRoundTrip(cluster.url());
    }
  }

  /** Counter n is counted n+1 times, so a field read under another counter's name shows. */
  private static void assertRoundTrip(String url) throws Exception {
    Map<RolloutCounter, Long> written = new EnumMap<>(RolloutCounter.class);
    RedisStore sidecar = new RedisStore(url, Duration.ofSeconds(5));
    try {
      List<CompletableFuture<Void>> counted = new ArrayList<>();
      for (RolloutCounter counter : RolloutCounter.values()) {
        long times = counter.ordinal() + 1;
        for (int i = 0; i < times; i++) {
          counted.add(
              sidecar
                  .rolloutCounters()
                  .count(RedisKeys.rollout("shop", 7), counter.field())
                  .toCompletableFuture());
        }
        written.put(counter, times);
      }
      CompletableFuture.allOf(counted.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    } finally {
      sidecar.close();
    }
    try (RedisCounterSource operator = new RedisCounterSource(url)) {
      assertThat(operator.read("shop", 7)).isEqualTo(RolloutCounters.of(written));
    }
  }
}
