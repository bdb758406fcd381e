package dev.handoff.operator.rollout;

import dev.handoff.contract.RedisKeys;
import dev.handoff.contract.RolloutCounter;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counters the sidecars of one app at one version keep in the Redis hash {@link
 * RedisKeys#rollout}: snapshots they took while draining, and restores they performed. Every {@link
 * RolloutCounter} is read, so a counter the sidecar adds is never silently left out of a report.
 */
public record RolloutCounters(Map<RolloutCounter, Long> values) {

  public static final RolloutCounters ZERO = of(Map.of());

  public RolloutCounters {
    EnumMap<RolloutCounter, Long> all = new EnumMap<>(RolloutCounter.class);
    for (RolloutCounter counter : RolloutCounter.values()) {
      all.put(counter, Math.max(0, values.getOrDefault(counter, 0L)));
    }
    values = Map.copyOf(all);
  }

  /** Absent counters are zero. */
  public static RolloutCounters of(Map<RolloutCounter, Long> values) {
    return new RolloutCounters(values);
  }

  public static String key(String app, long version) {
    return RedisKeys.rollout(app, version);
  }

  /**
   * Missing or unreadable fields count as zero: a version that never drained has no hash at all.
   */
  public static RolloutCounters fromHash(Map<String, String> hash) {
    Map<RolloutCounter, Long> values = new EnumMap<>(RolloutCounter.class);
    for (RolloutCounter counter : RolloutCounter.values()) {
      values.put(counter, field(hash, counter.field()));
    }
    return of(values);
  }

  public long get(RolloutCounter counter) {
    return values.get(counter);
  }

  private static long field(Map<String, String> hash, String name) {
    String value = hash.get(name);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
