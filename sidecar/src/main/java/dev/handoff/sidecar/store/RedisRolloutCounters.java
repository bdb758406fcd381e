package dev.handoff.sidecar.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rollout counters on the write connection, summed while an increment is in flight and sent as one
 * {@code HINCRBY key field n} per field and one {@code EXPIRE} per hash (seven days).
 */
final class RedisRolloutCounters implements RolloutCounters {
  static final Duration COUNTER_TTL = Duration.ofDays(7);

  private final RedisConnection writer;
  private final RolloutCountBatches counts = new RolloutCountBatches();

  RedisRolloutCounters(RedisConnection writer) {
    this.writer = writer;
  }

  /** Completes once the increment reached Redis (or could not): never fails. */
  @Override
  public CompletionStage<Void> count(String rolloutKey, String field) {
    RolloutCountBatches.Joined joined = counts.add(rolloutKey, field);
    if (joined.sendNow()) send(joined.batch());
    return joined.batch();
  }

  /**
   * One HINCRBY per counter of the batch and one EXPIRE per hash; then the batch queued meanwhile,
   * if any.
   */
  private void send(CompletableFuture<Void> batch) {
    Map<String, Map<String, Long>> sums = counts.take();
    writer
        .get()
        .thenCompose(
            c -> {
              List<CompletableFuture<?>> replies = new ArrayList<>();
              sums.forEach(
                  (key, fields) -> {
                    fields.forEach(
                        (field, n) -> replies.add(c.hincrby(key, field, n).toCompletableFuture()));
                    replies.add(c.expire(key, COUNTER_TTL.toSeconds()).toCompletableFuture());
                  });
              return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
            })
        .whenComplete(
            (ok, err) -> {
              batch.complete(null);
              CompletableFuture<Void> next = counts.sent();
              if (next != null) send(next);
            });
  }
}
