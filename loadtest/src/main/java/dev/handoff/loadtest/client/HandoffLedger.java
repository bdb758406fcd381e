package dev.handoff.loadtest.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every client's hand-offs, filed under the version of the pod that drained it: deploy d of a run
 * replaces the pods of one version, so its tally is the one of that version, locally and against a
 * real cluster.
 */
public final class HandoffLedger {
  private final Map<Long, DeployTally> byVersion = new ConcurrentHashMap<>();

  public DeployTally drainedFrom(long version) {
    return byVersion.computeIfAbsent(version, v -> new DeployTally());
  }

  public Map<Long, DeployTally> all() {
    return Map.copyOf(byVersion);
  }
}
