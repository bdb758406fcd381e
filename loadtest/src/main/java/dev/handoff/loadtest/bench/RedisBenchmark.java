package dev.handoff.loadtest.bench;

import java.util.List;

/**
 * Debian's {@code redis-benchmark} writing the same number of values of the same size, one
 * connection, pipelined 1000 deep: the store's own speed limit, against which the drain's store
 * share is judged.
 */
final class RedisBenchmark {
  private RedisBenchmark() {}

  /**
   * Milliseconds {@code redis-benchmark -c 1 -P 1000 -n values -d bytes -t set} needed (from its
   * rps).
   */
  static double setMillis(String redisBenchmark, int port, int values, int bytes) {
    String out =
        Shell.run(
            List.of(
                redisBenchmark,
                "-p",
                Integer.toString(port),
                "-c",
                "1",
                "-P",
                "1000",
                "-n",
                Integer.toString(values),
                "-d",
                Integer.toString(bytes),
                "-t",
                "set",
                "--csv"),
            120);
    return values * 1000.0 / rps(out);
  }

  /** The SET line's requests per second from {@code --csv} output ("SET","123456.78",…). */
  static double rps(String csv) {
    for (String line : csv.split("\n")) {
      String[] cells = line.replace("\"", "").split(",");
      if (cells.length >= 2 && cells[0].trim().equals("SET"))
        return Double.parseDouble(cells[1].trim());
    }
    throw new IllegalStateException("no SET line in redis-benchmark output: " + csv);
  }
}
