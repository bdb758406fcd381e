package dev.handoff.operator.rollout;

import dev.handoff.contract.RolloutCounter;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happened to the sessions of one rollout from version {@code fromVersion} to {@code
 * toVersion}, as seen in the counters of both versions. "Lost" are snapshots nobody came back for:
 * handed off minus restored, refreshed and expired, never below zero (restores at the new version
 * may also serve snapshots of older versions).
 */
public record RolloutReport(
    long revision, long fromVersion, long toVersion, RolloutCounters from, RolloutCounters to) {

  public long handedOff() {
    return from.get(RolloutCounter.STORED);
  }

  public long restored() {
    return to.get(RolloutCounter.RESTORED);
  }

  public long refreshed() {
    return to.get(RolloutCounter.REFRESH);
  }

  public long expired() {
    return to.get(RolloutCounter.EXPIRED);
  }

  /**
   * Tokens presented while the new pods could not read the store: those clients fell back to their
   * local copy. Not subtracted from "lost", since the snapshot itself was never restored.
   */
  public long restoresUnavailable() {
    return to.get(RolloutCounter.UNAVAILABLE);
  }

  public long lost() {
    return Math.max(0, handedOff() - restored() - refreshed() - expired());
  }

  /**
   * Sessions the old pods could not snapshot at all: state too large, client silent, or store
   * failure.
   */
  public long snapshotFailures() {
    return from.get(RolloutCounter.TOO_LARGE)
        + from.get(RolloutCounter.TIMEOUT)
        + from.get(RolloutCounter.STORE_ERROR);
  }

  public String message() {
    StringBuilder text = new StringBuilder("revision ").append(revision);
    if (toVersion != revision) {
      text.append(" (version ").append(fromVersion).append(" to ").append(toVersion).append(')');
    }
    text.append(": ")
        .append(count(handedOff()))
        .append(handedOff() == 1 ? " session" : " sessions")
        .append(" handed off, ")
        .append(count(restored()))
        .append(" restored, ")
        .append(count(refreshed()))
        .append(" refreshed, ")
        .append(count(lost()))
        .append(" lost");
    List<String> extra = new ArrayList<>();
    if (expired() > 0) {
      extra.add(count(expired()) + " expired");
    }
    if (snapshotFailures() > 0) {
      extra.add(
          count(snapshotFailures())
              + " not handed off ("
              + count(from.get(RolloutCounter.TOO_LARGE))
              + " too large, "
              + count(from.get(RolloutCounter.TIMEOUT))
              + " timed out, "
              + count(from.get(RolloutCounter.STORE_ERROR))
              + " store errors)");
    }
    if (to.get(RolloutCounter.INVALID) > 0) {
      extra.add(count(to.get(RolloutCounter.INVALID)) + " invalid tokens");
    }
    if (restoresUnavailable() > 0) {
      extra.add(
          count(restoresUnavailable())
              + (restoresUnavailable() == 1 ? " restore" : " restores")
              + " found the store unavailable");
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
