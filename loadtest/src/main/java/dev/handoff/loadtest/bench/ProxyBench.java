package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.DebianPackage;
import dev.handoff.loadtest.cluster.Tools;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark 3: HTTP req/s and latency (wrk, one thread, 50 connections) and WebSocket echo
 * messages/s (50 ping-pong sockets) straight to the app, through nginx (one worker) and through the
 * sidecar jar (container flags), each warmed by an unmeasured run of the same length first.
 */
final class ProxyBench {
  private static final int CONNECTIONS = 50;

  private final Path jar;
  private final Path out;
  private final int seconds;
  private final PrintStream log;
  private final Tools tools;

  ProxyBench(Path jar, Path out, int seconds, Tools tools, PrintStream log) {
    this.tools = tools;
    this.jar = jar;
    this.out = out;
    this.seconds = seconds;
    this.log = log;
  }

  /** One worker each: nginx runs one worker process, the sidecar one event loop. */
  private static final Map<String, String> ONE_LOOP = Map.of("HANDOFF_EVENT_LOOPS", "1");

  /**
   * One path's figures; {@code httpCpu} and {@code wsCpu} are the proxy's own CPU time during the
   * measured runs (null straight to the app), to say where a gap in req/s comes from.
   */
  record Row(
      String path,
      WrkRun http,
      EchoLoad.Result ws,
      ProcStatus.CpuTime httpCpu,
      ProcStatus.CpuTime wsCpu) {}

  String run() {
    Path logs = out.resolve("logs");
    String wrk = tools.ensure(DebianPackage.WRK);
    String nginxBinary = tools.ensure(DebianPackage.NGINX);
    Vertx vertx = Vertx.vertx();
    try (EchoAppProcess app = EchoAppProcess.start(logs)) {
      Row straight = measure(vertx, wrk, "straight to the app", app.port(), -1);
      Row viaNginx;
      try (NginxProcess nginx = NginxProcess.start(nginxBinary, app.port(), logs)) {
        viaNginx = measure(vertx, wrk, "nginx (1 worker)", nginx.port(), nginx.workerPid());
      }
      Row viaSidecar;
      try (SidecarProcess s =
          SidecarProcess.start(
              jar,
              ContainerFlags.SIDECAR,
              app.url(),
              Optional.empty(),
              ONE_LOOP,
              logs.resolve("proxy-sidecar.log"))) {
        viaSidecar =
            measure(vertx, wrk, "sidecar (container flags)", s.listenPort(), s.process().pid());
      }
      // The image ran C1 only (-XX:TieredStopAtLevel=1) before; this row shows what that cost.
      Row viaSidecarC1;
      List<String> c1 = new java.util.ArrayList<>(ContainerFlags.SIDECAR);
      c1.add("-XX:TieredStopAtLevel=1");
      try (SidecarProcess s =
          SidecarProcess.start(
              jar,
              c1,
              app.url(),
              Optional.empty(),
              ONE_LOOP,
              logs.resolve("proxy-sidecar-c1.log"))) {
        viaSidecarC1 =
            measure(
                vertx,
                wrk,
                "sidecar, C1 only (+TieredStopAtLevel=1)",
                s.listenPort(),
                s.process().pid());
      }
      return table(straight, viaNginx, viaSidecar, viaSidecarC1);
    } finally {
      vertx.close();
    }
  }

  /** {@code proxyPid}: the process whose CPU time the measured runs take, or -1 for none. */
  private Row measure(Vertx vertx, String wrk, String path, int port, long proxyPid) {
    WrkRun.against(wrk, port, CONNECTIONS, seconds);
    ProcStatus.CpuTime before = proxyPid < 0 ? null : ProcStatus.cpu(proxyPid);
    WrkRun http = WrkRun.against(wrk, port, CONNECTIONS, seconds);
    ProcStatus.CpuTime httpCpu = spent(proxyPid, before);
    EchoLoad.run(vertx, port, CONNECTIONS, seconds);
    before = proxyPid < 0 ? null : ProcStatus.cpu(proxyPid);
    EchoLoad.Result ws = EchoLoad.run(vertx, port, CONNECTIONS, seconds);
    ProcStatus.CpuTime wsCpu = spent(proxyPid, before);
    log.printf(
        Locale.ROOT,
        "  %-28s HTTP %9.0f req/s p50 %.2f ms p99 %.2f ms | WS %9.0f msg/s p50 %.2f ms p99 %.2f ms"
            + " (load %s)%n",
        path,
        http.requestsPerSecond(),
        http.p50Millis(),
        http.p99Millis(),
        ws.messagesPerSecond(),
        ws.p50Millis(),
        ws.p99Millis(),
        Machine.loadAverage());
    return new Row(path, http, ws, httpCpu, wsCpu);
  }

  private static ProcStatus.CpuTime spent(long pid, ProcStatus.CpuTime before) {
    if (before == null) return null;
    ProcStatus.CpuTime after = ProcStatus.cpu(pid);
    return after == null ? null : after.minus(before);
  }

  /** The proxy's CPU per request or message in µs, as user + system; "–" without a proxy. */
  private String perUnit(ProcStatus.CpuTime cpu, double perSecond) {
    if (cpu == null || perSecond <= 0) return "–";
    double units = perSecond * seconds;
    return String.format(
        Locale.ROOT,
        "%.1f + %.1f",
        cpu.userMillis() * 1000.0 / units,
        cpu.systemMillis() * 1000.0 / units);
  }

  private String table(Row straight, Row nginx, Row sidecar, Row sidecarC1) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| path | HTTP req/s | HTTP p50 ms | HTTP p99 ms | proxy CPU µs/req (user + sys) | WS echo"
            + " msg/s | WS p50 ms | WS p99 ms | proxy CPU µs/msg (user + sys) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : new Row[] {straight, nginx, sidecar, sidecarC1}) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.2f | %.2f | %s | %.0f | %.2f | %.2f | %s |\n",
              r.path(),
              r.http().requestsPerSecond(),
              r.http().p50Millis(),
              r.http().p99Millis(),
              perUnit(r.httpCpu(), r.http().requestsPerSecond()),
              r.ws().messagesPerSecond(),
              r.ws().p50Millis(),
              r.ws().p99Millis(),
              perUnit(r.wsCpu(), r.ws().messagesPerSecond())));
    }
    double httpRatio = sidecar.http().requestsPerSecond() / nginx.http().requestsPerSecond();
    double wsRatio = sidecar.ws().messagesPerSecond() / nginx.ws().messagesPerSecond();
    md.append(
        String.format(
            Locale.ROOT,
            "\n| goal | sidecar | nginx | ratio | |\n|---|---|---|---|---|\n"
                + "| HTTP req/s ≥ 1.0× nginx | %.0f | %.0f | %.2f× | %s |\n"
                + "| WS echo msg/s ≥ 1.0× nginx | %.0f | %.0f | %.2f× | %s |\n",
            sidecar.http().requestsPerSecond(),
            nginx.http().requestsPerSecond(),
            httpRatio,
            httpRatio >= 1 ? "met" : "**missed**",
            sidecar.ws().messagesPerSecond(),
            nginx.ws().messagesPerSecond(),
            wsRatio,
            wsRatio >= 1 ? "met" : "**missed**"));
    return md.toString();
  }
}
