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

  @Test
  void chartsSideBySideShareTheAxesTheyAreGivenAndShowMarks() {
    SvgChart small = new SvgChart("on", "s", "/s").add(new SvgChart.Series("pod-7-v2",
        List.of(new double[] {0.25, 3}, new double[] {0.5, 4}))).mark(new SvgChart.Mark(0.3, "drain pod-1-v1"));
    SvgChart large = new SvgChart("off", "s", "/s").add(new SvgChart.Series("pod-7-v2",
        List.of(new double[] {0.25, 30}, new double[] {4, 45})));
    assertThat(small.extent()).containsExactly(0.5, 4);
    String both = SvgChart.sideBySide(List.of(small.axes(4, 45).render(), large.axes(4, 45).render()));
    assertThat(both.split("<svg ", -1)).hasSize(4);
    assertThat(both).contains("translate(720 0)").contains("drain pod-1-v1").contains("stroke-dasharray");
    // Both y axes end at 50 (45 rounded up), though the first chart's points stop at 4.
    assertThat(both.split(">50</text>", -1)).hasSize(3);
  }
}
