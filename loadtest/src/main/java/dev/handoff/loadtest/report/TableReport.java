package dev.handoff.loadtest.report;

import dev.handoff.loadtest.cluster.PodStop;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The run as text: one table per deploy, then the verdict. */
public final class TableReport {
  private TableReport() {}

  public static String render(RunReport run) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%s%n%s%n%s%d clients, state %s bytes, %d deploy(s), %.1f s%n",
            run.command(),
            run.setup(),
            run.pods() > 0 ? run.pods() + " pods, " : "",
            run.clients(),
            run.stateBytes(),
            run.deploys().size(),
            run.durationMillis() / 1000.0));
    for (DeployResult d : run.deploys()) deploy(b, d);
    b.append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "clients: %d intact, %d refreshed, %d lost%n",
            run.intactClients(),
            run.refreshedClients(),
            run.lostClients()));
    b.append(
        run.anyLost()
            ? "RESULT: LOST — some clients lost their view\n"
            : "RESULT: OK — no client lost its view\n");
    return b.toString();
  }

  private static void deploy(StringBuilder b, DeployResult d) {
    b.append(
        String.format(
            Locale.ROOT,
            "%nDeploy %d  v%d → v%d  (%.1f s)%n",
            d.index(),
            d.fromVersion(),
            d.toVersion(),
            d.durationMillis() / 1000.0));
    row(b, "clients", d.clients(), "");
    row(
        b,
        "handed off",
        d.handedOff(),
        "sockets asked for their state; " + d.tokens() + " got a token");
    row(b, "restored", d.restored(), "state back byte for byte");
    row(
        b,
        "refreshed",
        d.refreshed(),
        d.refreshed() > 0 ? "told to reload (outside the version window)" : "");
    row(b, "lost", d.lostViews(), lostNote(d));
    row(
        b,
        "retried connects",
        d.retries(),
        "503 (draining pod, or old pod steering to the new version), refused");
    if (!d.drains().isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-20s %s%n",
              "drain time per pod",
              d.drains().stream().map(TableReport::drain).collect(Collectors.joining(" · "))));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  %-20s %8s %8s %8s %8s %7s%n",
            "latency (ms)",
            "p50",
            "p95",
            "p99",
            "max",
            "n"));
    latency(b, "drain → handoff", d.handoffLatency());
    latency(b, "reconnect → restored", d.reconnectLatency());
    latency(b, "drain → restored", d.gap());
    ResourceSample r = d.resources();
    if (r.heapAfterGcBytes() >= 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-20s heap after GC %.1f MiB · open files %d · snapshots waiting %d%n",
              "after the deploy",
              r.heapAfterGcBytes() / 1048576.0,
              r.openFiles(),
              r.waitingSnapshots()));
    }
    if (!d.sidecarCounters().isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-20s %s%n",
              "sidecar counters",
              d.sidecarCounters().entrySet().stream()
                  .map(e -> "v" + e.getKey() + " " + nonZero(e.getValue()))
                  .collect(Collectors.joining(" · "))));
    }
  }

  private static String drain(PodStop s) {
    return s.pod() + " " + s.drainMillis() + " ms";
  }

  private static String lostNote(DeployResult d) {
    if (d.lostViews() == 0) return "";
    StringBuilder n = new StringBuilder();
    d.lostReasons()
        .forEach((k, v) -> n.append(n.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    if (d.unsettled() > 0)
      n.append(n.length() == 0 ? "" : ", ").append("never_back=").append(d.unsettled());
    return n.toString();
  }

  private static String nonZero(Map<String, Long> counters) {
    String s =
        counters.entrySet().stream()
            .filter(e -> e.getValue() != 0)
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    return s.isEmpty() ? "-" : s;
  }

  private static void row(StringBuilder b, String label, long value, String note) {
    b.append(String.format(Locale.ROOT, "  %-20s %8d   %s%n", label, value, note).stripTrailing())
        .append('\n');
  }

  private static void latency(StringBuilder b, String label, Percentiles p) {
    b.append(
        String.format(
            Locale.ROOT,
            "    %-18s %8.1f %8.1f %8.1f %8.1f %7d%n",
            label,
            p.p50(),
            p.p95(),
            p.p99(),
            p.max(),
            p.count()));
  }
}
