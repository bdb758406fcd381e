package dev.handoff.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void usesTheNearestRankInMilliseconds() {
    long[] micros = new long[100];
    for (int i = 0; i < 100; i++) micros[i] = (i + 1) * 1000L;

    Percentiles p = Percentiles.of(micros);

    assertThat(p).isEqualTo(new Percentiles(100, 50.0, 95.0, 99.0, 100.0));
  }

  @Test
  void nothingMeasuredIsAllZero() {
    assertThat(Percentiles.of(new long[0])).isEqualTo(new Percentiles(0, 0, 0, 0, 0));
  }
}
