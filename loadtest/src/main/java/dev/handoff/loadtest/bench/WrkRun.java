package dev.handoff.loadtest.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of Debian's {@code wrk} (one thread, keep-alive connections) and the figures it printed.
 */
record WrkRun(double requestsPerSecond, double p50Millis, double p99Millis, String raw) {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

  static WrkRun against(String wrk, int port, int connections, int seconds) {
    String out =
        Shell.run(
            List.of(
                wrk,
                "-t1",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "http://127.0.0.1:" + port + "/"),
            seconds + 30);
    return parse(out);
  }

  static WrkRun parse(String out) {
    Matcher m = RPS.matcher(out);
    if (!m.find()) throw new IllegalStateException("wrk printed no Requests/sec: " + out);
    return new WrkRun(
        Double.parseDouble(m.group(1)), percentile(out, "50%"), percentile(out, "99%"), out);
  }

  /** wrk's latency distribution line (" 99% 1.23ms") in milliseconds. */
  static double percentile(String out, String label) {
    Matcher m =
        Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!m.find()) return Double.NaN;
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}
