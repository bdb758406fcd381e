package dev.handoff.loadtest.cluster;

import java.util.Map;

/**
 * The sidecars' own per-version counters ({@code RedisKeys.rollout}), to set beside what the
 * clients saw.
 */
public interface RolloutCounters {
  /** Fields such as stored, restored, refresh, expired, timeout; absent fields are zero. */
  Map<String, Long> of(long version);
}
