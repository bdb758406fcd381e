package dev.handoff.loadtest.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one chart writer, in both its looks: axes, series, marks, bars and the escaping of every
 * label.
 */
class SvgChartTest {
  @Test
  void rendersOnePathPerSeriesWithEscapedLabels() {
    String svg =
        new SvgChart("Drain <cold>", "sockets", "ms")
            .add(
                new SvgChart.Series(
                    "bare", List.of(new double[] {1000, 400}, new double[] {10000, 3000})))
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
    SvgChart small =
        new SvgChart("on", "s", "/s")
            .add(
                new SvgChart.Series(
                    "pod-7-v2", List.of(new double[] {0.25, 3}, new double[] {0.5, 4})))
            .mark(new SvgChart.Mark(0.3, "drain pod-1-v1"));
    SvgChart large =
        new SvgChart("off", "s", "/s")
            .add(
                new SvgChart.Series(
                    "pod-7-v2", List.of(new double[] {0.25, 30}, new double[] {4, 45})));
    assertThat(small.extent()).containsExactly(0.5, 4);
    String both =
        SvgChart.sideBySide(List.of(small.axes(4, 45).render(), large.axes(4, 45).render()));
    assertThat(both.split("<svg ", -1)).hasSize(4);
    assertThat(both)
        .contains("translate(720 0)")
        .contains("drain pod-1-v1")
        .contains("stroke-dasharray");
    // Both y axes end at 50 (45 rounded up), though the first chart's points stop at 4.
    assertThat(both.split(">50</text>", -1)).hasSize(3);
  }

  @Test
  void aFileChartHasBothAxesAndTicksFromZeroToTheRoundedMaximum() {
    String svg =
        new SvgChart("t", "sockets", "ms")
            .add(new SvgChart.Series("a", List.of(new double[] {0, 0}, new double[] {10, 7})))
            .render();
    assertThat(svg)
        .contains("<line x1=\"70.0\" y1=\"370.0\" x2=\"520.0\" y2=\"370.0\" stroke=\"#000\"/>")
        .contains("<line x1=\"70.0\" y1=\"40.0\" x2=\"70.0\" y2=\"370.0\" stroke=\"#000\"/>");
    assertThat(svg)
        .contains(">0</text>")
        .contains(">10</text>")
        .contains(">2</text>")
        .contains(">sockets</text>")
        .contains("rotate(-90 16 205.0)\">ms</text>");
    // The point (10, 7) sits at the right end, seven tenths of the way up (the y axis rounds 7 up
    // to 10).
    assertThat(svg).contains("<circle cx=\"520.0\" cy=\"139.0\" r=\"3\"");
  }

  @Test
  void aPageChartIsStyledByClassWithUnitsOnTheXTicksAndBarsWithTooltips() {
    String svg =
        new SvgChart(SvgChart.Look.PAGE, "Hand-off 'latency'", "ms", "n")
            .axes(4, 10)
            .add(
                new SvgChart.Series(
                    "settled <live>",
                    List.of(new double[] {0, 0}, new double[] {4, 10}),
                    "settled"))
            .mark(new SvgChart.Mark(2, "drain \"pod-1\" & co"))
            .bar(new SvgChart.Bar(1, 2, 5, "1–2 ms: 5 <fast>"))
            .render();
    assertThat(svg)
        .startsWith(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 880 260\" role=\"img\" "
                + "aria-label=\"Hand-off &#39;latency&#39;\">");
    assertThat(svg)
        .contains("class=\"axis\"")
        .contains(">4 ms</text>")
        .contains(">0 ms</text>")
        .contains(">10</text>")
        .contains(">2.5</text>");
    assertThat(svg)
        .contains("<polyline class=\"settled\" points=\"56.0,224.0 864.0,16.0 \"/>")
        .contains("class=\"legend settled\">settled &lt;live&gt;</text>");
    assertThat(svg)
        .contains("class=\"mark\"><title>drain &quot;pod-1&quot; &amp; co</title>")
        .contains("class=\"bar\"><title>1–2 ms: 5 &lt;fast&gt;</title>");
    assertThat(svg).doesNotContain("<circle").doesNotContain("stroke=\"#");
  }

  @Test
  void escapingCoversTextAndBothQuotes() {
    assertThat(SvgChart.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
  }
}
