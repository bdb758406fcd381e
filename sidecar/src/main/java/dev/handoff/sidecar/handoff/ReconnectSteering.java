package dev.handoff.sidecar.handoff;

import dev.handoff.contract.RedisKeys;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.store.ExpiringCounters;
import dev.handoff.sidecar.store.ReadyVersions;
import dev.handoff.sidecar.store.SnapshotStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Keeps handed-off clients from landing on another old pod during a rolling deploy, only to be
 * handed off again when that pod goes. Every ready sidecar announces its version in the store;
 * while a newer version that can still restore the snapshot has a ready pod, an old pod refuses
 * restoring upgrades with 503 and the client retries elsewhere. A newer version outside the
 * snapshot's window would only tell the client to refresh, so it never draws a client away from a
 * version that restores it. A token is refused at most {@link #MAX_REFUSALS} times, so a client is
 * never turned away for good (a newer pod that is ready but unreachable, say).
 */
public final class ReconnectSteering {
  public static final int MAX_REFUSALS = 10;
  private static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(1);
  private static final Duration ANNOUNCEMENT_TTL = Duration.ofSeconds(3);
  private static final Duration REFUSALS_TTL = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final SidecarConfig config;
  private final SnapshotStore snapshots;
  private final ReadyVersions readyVersions;
  private final ExpiringCounters refusals;
  private final DrainCoordinator drains;
  private final EventLog log;
  private final VersionWindow window;
  private final JsonScan scan = new JsonScan(4, 64);
  private long timer = -1;

  /**
   * @param snapshots read for the versions beside a snapshot only, never taken from
   * @param refusals how often each token was refused lately
   */
  public ReconnectSteering(
      Vertx vertx,
      SidecarConfig config,
      SnapshotStore snapshots,
      ReadyVersions readyVersions,
      ExpiringCounters refusals,
      DrainCoordinator drains,
      EventLog log) {
    this.vertx = vertx;
    this.config = config;
    this.snapshots = snapshots;
    this.readyVersions = readyVersions;
    this.refusals = refusals;
    this.drains = drains;
    this.log = log;
    this.window = new VersionWindow(config.version(), config.versionWindow());
  }

  /** Starts announcing this pod; stops announcing once a drain starts. */
  public void start() {
    tick();
    timer = vertx.setPeriodic(ANNOUNCE_EVERY.toMillis(), t -> tick());
  }

  private void tick() {
    if (drains.serving()) {
      readyVersions.announce(config.app(), config.version(), ANNOUNCEMENT_TTL);
    }
  }

  /**
   * Whether this pod should send a restoring client on, to a ready pod of a newer version. Never
   * fails.
   */
  public Future<Boolean> steerAway(String token, Context context, long conn) {
    // HANDOFF_STEERING=off: no look-up of newer versions before the restore, one store round trip
    // less.
    if (!config.steering() || !HandoffToken.isWellFormed(token))
      return Future.succeededFuture(false);
    // Asked afresh for every restoring upgrade: a new pod is often only a second old when the
    // clients of the
    // pod it replaces come looking for it. Both asked at once, one round trip; the snapshot itself
    // stays put.
    String tokenHash = HandoffToken.hash(token);
    Future<Set<Long>> ready = Future.fromCompletionStage(readyVersions.of(config.app()), context);
    Future<Optional<String>> versions =
        Future.fromCompletionStage(
            snapshots.versionsOf(RedisKeys.snapshotVersions(config.app(), tokenHash)), context);
    return Future.all(ready, versions)
        .compose(
            both -> {
              Optional<SnapshotVersions> snapshot =
                  versions.result().flatMap(v -> SnapshotVersions.decode(scan, v));
              OptionalLong target = target(ready.result(), snapshot);
              if (target.isEmpty()) return Future.succeededFuture(false);
              long newer = target.getAsLong();
              String key = RedisKeys.steered(config.app(), tokenHash);
              return Future.fromCompletionStage(refusals.increment(key, REFUSALS_TTL), context)
                  .map(
                      refusals -> {
                        boolean refuse = refusals <= MAX_REFUSALS;
                        if (refuse)
                          log.info(
                              "steered_to_newer_version",
                              conn,
                              "newer",
                              newer,
                              "refusal",
                              refusals);
                        return refuse;
                      });
            })
        .otherwise(false);
  }

  /**
   * The newest ready version above this pod's that restores the snapshot, if any. Without the
   * snapshot's versions the newest newer version will do, as it did before versions were recorded:
   * with no snapshot behind the token there is nothing to lose, and a snapshot from a sidecar that
   * recorded none is rare and only during its upgrade.
   */
  private OptionalLong target(Set<Long> ready, Optional<SnapshotVersions> snapshot) {
    return ready.stream()
        .mapToLong(Long::longValue)
        .filter(v -> v > config.version())
        .filter(v -> snapshot.map(s -> window.at(v).restores(s)).orElse(true))
        .max();
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }
}
