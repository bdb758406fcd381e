package dev.handoff.sidecar.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * With {@code waitReplicas}, a snapshot counts as stored only once enough replicas hold it. One
 * WAIT covers every earlier write of the connection, and WAIT blocks the connection while it runs,
 * so the snapshots of a drain share WAITs: those stored while one is under way join the next.
 */
final class ReplicationWaits {
  private final int replicas;
  private CompletableFuture<Long> inFlight;
  private CompletableFuture<Long> queued;

  ReplicationWaits(int replicas) {
    this.replicas = replicas;
  }

  /**
   * Completes once a WAIT sent after this call saw enough replicas; fails with {@link
   * ReplicasNotAcknowledgedException} when it saw fewer. {@code sendWait} sends one WAIT and
   * returns how many replicas acknowledged.
   */
  CompletionStage<Void> after(Supplier<? extends CompletionStage<Long>> sendWait) {
    if (replicas <= 0) return CompletableFuture.completedFuture(null);
    CompletableFuture<Long> batch;
    boolean send = false;
    synchronized (this) {
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        batch = inFlight;
        send = true;
      } else {
        if (queued == null) queued = new CompletableFuture<>();
        batch = queued;
      }
    }
    if (send) send(sendWait, batch);
    return batch.thenAccept(
        acked -> {
          if (acked < replicas) throw new ReplicasNotAcknowledgedException(acked, replicas);
        });
  }

  private void send(
      Supplier<? extends CompletionStage<Long>> sendWait, CompletableFuture<Long> batch) {
    CompletionStage<Long> reply;
    try {
      reply = sendWait.get();
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (acked, err) -> {
          if (err != null) batch.completeExceptionally(err);
          else batch.complete(acked);
          CompletableFuture<Long> next;
          synchronized (this) {
            next = queued;
            queued = null;
            inFlight = next;
          }
          if (next != null) send(sendWait, next);
        });
  }
}
