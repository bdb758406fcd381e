package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The snapshots of a drain share WAITs: those stored while one is under way join the next. */
class ReplicationWaitsTest {
  private final List<CompletableFuture<Long>> sent = new ArrayList<>();

  private CompletableFuture<Long> sendWait() {
    CompletableFuture<Long> reply = new CompletableFuture<>();
    sent.add(reply);
    return reply;
  }

  @Test
  void withoutReplicasNoWaitIsSent() {
    assertThat(new ReplicationWaits(0).after(this::sendWait)).isCompleted();
    assertThat(sent).isEmpty();
  }

  @Test
  void snapshotsStoredWhileAWaitRunsShareTheNextOne() {
    ReplicationWaits waits = new ReplicationWaits(1);
    CompletionStage<Void> first = waits.after(this::sendWait);
    CompletionStage<Void> second = waits.after(this::sendWait);
    CompletionStage<Void> third = waits.after(this::sendWait);
    assertThat(sent).hasSize(1);

    sent.get(0).complete(1L);
    assertThat(first).isCompleted();
    assertThat(sent).as("one WAIT for the second and third").hasSize(2);
    assertThat(second).isNotDone();

    sent.get(1).complete(1L);
    assertThat(second).isCompleted();
    assertThat(third).isCompleted();
    assertThat(sent).hasSize(2);
  }

  @Test
  void tooFewAcknowledgementsSayHowMany() {
    ReplicationWaits waits = new ReplicationWaits(2);
    CompletionStage<Void> stored = waits.after(this::sendWait);
    sent.get(0).complete(1L);
    assertThatThrownBy(() -> stored.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ReplicasNotAcknowledgedException.class,
            e -> {
              assertThat(e.acknowledged()).isEqualTo(1);
              assertThat(e.wanted()).isEqualTo(2);
            });
  }

  @Test
  void aFailedWaitFailsItsSnapshotsAndTheNextWaitIsStillSent() {
    ReplicationWaits waits = new ReplicationWaits(1);
    CompletionStage<Void> first = waits.after(this::sendWait);
    CompletionStage<Void> second = waits.after(this::sendWait);
    sent.get(0).completeExceptionally(new RuntimeException("connection lost"));
    assertThat(first.toCompletableFuture()).isCompletedExceptionally();
    assertThat(sent).hasSize(2);
    sent.get(1).complete(1L);
    assertThat(second).isCompleted();
  }
}
