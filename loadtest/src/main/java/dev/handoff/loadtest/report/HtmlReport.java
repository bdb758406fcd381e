package dev.handoff.loadtest.report;

import dev.handoff.loadtest.cluster.PodStop;
import java.time.Instant;
import java.util.Locale;

/**
 * The run as one self-contained HTML file: the verdict, a chart of the clients, and each deploy's
 * table.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:920px;color:#1d2330;padding:0 1rem}
      h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}code{background:#f2f4f7;padding:1px 4px}
      .ok{color:#127a3a}.bad{color:#b3261e}table{border-collapse:collapse;margin:.5rem 0}
      td,th{padding:3px 10px;border-bottom:1px solid #e4e7ec;text-align:right}td:first-child,th:first-child{text-align:left}
      svg{width:100%;height:auto;background:#fbfcfd;border:1px solid #e4e7ec;margin:.5rem 0}
      .axis{stroke:#98a2b3}.tick{font-size:11px;fill:#475467}.mark{stroke:#c4cad4;stroke-dasharray:3 3}
      polyline{fill:none;stroke-width:1.6}polyline.settled{stroke:#127a3a}polyline.transit{stroke:#dc6803}
      polyline.lost{stroke:#b3261e}.legend{font-size:12px}text.settled{fill:#127a3a}text.transit{fill:#dc6803}
      text.lost{fill:#b3261e}.bar{fill:#3e6ec9}
      """;

  private HtmlReport() {}

  public static String render(RunReport run) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Handoff rolling deploy</title>")
        .append("<style>")
        .append(STYLE)
        .append("</style></head><body>");
    b.append("<h1>Handoff rolling deploy — <span class='")
        .append(run.anyLost() ? "bad'>clients lost" : "ok'>no client lost")
        .append("</span></h1>");
    b.append("<p><code>")
        .append(Html.escape(run.command()))
        .append("</code><br>")
        .append(Html.escape(run.setup()))
        .append("<br>")
        .append(run.pods() > 0 ? run.pods() + " pods, " : "")
        .append(run.clients())
        .append(" clients, state ")
        .append(Html.escape(run.stateBytes()))
        .append(" bytes, ")
        .append(run.deploys().size())
        .append(" deploy(s), ")
        .append(String.format(Locale.ROOT, "%.1f s", run.durationMillis() / 1000.0))
        .append(", started ")
        .append(Instant.ofEpochMilli(run.startedAtEpochMillis()))
        .append("</p>");
    b.append("<p>Clients: <b>")
        .append(run.intactClients())
        .append("</b> intact, <b>")
        .append(run.refreshedClients())
        .append("</b> refreshed, <b class='")
        .append(run.lostClients() > 0 ? "bad" : "ok")
        .append("'>")
        .append(run.lostClients())
        .append("</b> lost.</p>");
    b.append("<h2>Clients over the run</h2>")
        .append(Svg.timeline(run.timeline(), run.marks(), run.clients()));
    b.append("<p>Dashed lines: steps of the deploy (hover for what happened).</p>");
    for (DeployResult d : run.deploys()) deploy(b, d);
    return b.append("</body></html>\n").toString();
  }

  private static void deploy(StringBuilder b, DeployResult d) {
    b.append(
        String.format(
            Locale.ROOT,
            "<h2>Deploy %d: v%d → v%d (%.1f s)</h2>",
            d.index(),
            d.fromVersion(),
            d.toVersion(),
            d.durationMillis() / 1000.0));
    b.append(
            "<table><tr><th>clients</th><th>handed off</th><th>restored</th><th>refreshed</th><th>lost</th>")
        .append("<th>retried connects</th></tr><tr>");
    for (long v :
        new long[] {
          d.clients(), d.handedOff(), d.restored(), d.refreshed(), d.lostViews(), d.retries()
        }) {
      b.append("<td>").append(v).append("</td>");
    }
    b.append("</tr></table>");
    if (!d.drains().isEmpty()) {
      b.append(
          "<table><tr><th>pod</th><th>drain</th><th>opted in</th><th>stored</th><th>timeout</th><th>aborted</th></tr>");
      for (PodStop s : d.drains()) {
        b.append("<tr><td>")
            .append(Html.escape(s.pod()))
            .append("</td><td>")
            .append(s.drainMillis())
            .append(" ms</td>");
        s.report()
            .ifPresentOrElse(
                r ->
                    b.append("<td>")
                        .append(r.optedIn())
                        .append("</td><td>")
                        .append(r.stored())
                        .append("</td><td>")
                        .append(r.timeout())
                        .append("</td><td>")
                        .append(r.aborted())
                        .append("</td>"),
                () -> b.append("<td colspan='4'>no report</td>"));
        b.append("</tr>");
      }
      b.append("</table>");
    }
    b.append(
        "<table><tr><th>latency (ms)</th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>n</th></tr>");
    row(b, "drain → handoff", d.handoffLatency());
    row(b, "reconnect → restored", d.reconnectLatency());
    row(b, "drain → restored", d.gap());
    b.append("</table>");
    b.append(
        Svg.histogram(d.handoffLatencyMicros(), "Hand-off latency, drain frame to handoff frame"));
    b.append(
            "<p>Hand-off latency: how long each socket took from the <code>drain</code> frame to its ")
        .append("<code>handoff</code> frame (state sent, snapshot stored, token received).</p>");
  }

  private static void row(StringBuilder b, String label, Percentiles p) {
    b.append(
        String.format(
            Locale.ROOT,
            "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%d</td></tr>",
            Html.escape(label),
            p.p50(),
            p.p95(),
            p.p99(),
            p.max(),
            p.count()));
  }
}
