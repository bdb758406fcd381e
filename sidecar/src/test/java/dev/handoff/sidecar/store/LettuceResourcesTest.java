package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.RedisServerFixture;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The store's Lettuce resources are its own (Lettuce does not release resources handed to a
 * client): closing the store must end their threads, or every store a process opens leaves threads
 * behind.
 */
@Tag("integration")
class LettuceResourcesTest {
  private static Set<Thread> lettuceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("lettuce-"))
        .collect(Collectors.toSet());
  }

  /**
   * Lettuce threads that were not there before: the fixture or an earlier test may have their own.
   */
  private static Set<Thread> lettuceThreadsSince(Set<Thread> before) {
    Set<Thread> now = lettuceThreads();
    now.removeAll(before);
    return now;
  }

  @Test
  void closingTheStoreEndsLettucesThreads() throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      Set<Thread> before = lettuceThreads();
      RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2));
      store
          .snapshots()
          .put("k", "v", Duration.ofMinutes(1))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(lettuceThreadsSince(before)).isNotEmpty();

      store.close();
      await().untilAsserted(() -> assertThat(lettuceThreadsSince(before)).isEmpty());
    }
  }

  @Test
  void storeThreadsDoNotGrowWithTheNode() throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      Set<Thread> before = lettuceThreads();
      RedisStore store = new RedisStore(redis.url(), Duration.ofSeconds(2));
      try {
        for (int i = 0; i < 50; i++) {
          store
              .snapshots()
              .put("k" + i, "v", Duration.ofMinutes(1))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
        }
        assertThat(
                lettuceThreadsSince(before).stream()
                    .filter(t -> t.getName().contains("EventLoop"))
                    .count())
            .isLessThanOrEqualTo(LettuceResources.THREADS);
      } finally {
        store.close();
      }
    }
  }
}
