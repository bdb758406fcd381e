package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  @Test
  void rendersOnePathPerSeriesWithEscapedLabels() {
    String svg = new SvgChart("Drain <cold>", "sockets", "ms")
        .add(new SvgChart.Series("bare", List.of(new double[] {1000, 400}, new double[] {10000, 3000})))
        .add(new SvgChart.Series("sidecar & Redis", List.of(new double[] {1000, 900})))
        .render();
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(svg.split("<path ", -1)).hasSize(3);
    assertThat(svg).contains("Drain &lt;cold&gt;").contains("sidecar &amp; Redis");
  }

  @Test
  void axisMaximumRoundsUpToAReadableNumber() {
    assertThat(SvgChart.niceCeiling(3400)).isEqualTo(5000);
    assertThat(SvgChart.niceCeiling(1.3)).isEqualTo(2);
    assertThat(SvgChart.niceCeiling(100)).isEqualTo(100);
  }
}
