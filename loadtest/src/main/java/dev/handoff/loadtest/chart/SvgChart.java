package dev.handoff.loadtest.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load test's one chart writer: lines (with marks at moments worth pointing at) or bars, as a
 * self-contained SVG string, with no charting dependency and no scripts. {@link Look#FILE} draws a
 * file of its own (the benchmarks' charts in docs/bench), {@link Look#PAGE} a chart inside the HTML
 * report, whose stylesheet colours it.
 */
public final class SvgChart {
  /**
   * One line of the chart: its label and its points, x ascending; {@code cssClass} styles it on a
   * page.
   */
  public record Series(String label, List<double[]> points, String cssClass) {
    public Series(String label, List<double[]> points) {
      this(label, points, null);
    }
  }

  /**
   * A moment worth pointing at (a pod drained, say): a dashed vertical line at {@code x}, labelled.
   */
  public record Mark(double x, String label) {}

  /** A bar from {@code x0} to {@code x1}, {@code value} high, with {@code tooltip} on hover. */
  public record Bar(double x0, double x1, double value, String tooltip) {}

  /** How a chart is drawn. */
  public enum Look {
    /**
     * A file of its own: sized, titled, on white, inline colours, dots on the lines, a legend at
     * the right, gridlines and five ticks on a y axis rounded up to a readable number; the axes
     * carry their labels.
     */
    FILE(720, 420, 70, 200, 40, 50, 5),
    /**
     * Inside the HTML report: fits its box, styled by class ({@code axis}, {@code tick}, {@code
     * mark}, {@code bar}, {@code legend} and the series' own), four ticks, the x label as the unit
     * of the x ticks, the marks' labels as tooltips and the legend at the top right.
     */
    PAGE(880, 260, 56, 16, 16, 36, 4);

    final int width;
    final int height;
    final int left;
    final int right;
    final int top;
    final int bottom;
    final int ticks;

    Look(int width, int height, int left, int right, int top, int bottom, int ticks) {
      this.width = width;
      this.height = height;
      this.left = left;
      this.right = right;
      this.top = top;
      this.bottom = bottom;
      this.ticks = ticks;
    }

    String tick(double v) {
      if (v == Math.rint(v)) return this == FILE ? f("%.0f", v) : Long.toString((long) v);
      return f(this == FILE ? "%.2f" : "%.1f", v);
    }
  }

  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"
  };

  private final Look look;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();
  private final List<Bar> bars = new ArrayList<>();
  private double fixedMaxX = Double.NaN;
  private double fixedMaxY = Double.NaN;

  /** A chart of its own file. */
  public SvgChart(String title, String xLabel, String yLabel) {
    this(Look.FILE, title, xLabel, yLabel);
  }

  public SvgChart(Look look, String title, String xLabel, String yLabel) {
    this.look = look;
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

  public SvgChart bar(Bar b) {
    bars.add(b);
    return this;
  }

  /**
   * Fixes the axes' maxima (e.g. to draw two charts on one scale); by default they follow the data.
   */
  public SvgChart axes(double maxX, double maxY) {
    this.fixedMaxX = maxX;
    this.fixedMaxY = maxY;
    return this;
  }

  /** The largest x and y of the points, bars and marks, {0, 0} when there are none. */
  public double[] extent() {
    double maxX = 0;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    for (Bar b : bars) {
      maxX = Math.max(maxX, b.x1());
      maxY = Math.max(maxY, b.value());
    }
    for (Mark m : marks) maxX = Math.max(maxX, m.x());
    return new double[] {maxX, maxY};
  }

  public String render() {
    boolean file = look == Look.FILE;
    double[] extent = extent();
    double maxX = Double.isNaN(fixedMaxX) ? extent[0] : fixedMaxX;
    double maxY = Double.isNaN(fixedMaxY) ? extent[1] : fixedMaxY;
    maxX = maxX <= 0 ? 1 : maxX;
    maxY = maxY <= 0 ? 1 : maxY;
    if (file) maxY = niceCeiling(maxY);
    int w = look.width;
    int h = look.height;
    int left = look.left;
    int top = look.top;
    int plotW = w - left - look.right;
    int plotH = h - top - look.bottom;
    int floor = top + plotH;
    StringBuilder svg = new StringBuilder();
    if (file) {
      svg.append(
          f(
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                  + "font-family=\"sans-serif\" font-size=\"12\">\n",
              w, h, w, h));
      svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
      svg.append(text(w / 2.0 - look.right / 2.0, 22, title, "middle", "font-size=\"14\""));
    } else {
      svg.append(
          f(
              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
              w, h, escape(title)));
    }
    String axis = file ? "stroke=\"#000\"" : "class=\"axis\"";
    svg.append(line(left, floor, left + plotW, floor, axis));
    svg.append(line(left, top, left, floor, axis));
    String tick = file ? "font-size=\"11\"" : "class=\"tick\"";
    for (int i = 0; i <= look.ticks; i++) {
      double y = floor - plotH * i / (double) look.ticks;
      double x = left + plotW * i / (double) look.ticks;
      if (file) svg.append(line(left, y, left + plotW, y, "stroke=\"#ddd\""));
      svg.append(text(left - 6, y + 4, look.tick(maxY * i / look.ticks), "end", tick));
      String xTick = look.tick(maxX * i / look.ticks);
      svg.append(
          text(x, floor + (file ? 16 : 18), file ? xTick : xTick + " " + xLabel, "middle", tick));
    }
    if (file) {
      svg.append(text(left + plotW / 2.0, h - 12, xLabel, "middle", "font-size=\"12\""));
      double mid = top + plotH / 2.0;
      svg.append(text(16, mid, yLabel, "middle", f("transform=\"rotate(-90 16 %.1f)\"", mid)));
    }
    for (Mark m : marks) {
      double x = left + plotW * m.x() / maxX;
      if (file) {
        svg.append(line(x, top, x, floor, "stroke=\"#888\" stroke-dasharray=\"4 3\""));
        svg.append(
            text(
                x - 3,
                top + 2,
                m.label(),
                "end",
                f(
                    "font-size=\"10\" fill=\"#555\" transform=\"rotate(-90 %.1f %d)\"",
                    x - 3, top + 2)));
      } else {
        svg.append(
            f(
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"mark\"><title>%s</title></line>\n",
                x, top, x, floor, escape(m.label())));
      }
    }
    for (Bar b : bars) {
      double x = left + plotW * b.x0() / maxX;
      double y = floor - plotH * b.value() / maxY;
      svg.append(
          f(
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s><title>%s</title></rect>\n",
              x + 1,
              y,
              plotW * (b.x1() - b.x0()) / maxX - 2,
              floor - y,
              file ? "fill=\"" + COLOURS[0] + "\"" : "class=\"bar\"",
              escape(b.tooltip())));
    }
    StringBuilder legend = new StringBuilder(); // drawn last, over the lines
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (double[] p : line.points()) {
        double x = left + plotW * p[0] / maxX;
        double y = floor - plotH * p[1] / maxY;
        if (file) {
          path.append(path.length() == 0 ? "M" : " L").append(f("%.1f %.1f", x, y));
          svg.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y, colour));
        } else {
          path.append(f("%.1f,%.1f ", x, y));
        }
      }
      if (file) {
        svg.append("<path d=\"")
            .append(path)
            .append("\" fill=\"none\" stroke=\"")
            .append(colour)
            .append("\" stroke-width=\"2\"/>\n");
        double ly = top + 10 + s * 20;
        legend.append(
            line(w - look.right + 15, ly, w - look.right + 35, ly, "stroke=\"" + colour + "\""));
        legend.append(text(w - look.right + 40, ly + 4, line.label(), "start", "font-size=\"11\""));
      } else {
        String cls = line.cssClass() == null ? "" : " class=\"" + escape(line.cssClass()) + "\"";
        svg.append("<polyline").append(cls).append(" points=\"").append(path).append("\"/>\n");
        legend.append(
            text(
                w - look.right - 260,
                top + 12 + s * 14,
                line.label(),
                "start",
                "class=\"legend"
                    + (line.cssClass() == null ? "" : " " + escape(line.cssClass()))
                    + "\""));
      }
    }
    return svg.append(legend).append("</svg>\n").toString();
  }

  /** Several rendered charts of their own file in one SVG, left to right. */
  public static String sideBySide(List<String> charts) {
    int w = Look.FILE.width;
    int h = Look.FILE.height;
    StringBuilder svg =
        new StringBuilder(
            f(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                w * charts.size(), h, w * charts.size(), h));
    for (int i = 0; i < charts.size(); i++) {
      svg.append(f("<g transform=\"translate(%d 0)\">\n", w * i))
          .append(charts.get(i))
          .append("</g>\n");
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

  /** Text for SVG or HTML, in an element or an attribute. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String attributes) {
    return f(
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x1, y1, x2, y2, attributes);
  }

  private static String text(double x, double y, String s, String anchor, String attributes) {
    return f(
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n",
        x, y, anchor, attributes, escape(s));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
