package dev.handoff.sidecar.store;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Sends what was buffered on a connection that does not flush by itself: at once when nothing is in
 * flight, else when the reply to the last command of the batch in flight comes in (Redis answers in
 * order). A drain's thousands of SETs thus cost a few dozen socket writes instead of one each, with
 * no timer and no added wait for a lone command.
 */
final class FlushBatches {
  private final Runnable flush;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final AtomicReference<CompletionStage<?>> last = new AtomicReference<>();

  /**
   * @param flush writes every buffered command to the socket
   */
  FlushBatches(Runnable flush) {
    this.flush = flush;
  }

  /**
   * Buffers {@code command} (the supplier issues it) and flushes if nothing is in flight; returns
   * its reply.
   */
  <T extends CompletionStage<?>> T send(Supplier<T> command) {
    T f = command.get();
    last.set(f);
    flushIfIdle();
    return f;
  }

  private void flushIfIdle() {
    if (!inFlight.compareAndSet(false, true)) return;
    CompletionStage<?> end = last.get();
    flush.run();
    end.whenComplete(
        (r, e) -> {
          inFlight.set(false);
          // A command buffered after `end` was read is either in this flush or still waiting for
          // one.
          if (last.get() != end) flushIfIdle();
        });
  }
}
