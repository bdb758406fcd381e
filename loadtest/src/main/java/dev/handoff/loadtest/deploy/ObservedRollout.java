package dev.handoff.loadtest.deploy;

import dev.handoff.loadtest.client.DeployTally;
import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.report.DeployResult;
import dev.handoff.loadtest.report.Percentiles;
import dev.handoff.loadtest.report.ResourceSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Against a deployment someone else rolls ({@code kubectl rollout restart}): the clients hold their
 * sockets and count hand-offs as they come, filed under the version of the pod that drained them.
 * It is over when every client is back on a live socket {@code deploys} versions past where it
 * started, or at the deadline.
 */
public final class ObservedRollout {
  private final Fleet fleet;
  private final Timeline timeline;
  private final int deploys;
  private final Duration deadline;

  public ObservedRollout(Fleet fleet, Timeline timeline, int deploys, Duration deadline) {
    this.fleet = fleet;
    this.timeline = timeline;
    this.deploys = deploys;
    this.deadline = deadline;
  }

  public List<DeployResult> watch() {
    long base = fleet.lowestConnectedVersion();
    long target = base + deploys;
    timeline.phase(
        "watching v" + base + ": run `kubectl rollout restart` now (waiting for v" + target + ")");
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end
        && !(fleet.allSettled() && fleet.lowestConnectedVersion() >= target)) {
      try {
        Thread.sleep(
            50); // the clients do the work on the event loops; this thread only watches them
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long unsettled = fleet.inTransit();
    List<DeployResult> results = new ArrayList<>();
    Map<Long, DeployTally> byVersion = new TreeMap<>(fleet.ledger().all());
    int index = 0;
    for (Map.Entry<Long, DeployTally> e : byVersion.entrySet()) {
      DeployTally t = e.getValue();
      boolean last = ++index == byVersion.size();
      long[] handoffMicros = t.handoffLatency().sorted();
      results.add(
          new DeployResult(
              index,
              e.getKey(),
              e.getKey() + 1,
              0,
              timeline.elapsedMillis(),
              fleet.size(),
              t.handedOff(),
              t.tokens(),
              t.restored(),
              t.refreshed(),
              t.lost(),
              t.dropped(),
              last ? unsettled : 0,
              t.retries(),
              t.lostReasons(),
              List.of(),
              Percentiles.of(handoffMicros),
              Percentiles.of(t.reconnectLatency()),
              Percentiles.of(t.gap()),
              handoffMicros,
              Map.of(),
              ResourceSample.unknown()));
    }
    return results;
  }
}
