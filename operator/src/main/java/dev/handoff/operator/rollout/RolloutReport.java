package dev.handoff.operator.rollout;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happened to the sessions of one rollout from version {@code fromVersion} to {@code toVersion}, as seen in the
 * counters of both versions. "Lost" are snapshots nobody came back for: handed off minus restored, refreshed and
 * expired, never below zero (restores at the new version may also serve snapshots of older versions).
 */
public record RolloutReport(long revision, long fromVersion, long toVersion, RolloutCounters from, RolloutCounters to) {

    public long handedOff() {
        return from.stored();
    }

    public long restored() {
        return to.restored();
    }

    public long refreshed() {
        return to.refresh();
    }

    public long expired() {
        return to.expired();
    }

    public long lost() {
        return Math.max(0, handedOff() - restored() - refreshed() - expired());
    }

    /** Sessions the old pods could not snapshot at all: state too large, client silent, or store failure. */
    public long snapshotFailures() {
        return from.tooLarge() + from.timeout() + from.storeError();
    }

    public String message() {
        StringBuilder text = new StringBuilder("revision ").append(revision);
        if (toVersion != revision) {
            text.append(" (version ").append(fromVersion).append(" to ").append(toVersion).append(')');
        }
        text.append(": ").append(count(handedOff())).append(handedOff() == 1 ? " session" : " sessions")
                .append(" handed off, ").append(count(restored())).append(" restored, ")
                .append(count(refreshed())).append(" refreshed, ")
                .append(count(lost())).append(" lost");
        List<String> extra = new ArrayList<>();
        if (expired() > 0) {
            extra.add(count(expired()) + " expired");
        }
        if (snapshotFailures() > 0) {
            extra.add(count(snapshotFailures()) + " not handed off (" + count(from.tooLarge()) + " too large, "
                    + count(from.timeout()) + " timed out, " + count(from.storeError()) + " store errors)");
        }
        if (to.invalid() > 0) {
            extra.add(count(to.invalid()) + " invalid tokens");
        }
        if (!extra.isEmpty()) {
            text.append("; ").append(String.join(", ", extra));
        }
        return text.toString();
    }

    private static String count(long value) {
        return NumberFormat.getIntegerInstance(Locale.US).format(value);
    }
}
