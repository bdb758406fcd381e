package dev.handoff.loadtest.report;

import dev.handoff.loadtest.cluster.PodStop;
import java.util.List;
import java.util.Map;

/**
 * One rolling deploy K→K+1 as the clients saw it, with what the sidecars said. Every socket a drain
 * asked for its state ends restored, refreshed or lost: {@code handedOff == restored + refreshed +
 * lost}.
 *
 * @param clients clients connected when the deploy started
 * @param handedOff sockets the draining pods asked for their state (a client may be asked more than
 *     once in one deploy when it reconnects to an old pod that goes next)
 * @param tokens of those, how many got a token back
 * @param dropped sockets closed without a drain: no chance to hand off, counted as lost views
 * @param unsettled clients still without a live socket when the deploy was declared over
 * @param retries refused connection attempts retried (503 from a draining pod, refused ports)
 * @param handoffLatency from the {@code drain} frame to the {@code handoff} frame
 * @param reconnectLatency from the reconnect to the restoring {@code hello}
 * @param gap from the {@code drain} frame to the restoring {@code hello}, reconnect delay included
 * @param sidecarCounters the sidecars' own rollout counters, per version (old and new)
 * @param resources heap, open files and waiting snapshots once the deploy was over
 */
public record DeployResult(
    int index,
    long fromVersion,
    long toVersion,
    long startedAtMillis,
    long durationMillis,
    int clients,
    long handedOff,
    long tokens,
    long restored,
    long refreshed,
    long lost,
    long dropped,
    long unsettled,
    long retries,
    Map<String, Long> lostReasons,
    List<PodStop> drains,
    Percentiles handoffLatency,
    Percentiles reconnectLatency,
    Percentiles gap,
    long[] handoffLatencyMicros,
    Map<Long, Map<String, Long>> sidecarCounters,
    ResourceSample resources) {

  /**
   * Views that did not survive: lost hand-offs, dropped sockets and clients that never came back.
   */
  public long lostViews() {
    return lost + dropped + unsettled;
  }
}
