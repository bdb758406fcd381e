package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.chart.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Benchmark 1's trials as the markdown table of docs/BENCHMARKS.md and the drain-time chart. */
final class DrainReportPage {
  private DrainReportPage() {}

  static String table(List<DrainBench.Trial> trials, List<Integer> sizes) {
    StringBuilder md = new StringBuilder();
    long rounds =
        trials.stream()
            .filter(t -> t.kind().equals("redis-benchmark") && t.sockets() == sizes.get(0))
            .count();
    md.append("Medians over ")
        .append(rounds)
        .append(" round(s); every trial is listed below the table.\n\n");
    md.append(
        "| sockets | bare drain ms | sidecar in-memory ms | sidecar + Redis ms | ratio vs bare (goal ≤ 1.3×) "
            + "| store share ms (Redis − in-memory) | redis-benchmark ms | share vs redis-benchmark (goal ≤ 2×) "
            + "| answered / closed (Redis run) | server-reported ms: bare / in-memory / Redis |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int n : sizes) {
      double bare = millis(trials, "bare WebSocket", n);
      double mem = millis(trials, "sidecar, in-memory store", n);
      double redis = millis(trials, "sidecar + Redis", n);
      double rb = millis(trials, "redis-benchmark", n);
      double ratio = redis / bare;
      double share = redis - mem;
      double shareRatio = share / rb;
      DrainBench.Trial r =
          find(trials, "sidecar + Redis", n)
              .orElse(
                  new DrainBench.Trial("sidecar + Redis", n, Double.NaN, -1, 0, 0, 0, "not run"));
      // Redis − in-memory is the store's share only when it is positive; below zero the run-to-run
      // noise
      // is larger than the store's cost, and no verdict can honestly be drawn from it.
      String shareCell =
          redis - mem > 0
              ? String.format(
                  Locale.ROOT, "%.2f× %s", shareRatio, shareRatio <= 2 ? "met" : "**missed**")
              : "not separable (Redis run faster than in-memory)";
      String ratioCell =
          Double.isNaN(ratio)
              ? "failed"
              : String.format(Locale.ROOT, "%.2f× %s", ratio, ratio <= 1.3 ? "met" : "**missed**");
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %s | %d / %d | %d / %d / %d |\n",
              n,
              bare,
              mem,
              redis,
              ratioCell,
              redis - mem,
              rb,
              shareCell,
              r.answered(),
              r.closed(),
              server(trials, "bare WebSocket", n),
              server(trials, "sidecar, in-memory store", n),
              server(trials, "sidecar + Redis", n)));
    }
    md.append(
        "\n| round trial | sockets | client-observed ms | server-reported ms | answered | closed | server RSS after KiB |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (DrainBench.Trial t : trials) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %d | %d | %d | %d |\n",
              t.kind(),
              t.sockets(),
              t.clientMillis(),
              t.serverMillis(),
              t.answered(),
              t.closed(),
              t.rssKibAfter()));
    }
    for (int n : sizes) {
      double baseline = millis(trials, DrainBench.BASELINE, n);
      if (Double.isNaN(baseline)) continue;
      md.append(
          String.format(
              Locale.ROOT,
              "%nBaseline jar at %d sockets (same rounds): sidecar + Redis %.0f ms, "
                  + "ratio to bare %.2f× (this jar: %.0f ms, %.2f×).%n",
              n,
              baseline,
              baseline / millis(trials, "bare WebSocket", n),
              millis(trials, "sidecar + Redis", n),
              millis(trials, "sidecar + Redis", n) / millis(trials, "bare WebSocket", n)));
    }
    double quiet = millis(trials, DrainBench.QUIET, sizes.get(sizes.size() - 1));
    if (!Double.isNaN(quiet)) {
      int n = sizes.get(sizes.size() - 1);
      md.append(
          String.format(
              Locale.ROOT,
              "%nExperiment at %d sockets: sidecar + Redis %.0f ms, the same with the "
                  + "hand-off log at WARN %.0f ms (%.2f×), bare %.0f ms (ratio to bare with the log quiet: %.2f×).%n",
              n,
              millis(trials, "sidecar + Redis", n),
              quiet,
              quiet / millis(trials, "sidecar + Redis", n),
              millis(trials, "bare WebSocket", n),
              quiet / millis(trials, "bare WebSocket", n)));
    }
    return md.toString();
  }

  static String chart(List<DrainBench.Trial> trials, List<Integer> sizes) {
    SvgChart chart =
        new SvgChart(
            "First drain after start (cold), 2 KiB state per socket",
            "opted-in sockets",
            "drain time, ms");
    for (String kind :
        List.of(
            "bare WebSocket", "sidecar, in-memory store", "sidecar + Redis", "redis-benchmark")) {
      List<double[]> points = new ArrayList<>();
      for (int n : sizes) {
        double m = millis(trials, kind, n);
        if (!Double.isNaN(m)) points.add(new double[] {n, m});
      }
      chart.add(
          new SvgChart.Series(
              kind.equals("redis-benchmark") ? "redis-benchmark SET -P 1000" : kind, points));
    }
    return chart.render();
  }

  /** Median over the rounds of the server's own figure; -1 if no round of this kind succeeded. */
  private static long server(List<DrainBench.Trial> trials, String kind, int n) {
    double m =
        median(
            trials.stream()
                .filter(t -> t.kind().equals(kind) && t.sockets() == n && t.serverMillis() >= 0)
                .mapToDouble(DrainBench.Trial::serverMillis)
                .toArray());
    return Double.isNaN(m) ? -1 : Math.round(m);
  }

  /**
   * Median over the rounds of drain start to the last close the clients saw; NaN if none succeeded.
   */
  static double millis(List<DrainBench.Trial> trials, String kind, int n) {
    return median(
        trials.stream()
            .filter(
                t -> t.kind().equals(kind) && t.sockets() == n && !Double.isNaN(t.clientMillis()))
            .mapToDouble(DrainBench.Trial::clientMillis)
            .toArray());
  }

  static double median(double[] values) {
    if (values.length == 0) return Double.NaN;
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static Optional<DrainBench.Trial> find(
      List<DrainBench.Trial> trials, String kind, int n) {
    return trials.stream().filter(t -> t.kind().equals(kind) && t.sockets() == n).findFirst();
  }
}
