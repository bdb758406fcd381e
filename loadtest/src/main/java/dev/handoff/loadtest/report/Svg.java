package dev.handoff.loadtest.report;

import dev.handoff.loadtest.chart.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The HTML report's charts, drawn by the load test's one {@link SvgChart} in its page look. */
final class Svg {
  private Svg() {}

  /** Clients settled and in transit over the run, with the deploy's steps as vertical marks. */
  static String timeline(List<TimelinePoint> points, List<TimelineMark> marks, int clients) {
    if (points.isEmpty()) return "";
    double maxSeconds = Math.max(1, points.get(points.size() - 1).atMillis()) / 1000.0;
    SvgChart chart =
        new SvgChart(SvgChart.Look.PAGE, "Clients over time", "s", "clients")
            .axes(maxSeconds, Math.max(1, clients));
    for (TimelineMark m : marks) chart.mark(new SvgChart.Mark(m.atMillis() / 1000.0, m.label()));
    chart.add(
        series(points, "settled (live socket, hello received)", "settled", TimelinePoint::settled));
    chart.add(
        series(points, "in transit (drained → restored)", "transit", TimelinePoint::inTransit));
    chart.add(series(points, "lost (cumulative)", "lost", TimelinePoint::lost));
    return chart.render();
  }

  private static SvgChart.Series series(
      List<TimelinePoint> points,
      String label,
      String cssClass,
      ToDoubleFunction<TimelinePoint> value) {
    List<double[]> xy = new ArrayList<>(points.size());
    for (TimelinePoint p : points)
      xy.add(new double[] {p.atMillis() / 1000.0, value.applyAsDouble(p)});
    return new SvgChart.Series(label, xy, cssClass);
  }

  /** How many hand-offs took how long, drain frame to handoff frame. */
  static String histogram(long[] sortedMicros, String title) {
    if (sortedMicros.length == 0) return "";
    int bins = 40;
    double maxMs = Math.max(0.1, sortedMicros[sortedMicros.length - 1] / 1000.0);
    int[] counts = new int[bins];
    for (long us : sortedMicros) counts[Math.min(bins - 1, (int) (us / 1000.0 / maxMs * bins))]++;
    int top = 1;
    for (int c : counts) top = Math.max(top, c);
    SvgChart chart = new SvgChart(SvgChart.Look.PAGE, title, "ms", "hand-offs").axes(maxMs, top);
    for (int i = 0; i < bins; i++) {
      if (counts[i] == 0) continue;
      double from = i * maxMs / bins;
      double to = (i + 1) * maxMs / bins;
      chart.bar(
          new SvgChart.Bar(
              from,
              to,
              counts[i],
              String.format(Locale.ROOT, "%.1f–%.1f ms: %d", from, to, counts[i])));
    }
    return chart.render();
  }
}
