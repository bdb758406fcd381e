package dev.handoff.loadtest.report;

import java.util.List;

/**
 * A whole run: what ran, every deploy, and the fate of each client.
 *
 * @param intactClients clients whose every hand-off restored their state byte for byte
 * @param refreshedClients clients told to refresh at least once (by design) and never lost
 * @param lostClients clients that lost their view at least once
 */
public record RunReport(
    String command,
    String setup,
    int pods,
    int clients,
    String stateBytes,
    long startedAtEpochMillis,
    long durationMillis,
    List<DeployResult> deploys,
    int intactClients,
    int refreshedClients,
    int lostClients,
    List<TimelinePoint> timeline,
    List<TimelineMark> marks) {

  public long lostViews() {
    return deploys.stream().mapToLong(DeployResult::lostViews).sum();
  }

  /** The run failed when any client lost its view. */
  public boolean anyLost() {
    return lostClients > 0 || lostViews() > 0;
  }
}
