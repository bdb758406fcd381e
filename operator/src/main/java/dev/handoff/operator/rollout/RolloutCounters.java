package dev.handoff.operator.rollout;

import java.util.Map;

/**
 * The counters the sidecars of one app at one version keep in the Redis hash {@code handoff:<app>:rollout:<version>}:
 * snapshots they took while draining, and restores they performed.
 */
public record RolloutCounters(
        long stored,
        long tooLarge,
        long timeout,
        long storeError,
        long restored,
        long expired,
        long refresh,
        long invalid) {

    public static final RolloutCounters ZERO = new RolloutCounters(0, 0, 0, 0, 0, 0, 0, 0);

    public static String key(String app, long version) {
        return "handoff:" + app + ":rollout:" + version;
    }

    /** Missing or unreadable fields count as zero: a version that never drained has no hash at all. */
    public static RolloutCounters fromHash(Map<String, String> hash) {
        return new RolloutCounters(
                field(hash, "stored"),
                field(hash, "too_large"),
                field(hash, "timeout"),
                field(hash, "store_error"),
                field(hash, "restored"),
                field(hash, "expired"),
                field(hash, "refresh"),
                field(hash, "invalid"));
    }

    private static long field(Map<String, String> hash, String name) {
        String value = hash.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
