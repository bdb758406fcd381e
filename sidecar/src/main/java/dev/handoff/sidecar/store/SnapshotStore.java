package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisKeys;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where snapshots wait between the draining pod and the restoring one, with the versions each was
 * taken at beside it. Keys come from {@link RedisKeys}; values are encoded snapshot envelopes.
 * Operations complete on the store's own threads: callers move back to their event loop (e.g.
 * {@code Future.fromCompletionStage(stage, context)}). Failures are {@link
 * SnapshotStoreException}s, or the client library's own connection errors.
 */
public interface SnapshotStore {

  /** Stores a snapshot under a key that does not exist yet, expiring after {@code ttl}. */
  CompletionStage<Void> put(String key, String envelope, Duration ttl);

  /**
   * Stores the versions of a snapshot beside it (never overwriting), expiring with it, where {@link
   * #versionsOf} reads them without taking the snapshot. Never sealed: callers store versions only.
   */
  CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl);

  /** The versions stored by {@link #putVersions}, read-only; empty when there are none. */
  CompletionStage<Optional<String>> versionsOf(String versionsKey);

  /**
   * Takes a snapshot out (read and delete in one step, so a token works once); empty when there is
   * none.
   */
  CompletionStage<Optional<String>> take(String key);

  /**
   * Puts back a snapshot whose restore failed before the client saw it; never overwrites a newer
   * one.
   */
  CompletionStage<Void> putBack(String key, String envelope, Duration ttl);
}
