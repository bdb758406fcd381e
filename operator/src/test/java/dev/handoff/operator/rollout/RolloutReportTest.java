package dev.handoff.operator.rollout;

import static dev.handoff.contract.RolloutCounter.EXPIRED;
import static dev.handoff.contract.RolloutCounter.INVALID;
import static dev.handoff.contract.RolloutCounter.REFRESH;
import static dev.handoff.contract.RolloutCounter.RESTORED;
import static dev.handoff.contract.RolloutCounter.STORED;
import static dev.handoff.contract.RolloutCounter.STORE_ERROR;
import static dev.handoff.contract.RolloutCounter.TIMEOUT;
import static dev.handoff.contract.RolloutCounter.TOO_LARGE;
import static dev.handoff.contract.RolloutCounter.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutReportTest {

  private static RolloutCounters drained(long stored) {
    return RolloutCounters.of(Map.of(STORED, stored));
  }

  private static RolloutCounters restoring(long restored, long expired, long refresh) {
    return RolloutCounters.of(Map.of(RESTORED, restored, EXPIRED, expired, REFRESH, refresh));
  }

  @Test
  void summarisesARolloutInOneLine() {
    RolloutReport report = new RolloutReport(7, 6, 7, drained(1204), restoring(1198, 0, 6));

    assertThat(report.message())
        .isEqualTo("revision 7: 1,204 sessions handed off, 1,198 restored, 6 refreshed, 0 lost");
  }

  @Test
  void countsSnapshotsNobodyCameBackForAsLost() {
    RolloutReport report = new RolloutReport(3, 2, 3, drained(100), restoring(90, 4, 1));

    assertThat(report.lost()).isEqualTo(5);
    assertThat(report.message())
        .isEqualTo(
            "revision 3: 100 sessions handed off, 90 restored, 1 refreshed, 5 lost; 4 expired");
  }

  @Test
  void neverReportsNegativeLosses() {
    RolloutReport report = new RolloutReport(3, 2, 3, drained(10), restoring(25, 0, 0));

    assertThat(report.lost()).isZero();
  }

  @Test
  void reportsSessionsThatCouldNotBeSnapshotted() {
    RolloutCounters from = RolloutCounters.of(Map.of(STORED, 10L, TOO_LARGE, 2L, TIMEOUT, 1L));
    RolloutCounters to = RolloutCounters.of(Map.of(RESTORED, 10L, INVALID, 3L));

    assertThat(new RolloutReport(8, 7, 8, from, to).message())
        .isEqualTo(
            "revision 8: 10 sessions handed off,"
                + " 10 restored, 0 refreshed, 0 lost; 3 not handed off (2 too large, 1 timed out, 0 store errors),"
                + " 3 invalid tokens");
  }

  @Test
  void mentionsVersionsWhenTheyDifferFromTheRevision() {
    RolloutReport report = new RolloutReport(12, 41, 42, drained(1), restoring(1, 0, 0));

    assertThat(report.message())
        .isEqualTo(
            "revision 12 (version 41 to 42): 1 session handed off, 1 restored, 0 refreshed, 0 lost");
  }

  @Test
  void readsTheSidecarHashFieldsAndTreatsMissingOnesAsZero() {
    RolloutCounters counters =
        RolloutCounters.fromHash(
            Map.of(
                "stored",
                "12",
                "too_large",
                "1",
                "timeout",
                "2",
                "store_error",
                "3",
                "restored",
                "4",
                "expired",
                "5",
                "refresh",
                "6",
                "invalid",
                "x",
                "unavailable",
                "7"));

    assertThat(counters)
        .isEqualTo(
            RolloutCounters.of(
                Map.of(
                    STORED,
                    12L,
                    TOO_LARGE,
                    1L,
                    TIMEOUT,
                    2L,
                    STORE_ERROR,
                    3L,
                    RESTORED,
                    4L,
                    EXPIRED,
                    5L,
                    REFRESH,
                    6L,
                    UNAVAILABLE,
                    7L)));
    assertThat(RolloutCounters.fromHash(Map.of())).isEqualTo(RolloutCounters.ZERO);
    assertThat(RolloutCounters.key("shop", 7)).isEqualTo("handoff:shop:rollout:7");
  }

  @Test
  void reportsRestoresThatFoundTheStoreUnavailable() {
    RolloutCounters to = RolloutCounters.fromHash(Map.of("restored", "9", "unavailable", "1"));

    assertThat(new RolloutReport(4, 3, 4, drained(10), to).message())
        .isEqualTo(
            "revision 4: 10 sessions handed"
                + " off, 9 restored, 0 refreshed, 1 lost; 1 restore found the store unavailable");
  }
}
