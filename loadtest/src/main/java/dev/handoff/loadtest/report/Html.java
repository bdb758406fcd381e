package dev.handoff.loadtest.report;

import dev.handoff.loadtest.chart.SvgChart;

/** Escaping for text placed in the HTML report: the same as the charts'. */
final class Html {
  private Html() {}

  static String escape(String s) {
    return SvgChart.escape(s);
  }
}
