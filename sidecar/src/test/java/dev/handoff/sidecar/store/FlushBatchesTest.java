package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write connection's flushing, with replies completed by hand: no server, no timer. */
class FlushBatchesTest {
  private final AtomicInteger flushes = new AtomicInteger();
  private final FlushBatches batches = new FlushBatches(flushes::incrementAndGet);

  private CompletableFuture<String> send() {
    return batches.send(CompletableFuture::new);
  }

  @Test
  void aLoneCommandIsFlushedAtOnce() {
    send();
    assertThat(flushes).hasValue(1);
  }

  @Test
  void commandsThatArriveWhileABatchIsInFlightGoOutTogetherWhenItsLastReplyIsIn() {
    CompletableFuture<String> first = send();
    CompletableFuture<String> second = send();
    CompletableFuture<String> third = send();
    assertThat(flushes).as("second and third wait for the first batch").hasValue(1);

    first.complete("OK");
    assertThat(flushes).as("one flush for both").hasValue(2);

    second.complete("OK");
    assertThat(flushes).as("the batch ends with its last command, the third").hasValue(2);
    third.complete("OK");
    assertThat(flushes).as("nothing waits: no flush").hasValue(2);

    send();
    assertThat(flushes).as("idle again: at once").hasValue(3);
  }

  @Test
  void aFailedReplyEndsItsBatchLikeAnyOther() {
    CompletableFuture<String> first = send();
    send();
    first.completeExceptionally(new RuntimeException("timeout"));
    assertThat(flushes).hasValue(2);
  }
}
