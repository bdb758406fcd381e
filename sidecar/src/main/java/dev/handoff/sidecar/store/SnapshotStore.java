package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisKeys;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Where snapshots wait between the draining pod and the restoring one. Keys come from {@link RedisKeys};
 * values are encoded {@link SnapshotEnvelope}s. Operations complete on the store's own threads: callers move
 * back to their event loop (e.g. {@code Future.fromCompletionStage(stage, context)}).
 */
public interface SnapshotStore extends AutoCloseable {

  /** Stores a snapshot under a key that does not exist yet, expiring after {@code ttl}. */
  CompletionStage<Void> put(String key, String envelope, Duration ttl);

  /**
   * Stores the versions of a snapshot beside it (never overwriting), expiring with it, where {@link #versionsOf}
   * reads them without taking the snapshot. Never sealed: callers store versions only.
   */
  CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl);

  /** The versions stored by {@link #putVersions}, read-only; empty when there are none. */
  CompletionStage<Optional<String>> versionsOf(String versionsKey);

  /** Takes a snapshot out (read and delete in one step, so a token works once); empty when there is none. */
  CompletionStage<Optional<String>> take(String key);

  /** Puts back a snapshot whose restore failed before the client saw it; never overwrites a newer one. */
  CompletionStage<Void> putBack(String key, String envelope, Duration ttl);

  /** Adds one to a rollout counter ({@link RedisKeys#rollout}); best effort, failures are ignored. */
  CompletionStage<Void> count(String rolloutKey, String field);

  /** Says that a ready pod of {@code app} runs {@code version}, until {@code ttl} from now (renewed while ready). */
  CompletionStage<Void> announce(String app, long version, Duration ttl);

  /** The versions of {@code app} that have a ready pod right now (announced and not run out). */
  CompletionStage<Set<Long>> readyVersions(String app);

  /** The newest version of {@code app} that has a ready pod right now, or -1 when none is known. */
  default CompletionStage<Long> newestReady(String app) {
    return readyVersions(app).thenApply(versions -> versions.stream().mapToLong(Long::longValue).max().orElse(-1));
  }

  /** Adds one to a counter that expires {@code ttl} after it was first counted; returns the new value. */
  CompletionStage<Long> increment(String key, Duration ttl);

  /** A human word for logs and the start-up line, never the URL (it may carry a password). */
  String describe();

  @Override
  void close();
}
