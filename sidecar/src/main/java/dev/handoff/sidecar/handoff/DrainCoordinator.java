package dev.handoff.sidecar.handoff;

import dev.handoff.sidecar.EventLog;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import dev.handoff.sidecar.metrics.HandoffMetrics.SnapshotOutcome;
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
 * Knows every live socket and ends them all when the pod goes away: turns the pod unready, hands every
 * opted-in socket off concurrently, closes the rest, and reports — within the drain timeout, whatever the
 * clients or the store do.
 */
public final class DrainCoordinator {
  public enum Phase { SERVING, DRAINING, DRAINED }

  private final Vertx vertx;
  private final SidecarConfig config;
  private final HandoffMetrics metrics;
  private final EventLog log;
  private final Set<Drainable> live = ConcurrentHashMap.newKeySet();
  private final Promise<DrainReport> finished = Promise.promise();
  private volatile Phase phase = Phase.SERVING;

  public DrainCoordinator(Vertx vertx, SidecarConfig config, HandoffMetrics metrics, EventLog log) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.log = log;
  }

  public Phase phase() {
    return phase;
  }

  /** False from the moment a drain starts: readiness fails and new upgrades are refused. */
  public boolean serving() {
    return phase == Phase.SERVING;
  }

  public void opened(Drainable socket) {
    live.add(socket);
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
    log.info("drain_started", 0, "sockets", sockets.size(), "timeout_ms", config.drainTimeout().toMillis());

    Map<SnapshotOutcome, AtomicInteger> outcomes = new EnumMap<>(SnapshotOutcome.class);
    for (SnapshotOutcome o : SnapshotOutcome.values()) outcomes.put(o, new AtomicInteger());
    AtomicInteger plain = new AtomicInteger();
    AtomicInteger optedIn = new AtomicInteger();
    List<Future<SnapshotOutcome>> all = new ArrayList<>(sockets.size());
    for (Drainable socket : sockets) {
      all.add(socket.drain().andThen(ar -> {
        live.remove(socket);
        if (ar.succeeded() && ar.result() != null) {
          optedIn.incrementAndGet();
          outcomes.get(ar.result()).incrementAndGet();
        } else {
          plain.incrementAndGet();
        }
      }));
    }
    Promise<Void> allDone = Promise.promise();
    Future.join(all).onComplete(ar -> allDone.tryComplete());
    long timer = vertx.setTimer(config.drainTimeout().toMillis(), t -> allDone.tryComplete());
    allDone.future().onComplete(v -> {
      vertx.cancelTimer(timer);
      int aborted = 0;
      for (Drainable leftover : new ArrayList<>(live)) {
        leftover.abort();
        live.remove(leftover);
        aborted++;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      metrics.drainFinished(took);
      DrainReport report = new DrainReport(took.toMillis(), optedIn.get(),
          outcomes.get(SnapshotOutcome.STORED).get(), outcomes.get(SnapshotOutcome.TOO_LARGE).get(),
          outcomes.get(SnapshotOutcome.TIMEOUT).get(), outcomes.get(SnapshotOutcome.STORE_ERROR).get(),
          plain.get(), aborted);
      phase = Phase.DRAINED;
      log.info("drain_finished", 0, "took_ms", report.durationMillis(), "opted_in", report.optedIn(),
          "stored", report.stored(), "too_large", report.tooLarge(), "timeout", report.timeout(),
          "store_error", report.storeError(), "plain_closed", report.plainClosed(), "aborted", aborted);
      finished.complete(report);
    });
    return finished.future();
  }
}
