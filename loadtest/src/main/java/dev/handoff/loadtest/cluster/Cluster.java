package dev.handoff.loadtest.cluster;

/** Pods of one app, a balancer in front and a snapshot store they share. */
public interface Cluster extends AutoCloseable {
  /** Starts a pod and waits until its sidecar is ready, as a readiness probe would. */
  Pod startPod(String name, long version);

  Balancer balancer();

  RolloutCounters counters();

  /**
   * Snapshots still in the store (after a deploy every client should have taken its own); -1 if
   * unknown.
   */
  default long waitingSnapshots() {
    return -1;
  }

  /** One line for the report: how pods run, which store, which balancer. */
  String describe();

  @Override
  void close();
}
