package dev.handoff.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/**
 * What must hold in any report.json: every hand-off has one outcome, and the sidecars agree with
 * the clients.
 */
final class ReportArithmetic {
  private ReportArithmetic() {}

  static void assertAddsUp(RunOfTheCommand run) {
    JsonObject json = run.json();
    long handed = 0, restored = 0, refreshed = 0, lost = 0;
    for (JsonObject d : run.deploys()) {
      assertThat(d.getLong("handedOff"))
          .as("deploy %s: handed off = restored + refreshed + lost", d.getInteger("index"))
          .isEqualTo(d.getLong("restored") + d.getLong("refreshed") + d.getLong("lost"));
      assertThat(d.getLong("lostViews"))
          .isEqualTo(d.getLong("lost") + d.getLong("dropped") + d.getLong("unsettled"));
      assertThat(d.getLong("tokens")).isLessThanOrEqualTo(d.getLong("handedOff"));
      assertThat(d.getJsonObject("latencyMillis").getJsonObject("drainToHandoff").getLong("count"))
          .isEqualTo(d.getLong("tokens"));
      assertThat(
              d.getJsonObject("latencyMillis")
                  .getJsonObject("reconnectToRestored")
                  .getLong("count"))
          .isEqualTo(d.getLong("restored"));
      JsonObject from =
          d.getJsonObject("sidecarCounters").getJsonObject("v" + d.getLong("fromVersion"));
      if (from != null) {
        assertThat(from.getLong("stored"))
            .as("snapshots the old pods stored = tokens the clients got")
            .isEqualTo(d.getLong("tokens"));
      }
      long drainedSockets =
          d.getJsonArray("drains").stream()
              .map(JsonObject.class::cast)
              .mapToLong(s -> s.getJsonObject("sidecar").getLong("optedIn"))
              .sum();
      assertThat(drainedSockets)
          .as("sockets the sidecars drained = sockets the clients saw drained")
          .isEqualTo(d.getLong("handedOff"));
      handed += d.getLong("handedOff");
      restored += d.getLong("restored");
      refreshed += d.getLong("refreshed");
      lost += d.getLong("lostViews");
    }
    JsonObject totals = json.getJsonObject("totals");
    assertThat(totals.getLong("handedOff")).isEqualTo(handed);
    assertThat(totals.getLong("restored")).isEqualTo(restored);
    assertThat(totals.getLong("refreshed")).isEqualTo(refreshed);
    assertThat(totals.getLong("lost")).isEqualTo(lost);
    assertThat(
            totals.getInteger("intactClients")
                + totals.getInteger("refreshedClients")
                + totals.getInteger("lostClients"))
        .isEqualTo(json.getInteger("clients"));
  }
}
