package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.RolloutCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OutcomeCountersTest {

  @Test
  void everyRolloutCounterIsWrittenByExactlyOneOutcome() {
    List<RolloutCounter> written = new ArrayList<>();
    Stream.of(SnapshotOutcome.values()).map(SnapshotOutcome::counter).forEach(written::add);
    Stream.of(RestoreOutcome.values()).map(RestoreOutcome::counter).forEach(written::add);

    assertThat(written).containsExactlyInAnyOrder(RolloutCounter.values());
  }

  @Test
  void aRestoreThatCannotReadTheStoreCountsAsUnavailableNotAsTheDrainsStoreError() {
    assertThat(RestoreOutcome.STORE_ERROR.counter()).isEqualTo(RolloutCounter.UNAVAILABLE);
    assertThat(SnapshotOutcome.STORE_ERROR.counter()).isEqualTo(RolloutCounter.STORE_ERROR);
  }
}
