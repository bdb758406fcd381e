package dev.handoff.loadtest.report;

import dev.handoff.loadtest.client.LatencySamples;

/** A latency summary in milliseconds; all zero when nothing was measured. */
public record Percentiles(int count, double p50, double p95, double p99, double max) {
  public static Percentiles of(LatencySamples samples) {
    return of(samples.sorted());
  }

  /**
   * @param sortedMicros ascending, in microseconds
   */
  public static Percentiles of(long[] sortedMicros) {
    int n = sortedMicros.length;
    if (n == 0) return new Percentiles(0, 0, 0, 0, 0);
    return new Percentiles(
        n,
        ms(nearestRank(sortedMicros, 0.50)),
        ms(nearestRank(sortedMicros, 0.95)),
        ms(nearestRank(sortedMicros, 0.99)),
        ms(sortedMicros[n - 1]));
  }

  /**
   * Nearest rank: the smallest sample with at least {@code q} (0 to 1) of all samples at or below
   * it. Exact, as the samples are all kept (the HTML report draws every one), so no bucketing
   * histogram is needed.
   */
  public static long nearestRank(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }
}
