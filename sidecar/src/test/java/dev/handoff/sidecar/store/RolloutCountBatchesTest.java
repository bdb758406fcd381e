package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rollout counts summed while a batch is in flight: one HINCRBY per field and batch, whatever the
 * number of sockets.
 */
class RolloutCountBatchesTest {
  private final RolloutCountBatches counts = new RolloutCountBatches();

  @Test
  void theFirstCountIsSentAtOnceAndTheOthersJoinOneQueuedBatch() {
    RolloutCountBatches.Joined first = counts.add("r:1", "stored");
    assertThat(first.sendNow()).isTrue();
    assertThat(counts.take()).isEqualTo(Map.of("r:1", Map.of("stored", 1L)));

    RolloutCountBatches.Joined second = counts.add("r:1", "stored");
    RolloutCountBatches.Joined third = counts.add("r:1", "stored");
    RolloutCountBatches.Joined fourth = counts.add("r:1", "timeout");
    RolloutCountBatches.Joined other = counts.add("r:2", "stored");
    assertThat(second.sendNow()).isFalse();
    assertThat(third.batch())
        .isSameAs(second.batch())
        .isSameAs(fourth.batch())
        .isSameAs(other.batch())
        .isNotSameAs(first.batch());

    assertThat(counts.sent()).as("the queued batch is next").isSameAs(second.batch());
    assertThat(counts.take())
        .isEqualTo(Map.of("r:1", Map.of("stored", 2L, "timeout", 1L), "r:2", Map.of("stored", 1L)));
    assertThat(counts.sent()).as("nothing queued behind it").isNull();
    assertThat(counts.add("r:1", "stored").sendNow()).as("idle again").isTrue();
  }
}
