package dev.handoff.sidecar.handoff;

import dev.handoff.sidecar.EventLog;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.contract.RedisKeys;
import dev.handoff.sidecar.store.SnapshotStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Keeps handed-off clients from landing on another old pod during a rolling deploy, only to be handed off
 * again when that pod goes. Every ready sidecar announces its version in the store; while a newer version
 * has a ready pod, an old pod refuses restoring upgrades with 503 and the client retries elsewhere. A token
 * is refused at most {@link #MAX_REFUSALS} times, so a client is never turned away for good (a newer pod
 * that is ready but unreachable, say).
 */
public final class ReconnectSteering {
  public static final int MAX_REFUSALS = 10;
  private static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(1);
  private static final Duration ANNOUNCEMENT_TTL = Duration.ofSeconds(3);
  private static final Duration REFUSALS_TTL = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final SidecarConfig config;
  private final SnapshotStore store;
  private final DrainCoordinator drains;
  private final EventLog log;
  private volatile long newestReady = -1;

  /** The newest ready version seen at the last restoring upgrade, -1 before any; for logs and tests. */
  public long newestReadySeen() {
    return newestReady;
  }
  private long timer = -1;

  public ReconnectSteering(Vertx vertx, SidecarConfig config, SnapshotStore store, DrainCoordinator drains,
                           EventLog log) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.drains = drains;
    this.log = log;
  }

  /** Starts announcing this pod; stops announcing once a drain starts. */
  public void start() {
    tick();
    timer = vertx.setPeriodic(ANNOUNCE_EVERY.toMillis(), t -> tick());
  }

  private void tick() {
    if (drains.serving()) {
      store.announce(config.app(), config.version(), ANNOUNCEMENT_TTL);
    }
  }

  /** Whether this pod should send a restoring client on, to a ready pod of a newer version. Never fails. */
  public Future<Boolean> steerAway(String token, Context context, long conn) {
    // HANDOFF_STEERING=off: no look-up of newer versions before the restore, one store round trip less.
    if (!config.steering() || !HandoffToken.isWellFormed(token)) return Future.succeededFuture(false);
    // Asked afresh for every restoring upgrade: a new pod is often only a second old when the clients of the
    // pod it replaces come looking for it, and one round trip per restore is cheap.
    return Future.fromCompletionStage(store.newestReady(config.app()), context)
        .compose(newest -> {
          newestReady = newest;
          if (newest <= config.version()) return Future.succeededFuture(false);
          String key = RedisKeys.steered(config.app(), HandoffToken.hash(token));
          return Future.fromCompletionStage(store.increment(key, REFUSALS_TTL), context).map(refusals -> {
            boolean refuse = refusals <= MAX_REFUSALS;
            if (refuse) log.info("steered_to_newer_version", conn, "newer", newest, "refusal", refusals);
            return refuse;
          });
        })
        .otherwise(false);
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }
}
