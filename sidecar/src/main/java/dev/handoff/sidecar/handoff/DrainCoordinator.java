package dev.handoff.sidecar.handoff;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Knows every live socket and ends them all when the pod goes away: turns the pod unready, hands
 * every opted-in socket off concurrently, closes the rest, and reports — within the drain timeout,
 * whatever the clients or the store do. A socket whose upgrade was under way when the drain began
 * joins the drain as soon as it opens, so it is handed off too instead of being cut at the end.
 */
public final class DrainCoordinator {
  public enum Phase {
    SERVING,
    DRAINING,
    DRAINED
  }

  private static final Duration WARMUP_AFTER = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final SidecarConfig config;
  private final HandoffRecorder metrics;
  private final EventLog log;
  private final Set<Drainable> live = ConcurrentHashMap.newKeySet();
  private final Promise<DrainReport> finished = Promise.promise();
  private final Promise<Void> allHandedOff = Promise.promise();
  private final Map<SnapshotOutcome, AtomicInteger> outcomes = new EnumMap<>(SnapshotOutcome.class);
  private final AtomicInteger plain = new AtomicInteger();
  private final AtomicInteger optedIn = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private int upgrading;
  private volatile Phase phase = Phase.SERVING;

  public DrainCoordinator(
      Vertx vertx, SidecarConfig config, HandoffRecorder metrics, EventLog log) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.log = log;
    for (SnapshotOutcome o : SnapshotOutcome.values()) outcomes.put(o, new AtomicInteger());
    // After start-up (which it would only slow down), on a worker thread: see DrainWarmup.
    vertx.setTimer(
        WARMUP_AFTER.toMillis(),
        t ->
            vertx.executeBlocking(
                () -> DrainWarmup.run(config.app(), config.maxStateBytes()), false));
  }

  public Phase phase() {
    return phase;
  }

  /** False from the moment a drain starts: readiness fails and new upgrades are refused. */
  public boolean serving() {
    return phase == Phase.SERVING;
  }

  /**
   * Lets an upgrade in, unless a drain has begun. Every admitted upgrade ends in {@link #opened} or
   * {@link #abandoned}; a drain waits for the ones under way, since each may become a socket to
   * hand off.
   */
  public synchronized boolean admit() {
    if (phase != Phase.SERVING) return false;
    upgrading++;
    return true;
  }

  /** An admitted upgrade became a socket; one that opens during a drain is handed off at once. */
  public synchronized void opened(Drainable socket) {
    upgrading--;
    switch (phase) {
      case SERVING -> live.add(socket);
      case DRAINING -> {
        live.add(socket);
        log.info("late_socket_joins_drain", 0);
        handOff(socket);
        settle();
      }
      case DRAINED -> socket.abort();
    }
  }

  /** An admitted upgrade failed or was refused before it became a socket. */
  public synchronized void abandoned() {
    upgrading--;
    if (phase == Phase.DRAINING) settle();
  }

  public void closed(Drainable socket) {
    live.remove(socket);
  }

  /** Completes when a drain (started by anyone) has finished. */
  public Future<DrainReport> finished() {
    return finished.future();
  }

  /** Starts the drain, or joins the one under way. */
  public synchronized Future<DrainReport> drain() {
    if (phase != Phase.SERVING) return finished.future();
    phase = Phase.DRAINING;
    long started = System.nanoTime();
    metrics.drainStarted();
    List<Drainable> sockets = new ArrayList<>(live);
    log.info(
        "drain_started",
        0,
        "sockets",
        sockets.size(),
        "upgrading",
        upgrading,
        "timeout_ms",
        config.drainTimeout().toMillis());
    // One count for the start itself, so the drain cannot end before every socket was asked, and
    // one for
    // each upgrade under way.
    pending.addAndGet(1 + upgrading);
    sockets.forEach(this::handOff);
    settle();
    long timer = vertx.setTimer(config.drainTimeout().toMillis(), t -> allHandedOff.tryComplete());
    allHandedOff.future().onComplete(v -> finish(started, timer));
    return finished.future();
  }

  private void handOff(Drainable socket) {
    pending.incrementAndGet();
    socket
        .drain()
        .onComplete(
            ar -> {
              live.remove(socket);
              if (ar.succeeded() && ar.result() != null) {
                optedIn.incrementAndGet();
                outcomes.get(ar.result()).incrementAndGet();
              } else {
                plain.incrementAndGet();
              }
              settle();
            });
  }

  private void settle() {
    if (pending.decrementAndGet() == 0) allHandedOff.tryComplete();
  }

  private synchronized void finish(long started, long timer) {
    vertx.cancelTimer(timer);
    phase = Phase.DRAINED;
    int aborted = 0;
    for (Drainable leftover : new ArrayList<>(live)) {
      leftover.abort();
      live.remove(leftover);
      aborted++;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    metrics.drainFinished(took);
    DrainReport report =
        new DrainReport(
            took.toMillis(),
            optedIn.get(),
            outcomes.get(SnapshotOutcome.STORED).get(),
            outcomes.get(SnapshotOutcome.TOO_LARGE).get(),
            outcomes.get(SnapshotOutcome.TIMEOUT).get(),
            outcomes.get(SnapshotOutcome.STORE_ERROR).get(),
            plain.get(),
            aborted);
    log.info(
        "drain_finished",
        0,
        "took_ms",
        report.durationMillis(),
        "opted_in",
        report.optedIn(),
        "stored",
        report.stored(),
        "too_large",
        report.tooLarge(),
        "timeout",
        report.timeout(),
        "store_error",
        report.storeError(),
        "plain_closed",
        report.plainClosed(),
        "aborted",
        aborted);
    finished.complete(report);
  }
}
