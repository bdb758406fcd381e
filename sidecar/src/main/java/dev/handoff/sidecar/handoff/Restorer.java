package dev.handoff.sidecar.handoff;

import dev.handoff.contract.RedisKeys;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.store.RolloutCounters;
import dev.handoff.sidecar.store.SnapshotStore;
import dev.handoff.sidecar.store.SnapshotUnreadableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;

/**
 * Takes the snapshot behind a presented token out of the store and decides what the client gets.
 */
public final class Restorer {
  private final SidecarConfig config;
  private final SnapshotStore snapshots;
  private final RolloutCounters rolloutCounters;
  private final HandoffRecorder metrics;
  private final EventLog log;
  private final VersionWindow window;
  private final JsonScan scan;
  private final String rolloutKey;

  public Restorer(
      SidecarConfig config,
      SnapshotStore snapshots,
      RolloutCounters rolloutCounters,
      HandoffRecorder metrics,
      EventLog log) {
    this.config = config;
    this.snapshots = snapshots;
    this.rolloutCounters = rolloutCounters;
    this.metrics = metrics;
    this.log = log;
    this.window = new VersionWindow(config.version(), config.versionWindow());
    this.scan = new JsonScan(128, Integer.MAX_VALUE);
    this.rolloutKey = RedisKeys.rollout(config.app(), config.version());
  }

  /**
   * Never fails: a store error becomes a {@code STORE_ERROR} decision and the connection goes on.
   */
  public Future<Restore> take(String token, String binding, Context context, long conn) {
    if (!HandoffToken.isWellFormed(token)) {
      return Future.succeededFuture(Restore.of(RestoreOutcome.INVALID));
    }
    String key = RedisKeys.snapshot(config.app(), HandoffToken.hash(token));
    long started = System.nanoTime();
    return Future.fromCompletionStage(snapshots.take(key), context)
        .map(
            found -> {
              metrics.storeTake(Duration.ofNanos(System.nanoTime() - started));
              if (found.isEmpty()) return Restore.of(RestoreOutcome.EXPIRED);
              SnapshotEnvelope envelope;
              try {
                envelope = SnapshotEnvelope.decode(scan, found.get());
              } catch (IOException e) {
                return Restore.of(RestoreOutcome.INVALID);
              }
              if (!envelope.app().equals(config.app())) return Restore.of(RestoreOutcome.INVALID);
              if (envelope.binding() != null && !envelope.binding().equals(binding)) {
                // Another browser holds this token: refuse it, but keep the snapshot for its owner.
                snapshots.putBack(key, found.get(), config.snapshotTtl());
                log.warn("restore_binding_mismatch", conn);
                return Restore.of(RestoreOutcome.INVALID);
              }
              if (!window.restores(SnapshotVersions.of(envelope)))
                return Restore.of(RestoreOutcome.REFRESH);
              return new Restore(RestoreOutcome.RESTORED, envelope, key);
            })
        .otherwise(
            err -> {
              Throwable cause =
                  err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                      ? err.getCause()
                      : err;
              if (cause instanceof SnapshotUnreadableException) {
                log.warn(
                    "restore_unreadable_snapshot",
                    conn,
                    "reason",
                    cause.getMessage().replace(' ', '_'));
                return Restore.of(RestoreOutcome.INVALID);
              }
              log.warn("restore_store_error", conn, "error", cause.getClass().getSimpleName());
              return Restore.of(RestoreOutcome.STORE_ERROR);
            });
  }

  /** The client has its answer: count it. */
  public void settled(Restore restore, long conn) {
    metrics.restore(restore.outcome());
    String outcome = restore.outcome().counter().field();
    rolloutCounters.count(rolloutKey, outcome);
    if (restore.restored()) {
      log.info("restored", conn, "from_version", restore.envelope().version());
    } else {
      log.info("restore_" + outcome, conn);
    }
  }

  /**
   * The client never saw its {@code hello}: the snapshot goes back for the client's next attempt.
   */
  public void putBack(Restore restore, long conn) {
    if (restore.envelope() == null) return;
    snapshots
        .putBack(restore.key(), restore.envelope().encode(), config.snapshotTtl())
        .whenComplete((ok, err) -> log.info("snapshot_put_back", conn, "ok", err == null));
  }
}
