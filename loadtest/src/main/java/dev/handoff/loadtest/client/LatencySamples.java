package dev.handoff.loadtest.client;

import java.util.Arrays;

/** Every sample of one latency, in microseconds; a few thousand per deploy, so all are kept. */
public final class LatencySamples {
  private long[] values = new long[1024];
  private int size;

  public synchronized void add(long nanos) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = nanos / 1000;
  }

  /** A sorted copy, in microseconds. */
  public synchronized long[] sorted() {
    long[] copy = Arrays.copyOf(values, size);
    Arrays.sort(copy);
    return copy;
  }
}
