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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark 4: memory per idle proxied WebSocket. N sockets through nginx (one worker) and through
 * the sidecar jar (container flags), plain and opted in; RSS of the proxy before and after (/proc
 * VmRSS), and for the JVM the live heap after a full GC (jcmd), divided by N.
 */
final class MemoryBench {
  private final Path jar;
  private final Path out;
  private final int sockets;
  private final PrintStream log;

  private final List<String> flags;
  private final Tools tools;

  /**
   * @param heap the sidecar's -Xmx; the container's 96m runs out of heap near 3,100 idle proxied
   *     sockets (measured), so the per-socket figure at 9,000 needs a larger one
   */
  MemoryBench(Path jar, Path out, int sockets, String heap, Tools tools, PrintStream log) {
    this.tools = tools;
    this.flags = ContainerFlags.withHeap(heap);
    this.jar = jar;
    this.out = out;
    this.sockets = sockets;
    this.log = log;
  }

  record Row(
      String proxy,
      long rssBeforeKib,
      long rssAfterKib,
      long heapBeforeKib,
      long heapAfterKib,
      int open) {
    double rssPerSocketKib(int n) {
      return (rssAfterKib - rssBeforeKib) / (double) n;
    }

    double heapPerSocketKib(int n) {
      return heapBeforeKib < 0 ? Double.NaN : (heapAfterKib - heapBeforeKib) / (double) n;
    }
  }

  String run() {
    Path logs = out.resolve("logs");
    String nginxBinary = tools.ensure(DebianPackage.NGINX);
    Vertx vertx = Vertx.vertx();
    try (EchoAppProcess app = EchoAppProcess.start(logs)) {
      Row nginx;
      try (NginxProcess n = NginxProcess.start(nginxBinary, app.port(), logs)) {
        nginx = measure(vertx, "nginx (1 worker)", n.port(), n.workerPid(), false);
      }
      Row plain;
      try (SidecarProcess s =
          SidecarProcess.start(
              jar,
              flags,
              app.url(),
              Optional.empty(),
              Map.of(),
              logs.resolve("memory-sidecar.log"))) {
        plain = measure(vertx, "sidecar, plain sockets", s.listenPort(), s.process().pid(), false);
      }
      Row optedIn;
      try (SidecarProcess s =
          SidecarProcess.start(
              jar,
              flags,
              app.url(),
              Optional.empty(),
              Map.of(),
              logs.resolve("memory-sidecar-optin.log"))) {
        optedIn =
            measure(vertx, "sidecar, opted-in sockets", s.listenPort(), s.process().pid(), true);
      }
      return table(List.of(nginx, plain, optedIn));
    } finally {
      vertx.close();
    }
  }

  private Row measure(Vertx vertx, String proxy, int port, long pid, boolean optIn) {
    boolean jvm = !proxy.startsWith("nginx");
    // Warm the path (classes loaded, buffers pooled) with a few sockets first, so the delta is per
    // socket.
    try (OptedInClients warm = new OptedInClients(vertx, port, "/idle", 64, 200, optIn)) {
      warm.connect(200).await(60, TimeUnit.SECONDS);
      ChildProcess.sleep(500);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(proxy + ": warm-up sockets did not connect", e);
    }
    ChildProcess.sleep(2000);
    long heapBefore = jvm ? liveHeapKib(pid) : -1;
    long before = ProcStatus.rssKib(pid);
    try (OptedInClients clients = new OptedInClients(vertx, port, "/idle", 64, sockets, optIn)) {
      clients.connect(sockets).await(180, TimeUnit.SECONDS);
      ChildProcess.sleep(3000);
      long heapAfter = jvm ? liveHeapKib(pid) : -1;
      long after = ProcStatus.rssKib(pid);
      if (jvm) histogram(pid, proxy);
      Row row = new Row(proxy, before, after, heapBefore, heapAfter, clients.open());
      log.printf(
          Locale.ROOT,
          "  %-28s RSS %d -> %d KiB (%.1f KiB/socket), live heap %d -> %d KiB, open %d%n",
          proxy,
          before,
          after,
          row.rssPerSocketKib(sockets),
          heapBefore,
          heapAfter,
          clients.open());
      return row;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(proxy + ": sockets did not connect", e);
    }
  }

  /**
   * What the sockets keep alive, class by class: the top of jcmd's histogram, beside the tables.
   */
  private void histogram(long pid, String proxy) {
    String[] lines =
        Shell.run(List.of("jcmd", Long.toString(pid), "GC.class_histogram"), 120).split("\n");
    StringBuilder top =
        new StringBuilder(
            "# " + proxy + ", " + sockets + " idle sockets: jcmd GC.class_histogram, top 25\n");
    for (int i = 0; i < Math.min(lines.length, 28); i++) top.append(lines[i]).append('\n');
    String name = proxy.replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "");
    BenchCommand.write(out.resolve("memory-histogram-" + name + ".txt"), top.toString());
  }

  /**
   * Heap in use right after a full GC, from jcmd (GC.run then GC.heap_info): what the sockets keep
   * alive.
   */
  static long liveHeapKib(long pid) {
    Shell.run(List.of("jcmd", Long.toString(pid), "GC.run"), 60);
    return usedKib(Shell.run(List.of("jcmd", Long.toString(pid), "GC.heap_info"), 60));
  }

  static long usedKib(String heapInfo) {
    long sum = 0;
    Matcher m =
        Pattern.compile("(generation|space)\\s+total \\d+K, used (\\d+)K").matcher(heapInfo);
    while (m.find()) if (m.group(1).equals("generation")) sum += Long.parseLong(m.group(2));
    return sum;
  }

  private String table(List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| proxy | sockets open | RSS before → after (KiB) | RSS per socket (KiB) | live heap per socket (KiB) |\n");
    md.append("|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d → %d | %.1f | %s |\n",
              r.proxy(),
              r.open(),
              r.rssBeforeKib(),
              r.rssAfterKib(),
              r.rssPerSocketKib(sockets),
              Double.isNaN(r.heapPerSocketKib(sockets))
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.1f", r.heapPerSocketKib(sockets))));
    }
    double nginx = rows.get(0).rssPerSocketKib(sockets);
    for (Row r : rows.subList(1, rows.size())) {
      double ratio = r.rssPerSocketKib(sockets) / nginx;
      md.append(
          String.format(
              Locale.ROOT,
              "\n%s vs nginx, RSS per socket: %.2f× (goal ≤ 1.0×): %s",
              r.proxy(),
              ratio,
              ratio <= 1.0 ? "met" : "**missed**"));
    }
    return md.append("\n\nSidecar JVM flags: `")
        .append(String.join(" ", flags))
        .append("`\n")
        .toString();
  }
}
