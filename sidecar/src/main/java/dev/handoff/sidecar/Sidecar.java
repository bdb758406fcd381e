package dev.handoff.sidecar;

import dev.handoff.sidecar.admin.AdminServer;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.config.SnapshotKeys;
import dev.handoff.sidecar.handoff.ControlFrameParser;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.DrainReport;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.HandoffToken;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restorer;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import dev.handoff.sidecar.proxy.ProxyLoops;
import dev.handoff.sidecar.proxy.ProxyServer;
import dev.handoff.sidecar.store.HandoffStore;
import dev.handoff.sidecar.store.InMemoryStore;
import dev.handoff.sidecar.store.RedisStore;
import dev.handoff.sidecar.store.SealedSnapshotStore;
import dev.handoff.sidecar.store.SnapshotKeyRing;
import dev.handoff.sidecar.store.SnapshotStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One running sidecar: the proxied port, the admin port and the drain. {@link Main} runs one per
 * process; the local rolling deploy runs several in one JVM over a shared store, drained through
 * the same {@link #drain()} that SIGTERM uses.
 */
public final class Sidecar {
  /**
   * A drain pipelines one SET per socket on one connection: with thousands of sockets on a busy
   * node the last ones wait seconds in the queue (2 s lost 0.9 % of 10,000 clients in a soak). A
   * Redis that is down fails at once instead (commands are rejected while disconnected), so this
   * only bounds a slow one.
   */
  private static final Duration STORE_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final SidecarConfig config;
  private final HandoffStore store;
  private final boolean ownsStore;
  private final DrainCoordinator drains;
  private final ProxyServer proxy;
  private final AdminServer admin;
  private final ReconnectSteering steering;
  private int proxyPort;
  private int adminPort;

  private Sidecar(
      Vertx vertx,
      SidecarConfig config,
      HandoffStore store,
      boolean ownsStore,
      Optional<SealedSnapshotStore> sealed,
      ProxyLoops loops) {
    this.config = config;
    this.store = store;
    this.ownsStore = ownsStore;
    SnapshotStore snapshots = sealed.<SnapshotStore>map(s -> s).orElse(store.snapshots());
    EventLog log = new EventLog(config.app(), config.version());
    HandoffMetrics metrics = new HandoffMetrics(config.app(), config.version());
    this.drains = new DrainCoordinator(vertx, config, metrics, log);
    Restorer restorer = new Restorer(config, snapshots, store.rolloutCounters(), metrics, log);
    HandoffSession.Shared shared =
        new HandoffSession.Shared(
            config,
            snapshots,
            store.rolloutCounters(),
            metrics,
            log,
            new HandoffToken(new SecureRandom()),
            new ControlFrameParser(config.maxStateBytes()));
    this.steering =
        new ReconnectSteering(
            vertx, config, snapshots, store.readyVersions(), store.expiringCounters(), drains, log);
    this.proxy = new ProxyServer(vertx, config, loops, restorer, steering, drains, shared, metrics);
    this.admin = new AdminServer(vertx, config, drains, metrics);
  }

  /** Starts a sidecar on the store its config names (Redis, or in memory when no URL is set). */
  public static Future<Sidecar> start(Vertx vertx, SidecarConfig config) {
    ProxyLoops loops = loops(vertx, config);
    if (config.redisUrl().isEmpty()) {
      new EventLog(config.app(), config.version())
          .warn(
              "in_memory_store",
              0,
              "note",
              "HANDOFF_REDIS_URL is unset: snapshots live in this process only and cannot reach another pod");
      return start(vertx, config, loops, new InMemoryStore(), true, Future.succeededFuture());
    }
    String url = config.redisUrl().get();
    // The store's connections share the proxied port's loops: see StoreEventLoop.
    return startBuilding(
        vertx,
        config,
        loops,
        () ->
            new RedisStore(
                url,
                new RedisStore.Options(
                    STORE_COMMAND_TIMEOUT,
                    config.redisWaitReplicas(),
                    config.redisWaitTimeout(),
                    config.redisCaFile()),
                loops.eventLoops()));
  }

  /**
   * Starts while {@code factory} builds the store on its own thread; the sidecar owns that store.
   */
  static Future<Sidecar> startBuilding(
      Vertx vertx, SidecarConfig config, Supplier<HandoffStore> factory) {
    return startBuilding(vertx, config, loops(vertx, config), factory);
  }

  private static Future<Sidecar> startBuilding(
      Vertx vertx, SidecarConfig config, ProxyLoops loops, Supplier<HandoffStore> factory) {
    BackgroundStore store = BackgroundStore.build(factory, "redis");
    return start(vertx, config, loops, store, true, Future.fromCompletionStage(store.built()));
  }

  /** Starts a sidecar on a store the caller owns (and closes). */
  public static Future<Sidecar> start(Vertx vertx, SidecarConfig config, HandoffStore store) {
    return start(vertx, config, loops(vertx, config), store, false, Future.succeededFuture());
  }

  private static ProxyLoops loops(Vertx vertx, SidecarConfig config) {
    return ProxyLoops.create(vertx, config.eventLoops());
  }

  /** {@code storeBuilt}: start-up fails, as it always did, when the store cannot even be built. */
  private static Future<Sidecar> start(
      Vertx vertx,
      SidecarConfig config,
      ProxyLoops loops,
      HandoffStore store,
      boolean owns,
      Future<Void> storeBuilt) {
    // Only the snapshots are sealed: counters and ready versions hold nothing secret.
    Optional<SealedSnapshotStore> sealed =
        config
            .snapshotKeys()
            .map(keys -> new SealedSnapshotStore(store.snapshots(), keyRing(keys)));
    Sidecar sidecar = new Sidecar(vertx, config, store, owns, sealed, loops);
    // The admin port (readiness) opens only once the store exists: a ready sidecar has its SIGTERM
    // drain in
    // place (Main installs it when start completes), and a drain has a store to hand off to.
    return sidecar
        .proxy
        .listen()
        .compose(p -> storeBuilt.map(p))
        .compose(
            p -> {
              sidecar.proxyPort = p;
              return sidecar.admin.listen();
            })
        .map(
            a -> {
              sidecar.adminPort = a;
              if (config.steering()) sidecar.steering.start();
              new EventLog(config.app(), config.version())
                  .info(
                      "started",
                      0,
                      "listen",
                      sidecar.proxyPort,
                      "admin",
                      a,
                      "upstream",
                      config.upstream(),
                      "store",
                      store.describe() + sealed.map(s -> ", " + s.describe()).orElse(""),
                      "drain_timeout",
                      config.drainTimeout().toMillis() + "ms");
              return sidecar;
            })
        .recover(err -> sidecar.close().transform(v -> Future.failedFuture(err)));
  }

  /** The store's cipher keys, from the key material the configuration checked. */
  private static SnapshotKeyRing keyRing(SnapshotKeys keys) {
    Map<String, byte[]> material = new LinkedHashMap<>();
    for (String kid : keys.ids()) material.put(kid, keys.key(kid));
    return new SnapshotKeyRing(keys.activeId(), material);
  }

  public int proxyPort() {
    return proxyPort;
  }

  public int adminPort() {
    return adminPort;
  }

  public SidecarConfig config() {
    return config;
  }

  public boolean ready() {
    return drains.serving();
  }

  /** The drain SIGTERM and {@code POST /drain} run; joins the one under way if any. */
  public Future<DrainReport> drain() {
    return drains.drain();
  }

  public Future<Void> close() {
    steering.stop();
    return Future.join(proxy.close(), admin.close())
        .andThen(
            v -> {
              if (ownsStore) store.close();
            })
        .mapEmpty();
  }
}
