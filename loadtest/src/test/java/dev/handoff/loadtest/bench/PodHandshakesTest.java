package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic behind each pod's handshake rate: parsing a scrape, buckets, the moment a total is
 * reached.
 */
class PodHandshakesTest {
  /**
   * A sidecar's /metrics (the two series the benchmark reads), as a real sidecar printed it, values
   * changed.
   */
  private static final String SCRAPE =
      """
      # HELP handoff_connections Open proxied WebSocket connections
      # TYPE handoff_connections gauge
      handoff_connections{app="demo",opted_in="false",version="7"} 2.0
      handoff_connections{app="demo",opted_in="true",version="7"} 41.0
      # HELP handoff_connections_other not this one
      handoff_connections_other{app="demo",version="7"} 1000.0
      # HELP handoff_restores_total Presented hand-off tokens, by outcome
      # TYPE handoff_restores_total counter
      handoff_restores_total{app="demo",outcome="expired",version="7"} 3.0
      handoff_restores_total{app="demo",outcome="restored",version="7"} 38.0
      handoff_restores_total{app="demo",outcome="store_error",version="7"} 0.0
      """;

  @Test
  void aScrapeGivesOpenSocketsOverBothTagsAndOnlyTheRestoredOutcome() {
    assertThat(PodHandshakes.sum(SCRAPE, "handoff_connections", "")).isEqualTo(43);
    assertThat(PodHandshakes.sum(SCRAPE, "handoff_restores_total", "outcome=\"restored\""))
        .isEqualTo(38);
    assertThat(PodHandshakes.sum(SCRAPE, "handoff_missing", "")).isZero();
  }

  @Test
  void bucketsOfAnIrregularlySampledTotalKeepEveryCount() {
    // 50 handshakes between the scrapes at 1,030 and 1,170 ms, nothing else; scrapes late and
    // irregular.
    List<double[]> total =
        List.of(
            new double[] {30, 0},
            new double[] {140, 0},
            new double[] {1030, 0},
            new double[] {1170, 50},
            new double[] {1290, 50},
            new double[] {2010, 50});
    List<double[]> rate = PodHandshakes.rate(total, 0, 2000, 250);
    assertThat(rate).hasSize(8);
    assertThat(rate.get(0)[0]).isEqualTo(0.25);
    double counted = rate.stream().mapToDouble(p -> p[1] * 0.25).sum();
    assertThat(counted).isCloseTo(50, within(1e-9));
    // All of it in the bucket 1,000-1,250 ms: 50 in a quarter of a second.
    assertThat(rate.get(4)[0]).isEqualTo(1.25);
    assertThat(rate.get(4)[1]).isCloseTo(200, within(1e-9));
  }

  @Test
  void bucketsBeforeAPodsFirstScrapeAreLeftOut() {
    List<double[]> total =
        List.of(new double[] {900, 0}, new double[] {1000, 10}, new double[] {1500, 10});
    List<double[]> rate = PodHandshakes.rate(total, 0, 1500, 250);
    assertThat(rate.get(0)[0]).isEqualTo(1.0); // the bucket 750-1,000 ms, the first the pod was in
    assertThat(rate).hasSize(3);
  }

  @Test
  void theMomentATotalIsReachedIsInterpolatedBetweenScrapes() {
    List<double[]> total =
        List.of(
            new double[] {0, 0},
            new double[] {100, 0},
            new double[] {200, 40},
            new double[] {300, 100});
    assertThat(PodHandshakes.reaches(total, 20)).isCloseTo(150, within(1e-9));
    assertThat(PodHandshakes.reaches(total, 95)).isCloseTo(200 + 100 * 55 / 60.0, within(1e-9));
    assertThat(PodHandshakes.reaches(total, 101)).isEqualTo(-1);
    assertThat(PodHandshakes.at(total, 250)).isCloseTo(70, within(1e-9));
  }

  @Test
  void acceptedUpgradesCountRisesOfOpenSocketsNotFalls() {
    PodHandshakes.Track t = new PodHandshakes.Track("pod-2-v2", 2, 0, 0);
    for (long[] s : new long[][] {{0, 0}, {100, 5}, {200, 3}, {300, 9}}) {
      t.add(new PodHandshakes.Sample(s[0], s[1], 0));
    }
    List<Double> totals = new ArrayList<>();
    for (double[] p : t.acceptedUpgrades()) totals.add(p[1]);
    assertThat(totals).containsExactly(0.0, 5.0, 5.0, 11.0);
  }
}
