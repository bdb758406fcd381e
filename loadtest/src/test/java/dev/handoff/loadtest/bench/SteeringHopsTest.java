package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hop counter at a tiny size: every client is handed off at least once, none is lost; and each
 * new pod's scraped handshakes add up to what the clients and the sidecars' own counters say. No
 * timings.
 */
@Tag("integration")
class SteeringHopsTest {
  @Test
  void restoreRateIsTheRunningTotalsSlopeFromTheDeploysStart() {
    java.util.List<dev.handoff.loadtest.report.TimelinePoint> points = new java.util.ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      points.add(
          new dev.handoff.loadtest.report.TimelinePoint(
              i * 100L, 0, 0, 0, i < 10 ? 0 : (i - 10) * 10L, 0, 0));
    }
    java.util.List<double[]> rate = SteeringBench.rate(points, 1000);
    assertThat(rate).hasSize(2);
    assertThat(rate.get(0)[0]).isEqualTo(0.5);
    assertThat(rate.get(0)[1]).isEqualTo(100.0);
  }

  @Test
  void aPodsPeakBurstIsTheRunOfNonEmptyBucketsAroundItsBusiestOne() {
    // 250 ms buckets: 4/s, 0, then 8, 40, 20/s (2, 10, 5 upgrades), then 0 and 4/s again.
    java.util.List<double[]> rate =
        java.util.List.of(
            new double[] {0.25, 4},
            new double[] {0.5, 0},
            new double[] {0.75, 8},
            new double[] {1.0, 40},
            new double[] {1.25, 20},
            new double[] {1.5, 0},
            new double[] {1.75, 4});
    assertThat(SteeringBench.burst(rate, 3)).containsExactly(17.0, 0.75);
    assertThat(SteeringBench.burst(rate, 1)).containsExactly(0.0, 0.0);
    assertThat(SteeringBench.burst(java.util.List.of(), 0)).containsExactly(0.0, 0.0);
  }

  @Test
  void theIntakeTableHasAsManyColumnsInEveryRowAsInItsHeader() {
    SteeringBench.PodIntake pod =
        new SteeringBench.PodIntake(
            "pod-7-v2", 0.1, 10, 10, 40, 40, 0.5, 0.2, 10, 1.0, java.util.List.of());
    SteeringBench.Outcome on =
        new SteeringBench.Outcome(
            true,
            10,
            10,
            10,
            0,
            0,
            100,
            java.util.List.of(),
            java.util.List.of(pod),
            java.util.List.of(),
            10);
    String[] lines = SteeringBench.intakeTable(java.util.List.of(on)).split("\n");
    assertThat(lines).hasSize(3);
    for (String line : lines)
      assertThat(line.split("\\|", -1)).hasSize(lines[0].split("\\|", -1).length);
  }

  @Test
  void everyClientIsHandedOffAtLeastOnceWithAndWithoutSteering(@TempDir Path dir) {
    SteeringBench bench =
        new SteeringBench(dir, 20, 2, new PrintStream(PrintStream.nullOutputStream()));
    for (boolean steering : new boolean[] {false, true}) {
      SteeringBench.Outcome o = bench.deploy(steering);
      assertThat(o.clients()).isEqualTo(20);
      assertThat(o.hops()).isGreaterThanOrEqualTo(1.0);
      assertThat(o.lost()).isZero();
      // One deploy of 2 pods: 2 new pods, each followed by scraping its /metrics.
      assertThat(o.newPods())
          .extracting(SteeringBench.PodIntake::name)
          .containsExactly("pod-3-v2", "pod-4-v2");
      // Every client ends on a new pod, and no socket leaves a new pod: their accepted upgrades are
      // the clients.
      assertThat(o.newPods().stream().mapToLong(SteeringBench.PodIntake::upgrades).sum())
          .isEqualTo(20);
      // Their restores, scraped, are the restores the new version counted in the store.
      assertThat(o.newPods().stream().mapToLong(SteeringBench.PodIntake::restores).sum())
          .isEqualTo(o.newVersionRestores())
          .isPositive();
      assertThat(o.newPods())
          .allSatisfy(
              p -> {
                assertThat(p.upgradeRate()).isNotEmpty();
                assertThat(p.burstUpgrades()).isPositive().isLessThanOrEqualTo(p.upgrades());
              });
      assertThat(o.drains()).hasSize(2);
    }
  }
}
