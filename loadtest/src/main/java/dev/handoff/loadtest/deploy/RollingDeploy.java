package dev.handoff.loadtest.deploy;

import dev.handoff.loadtest.client.DeployTally;
import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.cluster.Cluster;
import dev.handoff.loadtest.cluster.Pod;
import dev.handoff.loadtest.cluster.PodStop;
import dev.handoff.loadtest.report.DeployResult;
import dev.handoff.loadtest.report.Percentiles;
import dev.handoff.loadtest.report.ResourceSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rolling deploys the way a Deployment with maxSurge 1 and maxUnavailable 0 does them: start a pod
 * of the new version, wait until it is ready and in the balancer, terminate one old pod (drain,
 * then gone), repeat until no old pod is left. The clients reconnect through the balancer on their
 * own; a deploy is over once every client is back on a live socket of the new version.
 */
public final class RollingDeploy {
  private final Cluster cluster;
  private final Fleet fleet;
  private final DeployPlan plan;
  private final Timeline timeline;
  private final List<Pod> live = new ArrayList<>();
  private final AtomicInteger replaced = new AtomicInteger();
  private int podsStarted;

  public RollingDeploy(Cluster cluster, Fleet fleet, DeployPlan plan, Timeline timeline) {
    this.cluster = cluster;
    this.fleet = fleet;
    this.plan = plan;
    this.timeline = timeline;
  }

  /**
   * Starts the first replicas (concurrently, as a fresh Deployment does) and puts them in the
   * balancer.
   */
  public void startReplicas() {
    timeline.phase("starting " + plan.pods() + " pods at v" + plan.firstVersion());
    ExecutorService starters = Executors.newFixedThreadPool(plan.pods());
    try {
      List<CompletableFuture<Pod>> starting = new ArrayList<>();
      for (int i = 0; i < plan.pods(); i++) {
        String name = nextName(plan.firstVersion());
        starting.add(
            CompletableFuture.supplyAsync(
                () -> cluster.startPod(name, plan.firstVersion()), starters));
      }
      for (CompletableFuture<Pod> f : starting) {
        Pod pod = f.join();
        cluster.balancer().add(pod);
        live.add(pod);
      }
    } finally {
      starters.shutdown();
    }
  }

  /** Runs every deploy of the plan. */
  public List<DeployResult> run() {
    List<DeployResult> results = new ArrayList<>();
    for (int d = 0; d < plan.deploys(); d++) results.add(deploy(d));
    return results;
  }

  private DeployResult deploy(int index) {
    long from = plan.firstVersion() + index;
    long to = from + 1;
    int clients = fleet.settledCount();
    long startedAt = timeline.elapsedMillis();
    List<Pod> next = new ArrayList<>();
    List<PodStop> stops = new ArrayList<>();
    for (Pod old : List.copyOf(live)) {
      String name = nextName(to);
      timeline.phase("deploy " + (index + 1) + "/" + plan.deploys() + ": starting " + name);
      Pod fresh = cluster.startPod(name, to);
      cluster.balancer().add(fresh);
      next.add(fresh);
      timeline.phase("deploy " + (index + 1) + "/" + plan.deploys() + ": draining " + old.name());
      stops.add(old.stop());
      cluster.balancer().remove(old);
      live.remove(old);
      replaced.incrementAndGet();
    }
    live.addAll(next);
    timeline.phase("deploy " + (index + 1) + "/" + plan.deploys() + ": clients settling on v" + to);
    long unsettled = awaitSettled(to);
    long took = timeline.elapsedMillis() - startedAt;
    DeployTally tally = fleet.ledger().drainedFrom(from);
    Map<Long, Map<String, Long>> counters = new LinkedHashMap<>();
    counters.put(from, cluster.counters().of(from));
    counters.put(to, cluster.counters().of(to));
    long[] handoffMicros = tally.handoffLatency().sorted();
    return new DeployResult(
        index + 1,
        from,
        to,
        startedAt,
        took,
        clients,
        tally.handedOff(),
        tally.tokens(),
        tally.restored(),
        tally.refreshed(),
        tally.lost(),
        tally.dropped(),
        unsettled,
        tally.retries(),
        tally.lostReasons(),
        stops,
        Percentiles.of(handoffMicros),
        Percentiles.of(tally.reconnectLatency()),
        Percentiles.of(tally.gap()),
        handoffMicros,
        counters,
        ResourceSample.take(cluster.waitingSnapshots()));
  }

  /**
   * Waits until every client holds a live socket on the new version; returns how many never did.
   */
  private long awaitSettled(long version) {
    long deadline = System.nanoTime() + plan.settleTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (fleet.allSettled() && fleet.lowestConnectedVersion() >= version) return 0;
      try {
        Thread.sleep(20); // the clients live on the event loops; this thread only watches them
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fleet.inTransit();
  }

  /** Old pods replaced so far, over all deploys: the progress of the run. */
  public int podsReplaced() {
    return replaced.get();
  }

  private String nextName(long version) {
    return "pod-" + (++podsStarted) + "-v" + version;
  }
}
