package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The in-memory store's four jobs, on a clock the test moves. */
class InMemoryStoreTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final InMemoryStore store =
      new InMemoryStore(
          new Clock() {
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            public Instant instant() {
              return now;
            }
          });

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private void pass(Duration d) {
    now = now.plus(d);
  }

  @Test
  void aSnapshotIsTakenOnceAndNotAfterItsTtl() {
    join(store.snapshots().put("a", "{}", Duration.ofSeconds(10)));
    join(store.snapshots().put("b", "{}", Duration.ofSeconds(10)));
    assertThat(join(store.snapshots().take("a"))).contains("{}");
    assertThat(join(store.snapshots().take("a"))).isEmpty();
    pass(Duration.ofSeconds(10));
    assertThat(join(store.snapshots().take("b"))).isEmpty();
  }

  @Test
  void aPutBackNeverOverwritesAndTheVersionsBesideASnapshotAreNotCountedAsOne() {
    join(store.snapshots().put("a", "new", Duration.ofSeconds(10)));
    join(store.snapshots().putBack("a", "old", Duration.ofSeconds(10)));
    join(store.snapshots().putVersions("av", "{\"version\":1}", Duration.ofSeconds(10)));
    join(store.snapshots().putVersions("av", "{\"version\":2}", Duration.ofSeconds(10)));
    assertThat(store.size()).isEqualTo(1);
    assertThat(join(store.snapshots().versionsOf("av"))).contains("{\"version\":1}");
    assertThat(join(store.snapshots().take("a"))).contains("new");
  }

  @Test
  void rolloutCountersAddUp() {
    join(store.rolloutCounters().count("r", "stored"));
    join(store.rolloutCounters().count("r", "stored"));
    assertThat(store.counter("r", "stored")).isEqualTo(2);
    assertThat(store.counter("r", "timeout")).isZero();
  }

  @Test
  void aReadyVersionRunsOutUnlessAnnouncedAgain() {
    join(store.readyVersions().announce("demo", 1, Duration.ofSeconds(3)));
    join(store.readyVersions().announce("demo", 2, Duration.ofSeconds(3)));
    assertThat(join(store.readyVersions().newest("demo"))).isEqualTo(2L);
    pass(Duration.ofSeconds(2));
    join(store.readyVersions().announce("demo", 1, Duration.ofSeconds(3)));
    pass(Duration.ofSeconds(1));
    assertThat(join(store.readyVersions().of("demo"))).containsExactly(1L);
    assertThat(join(store.readyVersions().newest("other"))).isEqualTo(-1L);
  }

  @Test
  void anExpiringCounterStartsOverAfterItsTtl() {
    assertThat(join(store.expiringCounters().increment("s", Duration.ofMinutes(1)))).isEqualTo(1L);
    assertThat(join(store.expiringCounters().increment("s", Duration.ofMinutes(1)))).isEqualTo(2L);
    pass(Duration.ofMinutes(1));
    assertThat(join(store.expiringCounters().increment("s", Duration.ofMinutes(1)))).isEqualTo(1L);
  }
}
