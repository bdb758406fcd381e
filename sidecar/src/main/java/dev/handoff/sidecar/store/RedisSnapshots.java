package dev.handoff.sidecar.store;

import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Snapshots in Redis: {@code SET key value PX ttl NX} on the write connection to store (with a
 * shared {@code WAIT} when replicas must acknowledge), {@code GETDEL} on the read connection to
 * take, so a restore never waits behind a drain's batch.
 */
final class RedisSnapshots implements SnapshotStore {
  private final ReadConnections reader;
  private final RedisConnection writer;
  private final int waitReplicas;
  private final Duration waitTimeout;
  private final ReplicationWaits waits;

  RedisSnapshots(
      ReadConnections reader, RedisConnection writer, int waitReplicas, Duration waitTimeout) {
    this.reader = reader;
    this.writer = writer;
    this.waitReplicas = waitReplicas;
    this.waitTimeout = waitTimeout;
    this.waits = new ReplicationWaits(waitReplicas);
  }

  @Override
  public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
    return writer
        .get()
        .thenCompose(
            c ->
                c.set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx())
                    .thenCompose(
                        reply -> {
                          if (!"OK".equals(reply)) throw new SnapshotKeyTakenException();
                          return waits.after(
                              () -> c.waitForReplication(waitReplicas, waitTimeout.toMillis()));
                        }));
  }

  /**
   * On the write connection, right behind its snapshot's SET: in the same batch, so it costs no
   * round trip.
   */
  @Override
  public CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl) {
    return writer
        .get()
        .thenCompose(c -> c.set(versionsKey, versions, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {});
  }

  @Override
  public CompletionStage<Optional<String>> versionsOf(String versionsKey) {
    return reader.get().thenCompose(c -> c.get(versionsKey)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Optional<String>> take(String key) {
    return reader.get().thenCompose(c -> c.getdel(key)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
    return writer
        .get()
        .thenCompose(c -> c.set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {});
  }
}
