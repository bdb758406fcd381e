package dev.handoff.sidecar.store;

/** The Redis key layout of DESIGN.md; the app is part of every key, so one app never reads another's. */
public final class SnapshotKeys {
  private SnapshotKeys() {}

  public static String snapshot(String app, String tokenHash) {
    return "handoff:" + app + ":snap:" + tokenHash;
  }

  /** A sorted set of the versions with ready pods, scored by when each announcement runs out. */
  public static String ready(String app) {
    return "handoff:" + app + ":ready";
  }

  /** How often a token was steered away from an old pod. */
  public static String steered(String app, String tokenHash) {
    return "handoff:" + app + ":steer:" + tokenHash;
  }

  /** A hash of counters per app and version that the operator reads to report a rollout. */
  public static String rollout(String app, long version) {
    return "handoff:" + app + ":rollout:" + version;
  }
}
