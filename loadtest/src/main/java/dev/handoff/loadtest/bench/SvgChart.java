package dev.handoff.loadtest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart (or grouped bars, for categories) as a self-contained SVG string: benchmark results
 * become a file in docs/bench without any charting dependency.
 */
public final class SvgChart {
  /** One line of the chart: its label and its points, x ascending. */
  public record Series(String label, List<double[]> points) {}

  /** A moment worth pointing at (a pod drained, say): a dashed vertical line at {@code x}, labelled. */
  public record Mark(double x, String label) {}

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 200;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();
  private double fixedMaxX = Double.NaN;
  private double fixedMaxY = Double.NaN;

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public SvgChart add(Series s) {
    series.add(s);
    return this;
  }

  public SvgChart mark(Mark m) {
    marks.add(m);
    return this;
  }

  /** Fixes the axes' maxima (e.g. to draw two charts on one scale); by default they follow the data. */
  public SvgChart axes(double maxX, double maxY) {
    this.fixedMaxX = maxX;
    this.fixedMaxY = maxY;
    return this;
  }

  /** The largest x and y of the points and marks, {0, 0} when there are none. */
  public double[] extent() {
    double maxX = 0;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    for (Mark m : marks) maxX = Math.max(maxX, m.x());
    return new double[] {maxX, maxY};
  }

  public String render() {
    double[] extent = extent();
    double maxX = Double.isNaN(fixedMaxX) ? extent[0] : fixedMaxX;
    double maxY = Double.isNaN(fixedMaxY) ? extent[1] : fixedMaxY;
    maxX = maxX <= 0 ? 1 : maxX;
    maxY = niceCeiling(maxY <= 0 ? 1 : maxY);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(text(WIDTH / 2.0 - RIGHT / 2.0, 22, title, "middle", 14));
    svg.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#000"));
    svg.append(line(LEFT, TOP, LEFT, TOP + plotH, "#000"));
    for (int i = 0; i <= 5; i++) {
      double v = maxY * i / 5;
      double y = TOP + plotH - plotH * i / 5.0;
      svg.append(line(LEFT, y, LEFT + plotW, y, "#ddd"));
      svg.append(text(LEFT - 6, y + 4, format(v), "end", 11));
      double xv = maxX * i / 5;
      double x = LEFT + plotW * i / 5.0;
      svg.append(text(x, TOP + plotH + 16, format(xv), "middle", 11));
    }
    svg.append(text(LEFT + plotW / 2.0, HEIGHT - 12, xLabel, "middle", 12));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>\n",
        TOP + plotH / 2.0, TOP + plotH / 2.0, escape(yLabel)));
    for (Mark m : marks) {
      double x = LEFT + plotW * m.x() / maxX;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n",
          x, TOP, x, TOP + plotH));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\" "
              + "transform=\"rotate(-90 %.1f %d)\">%s</text>\n", x - 3, TOP + 2, x - 3, TOP + 2, escape(m.label())));
    }
    for (int s = 0; s < series.size(); s++) {
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (double[] p : series.get(s).points()) {
        double x = LEFT + plotW * p[0] / maxX;
        double y = TOP + plotH - plotH * p[1] / maxY;
        path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y,
            colour));
      }
      svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
          .append("\" stroke-width=\"2\"/>\n");
      double ly = TOP + 10 + s * 20;
      svg.append(line(WIDTH - RIGHT + 15, ly, WIDTH - RIGHT + 35, ly, colour));
      svg.append(text(WIDTH - RIGHT + 40, ly + 4, series.get(s).label(), "start", 11));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** Several rendered charts in one SVG, left to right. */
  public static String sideBySide(List<String> charts) {
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
        WIDTH * charts.size(), HEIGHT, WIDTH * charts.size(), HEIGHT));
    for (int i = 0; i < charts.size(); i++) {
      svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d 0)\">\n", WIDTH * i))
          .append(charts.get(i)).append("</g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  /** Rounds an axis maximum up to 1, 2 or 5 times a power of ten, so the ticks read well. */
  static double niceCeiling(double v) {
    double power = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= v) return m * power;
    }
    return 10 * power;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String line(double x1, double y1, double x2, double y2, String colour) {
    return String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2, y2, colour);
  }

  private static String text(double x, double y, String s, String anchor, int size) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
        x, y, anchor, size, escape(s));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
