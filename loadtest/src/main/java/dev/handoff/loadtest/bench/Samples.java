package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.report.Percentiles;
import java.util.Arrays;

/**
 * Latencies (or any values) of one measurement, kept whole so percentiles are exact, not bucketed.
 */
public final class Samples {
  private long[] values = new long[1024];
  private int count;

  public synchronized void add(long value) {
    if (count == values.length) values = Arrays.copyOf(values, count * 2);
    values[count++] = value;
  }

  public synchronized int count() {
    return count;
  }

  /** Nearest-rank percentile (p in 0..100) of what was added; 0 when empty. */
  public synchronized long percentile(double p) {
    if (count == 0) return 0;
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return Percentiles.nearestRank(sorted, p / 100.0);
  }

  public synchronized double mean() {
    if (count == 0) return 0;
    double sum = 0;
    for (int i = 0; i < count; i++) sum += values[i];
    return sum / count;
  }
}
