package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void nearestRankPercentiles() {
    Samples s = new Samples();
    for (int i = 100; i >= 1; i--) s.add(i);
    assertThat(s.percentile(50)).isEqualTo(50);
    assertThat(s.percentile(99)).isEqualTo(99);
    assertThat(s.percentile(100)).isEqualTo(100);
    assertThat(s.percentile(0)).isEqualTo(1);
    assertThat(s.mean()).isEqualTo(50.5);
  }

  @Test
  void emptyIsZeroAndGrowsPastItsFirstArray() {
    Samples s = new Samples();
    assertThat(s.percentile(50)).isZero();
    for (int i = 0; i < 5000; i++) s.add(7);
    assertThat(s.count()).isEqualTo(5000);
    assertThat(s.percentile(99)).isEqualTo(7);
  }
}
