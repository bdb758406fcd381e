package dev.handoff.contract;

/** The Redis key layout; the app is part of every key, so one app never reads another's. */
public final class RedisKeys {

  private static final String PREFIX = "handoff:";

  private RedisKeys() {}

  /** One snapshot, under the SHA-256 of its token (the token itself never reaches Redis). */
  public static String snapshot(String app, String tokenHash) {
    return PREFIX + app + ":snap:" + tokenHash;
  }

  /**
   * The versions a snapshot was taken at ({@code {"version","pageVersion"}}, nothing else: it is
   * never sealed), beside the snapshot with the same TTL, so steering can read them without taking
   * the snapshot.
   */
  public static String snapshotVersions(String app, String tokenHash) {
    return PREFIX + app + ":snapv:" + tokenHash;
  }

  /** A sorted set of the versions with ready pods, scored by when each announcement runs out. */
  public static String ready(String app) {
    return PREFIX + app + ":ready";
  }

  /** How often a token was steered away from an old pod. */
  public static String steered(String app, String tokenHash) {
    return PREFIX + app + ":steer:" + tokenHash;
  }

  /**
   * The hash of {@link RolloutCounter}s of one app at one version, which the operator reports a
   * rollout from.
   */
  public static String rollout(String app, long version) {
    return PREFIX + app + ":rollout:" + version;
  }
}
