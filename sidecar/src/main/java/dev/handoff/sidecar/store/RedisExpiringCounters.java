package dev.handoff.sidecar.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code INCR}, and {@code PEXPIRE} when the counter was new; on the read connection (a restore
 * waits for it).
 */
final class RedisExpiringCounters implements ExpiringCounters {
  private final ReadConnections reader;

  RedisExpiringCounters(ReadConnections reader) {
    this.reader = reader;
  }

  @Override
  public CompletionStage<Long> increment(String key, Duration ttl) {
    return reader
        .get()
        .thenCompose(
            c ->
                c.incr(key)
                    .thenCompose(
                        n ->
                            n == 1
                                ? c.pexpire(key, ttl.toMillis()).thenApply(ok -> n)
                                : CompletableFuture.completedFuture(n)));
  }
}
