package dev.handoff.loadtest.report;

import java.util.List;
import java.util.Locale;

/** Hand-drawn inline SVG charts, so the HTML report opens anywhere with no scripts and no network. */
final class Svg {
  private static final int W = 880;
  private static final int H = 260;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 36;

  private Svg() {}

  /** Clients settled and in transit over the run, with the deploy's steps as vertical marks. */
  static String timeline(List<TimelinePoint> points, List<TimelineMark> marks, int clients) {
    if (points.isEmpty()) return "";
    double maxT = Math.max(1, points.get(points.size() - 1).atMillis());
    double maxY = Math.max(1, clients);
    StringBuilder b = open("Clients over time");
    axes(b, maxT / 1000.0, "s", maxY);
    for (TimelineMark m : marks) {
      double x = x(m.atMillis(), maxT);
      b.append(f("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' class='mark'><title>%s</title></line>", x, TOP, x,
          H - BOTTOM, Html.escape(m.label())));
    }
    b.append(polyline(points, maxT, maxY, 0, "settled"));
    b.append(polyline(points, maxT, maxY, 1, "transit"));
    b.append(polyline(points, maxT, maxY, 2, "lost"));
    b.append(f("<text x='%d' y='%d' class='legend settled'>settled (live socket, hello received)</text>", W - RIGHT - 260, TOP + 12));
    b.append(f("<text x='%d' y='%d' class='legend transit'>in transit (drained → restored)</text>", W - RIGHT - 260, TOP + 26));
    b.append(f("<text x='%d' y='%d' class='legend lost'>lost (cumulative)</text>", W - RIGHT - 260, TOP + 40));
    return b.append("</svg>").toString();
  }

  private static String polyline(List<TimelinePoint> points, double maxT, double maxY, int series, String cls) {
    StringBuilder p = new StringBuilder(f("<polyline class='%s' points='", cls));
    for (TimelinePoint t : points) {
      double v = switch (series) {
        case 0 -> t.settled();
        case 1 -> t.inTransit();
        default -> t.lost();
      };
      p.append(f("%.1f,%.1f ", x(t.atMillis(), maxT), y(v, maxY)));
    }
    return p.append("'/>").toString();
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
    StringBuilder b = open(title);
    axes(b, maxMs, "ms", top);
    double bw = (W - LEFT - RIGHT) / (double) bins;
    for (int i = 0; i < bins; i++) {
      if (counts[i] == 0) continue;
      double y = y(counts[i], top);
      b.append(f("<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' class='bar'><title>%.1f–%.1f ms: %d</title></rect>",
          LEFT + i * bw + 1, y, bw - 2, H - BOTTOM - y, i * maxMs / bins, (i + 1) * maxMs / bins, counts[i]));
    }
    return b.append("</svg>").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder(f("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' role='img' "
        + "aria-label='%s'>", W, H, Html.escape(title)));
  }

  private static void axes(StringBuilder b, double maxX, String unit, double maxY) {
    b.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' class='axis'/>", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
    b.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' class='axis'/>", LEFT, TOP, LEFT, H - BOTTOM));
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      b.append(f("<text x='%d' y='%.1f' class='tick' text-anchor='end'>%s</text>", LEFT - 6, y(v, maxY) + 4, num(v)));
      double t = maxX * i / 4;
      b.append(f("<text x='%.1f' y='%d' class='tick' text-anchor='middle'>%s %s</text>",
          LEFT + (W - LEFT - RIGHT) * i / 4.0, H - BOTTOM + 18, num(t), unit));
    }
  }

  private static double x(double t, double maxT) {
    return LEFT + (W - LEFT - RIGHT) * t / maxT;
  }

  private static double y(double v, double maxY) {
    return H - BOTTOM - (H - TOP - BOTTOM) * v / maxY;
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
