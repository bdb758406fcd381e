package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.DebianPackage;
import dev.handoff.loadtest.cluster.Tools;
import dev.handoff.testkit.FreePort;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 5 inside a container ({@code bench footprint --container IMAGE}): the sidecar image run
 * by podman as a pod runs it (512m memory limit, the injected JVM flags), connected to our
 * redis-server, no traffic. Ready time and idle RSS are read as {@link FootprintBench} reads them
 * outside a container: start-to-ready by polling {@code /readyz} every 5 ms, VmRSS of the
 * container's JVM (seen from the host) 3 s and 10 s after. Ready is given twice: from spawning
 * {@code podman run} (what a pod's start costs, the runtime included) and from the JVM's own start
 * (the figure comparable with the jar's).
 */
final class ContainerFootprintBench {
  private static final long IDLE_MILLIS = 3000;
  private static final long SETTLED_MILLIS = 10_000;

  private final String image;
  private final Path out;
  private final int runs;
  private final Tools tools;
  private final PrintStream log;
  private final List<String> javaOptions;

  /**
   * @param javaOptions the pod's JAVA_TOOL_OPTIONS: the operator's, or another image's
   *     (--java-options)
   */
  ContainerFootprintBench(
      String image, List<String> javaOptions, Path out, int runs, Tools tools, PrintStream log) {
    this.javaOptions = List.copyOf(javaOptions);
    this.image = image;
    this.out = out;
    this.runs = runs;
    this.tools = tools;
    this.log = log;
  }

  String run() {
    Path logs = out.resolve("logs");
    String podman = tools.ensure(DebianPackage.PODMAN);
    String runc = tools.ensure(DebianPackage.RUNC);
    Path conf = logs.resolve("footprint-containers.conf").toAbsolutePath();
    BenchCommand.write(conf, PodmanSidecar.containersConf());
    // Never pulled (no registry here, and a pulled image would not be the one under test): it must
    // be built.
    String id =
        Shell.run(
                List.of(
                    podman,
                    "--runtime",
                    runc,
                    "--cgroup-manager",
                    "cgroupfs",
                    "image",
                    "inspect",
                    "--format",
                    "{{.Id}}",
                    image),
                60,
                PodmanSidecar.podmanEnv(conf))
            .trim();
    if (!id.matches("[0-9a-f]{12,}")) {
      throw new IllegalStateException(
          "no image " + image + " in podman's storage: build it (bash scripts/e2e/images.sh)");
    }
    Samples fromPodman = new Samples();
    Samples fromJvm = new Samples();
    Samples rss = new Samples();
    Samples settled = new Samples();
    Samples cgroup = new Samples();
    long limit = -1;
    String loadBefore = Machine.loadAverage();
    try (LocalRedis redis = LocalRedis.start(logs, tools)) {
      for (int i = 0; i < runs; i++) {
        // Held together: two calls of next() in a row can return one port, and the sidecar refuses
        // equal ports.
        int[] ports = FreePort.distinct(2);
        int listen = ports[0];
        int admin = ports[1];
        String name = "handoff-bench-footprint-" + ProcessHandle.current().pid() + "-" + i;
        List<String> cmd =
            PodmanSidecar.command(
                podman,
                runc,
                image,
                name,
                Map.of(
                    "HANDOFF_APP",
                    "bench",
                    "HANDOFF_VERSION",
                    "1",
                    "HANDOFF_LISTEN_PORT",
                    Integer.toString(listen),
                    "HANDOFF_ADMIN_PORT",
                    Integer.toString(admin),
                    "HANDOFF_UPSTREAM",
                    "http://127.0.0.1:9",
                    "HANDOFF_REDIS_URL",
                    redis.url()),
                javaOptions);
        try (ChildProcess p =
            ChildProcess.spawn(
                "podman run " + image,
                cmd,
                PodmanSidecar.podmanEnv(conf),
                logs.resolve("footprint-container-" + i + ".log"))) {
          try {
            Duration ready =
                p.awaitOk(
                    URI.create("http://127.0.0.1:" + admin + "/readyz"), Duration.ofSeconds(120));
            long readyAt = ProcStatus.uptimeMillis();
            long jvm = containerPid(podman, runc, conf, name);
            long jvmReady = readyAt - ProcStatus.startedMillisSinceBoot(jvm);
            fromPodman.add(ready.toMillis());
            fromJvm.add(jvmReady);
            ChildProcess.sleep(IDLE_MILLIS);
            long rssKib = ProcStatus.rssKib(jvm);
            rss.add(rssKib);
            ChildProcess.sleep(SETTLED_MILLIS - IDLE_MILLIS);
            long settledKib = ProcStatus.rssKib(jvm);
            settled.add(settledKib);
            MemoryCgroup cg = MemoryCgroup.of(jvm);
            cg.usageBytes().ifPresent(b -> cgroup.add(b / 1024));
            limit = cg.limitBytes().orElse(-1);
            log.printf(
                Locale.ROOT,
                "  run %d: ready %d ms from podman run, %d ms from the JVM's start; RSS %.1f MiB,"
                    + " at 10 s %.1f MiB; cgroup limit %s%n",
                i,
                ready.toMillis(),
                jvmReady,
                rssKib / 1024.0,
                settledKib / 1024.0,
                limit < 0 ? "unknown" : (limit >> 20) + " MiB");
          } finally {
            // podman run passes our SIGTERM on (the sidecar drains and exits); a stop makes sure of
            // it.
            Shell.run(
                List.of(
                    podman,
                    "--runtime",
                    runc,
                    "--cgroup-manager",
                    "cgroupfs",
                    "stop",
                    "-t",
                    "20",
                    "--ignore",
                    name),
                60,
                PodmanSidecar.podmanEnv(conf));
          }
        }
      }
    }
    return table(fromPodman, fromJvm, rss, settled, cgroup, limit, loadBefore);
  }

  private static long containerPid(String podman, String runc, Path conf, String name) {
    String out =
        Shell.run(
                List.of(
                    podman,
                    "--runtime",
                    runc,
                    "--cgroup-manager",
                    "cgroupfs",
                    "inspect",
                    "--format",
                    "{{.State.Pid}}",
                    name),
                30,
                PodmanSidecar.podmanEnv(conf))
            .trim();
    try {
      return Long.parseLong(out);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("podman inspect " + name + " printed no pid: " + out);
    }
  }

  private String table(
      Samples fromPodman,
      Samples fromJvm,
      Samples rss,
      Samples settled,
      Samples cgroup,
      long limit,
      String loadBefore) {
    long readyJvm = fromJvm.percentile(50);
    double settledMib = settled.percentile(50) / 1024.0;
    return String.format(
        Locale.ROOT,
        """
        | variant | start-to-ready p50 ms from podman run (runs) | from the JVM's start | idle RSS p50 MiB at 3 s \
        | at 10 s | memory cgroup at 10 s MiB | goal ready ≤ 600 ms | goal RSS ≤ 64 MiB (10 s) |
        |---|---|---|---|---|---|---|---|
        | `%s`, podman `--memory %s` (cgroup limit %s), image flags | %d (%d) | %d | %.1f | %.1f | %s | %s | %s |

        Load average (1 min): %s before, %s after. JAVA_TOOL_OPTIONS `%s`; the JVM sizes its heap \
        from the cgroup limit. RSS is the container's JVM's VmRSS read from the host; the memory cgroup's usage \
        (what the limit is checked against) also counts the page cache it touched. The JVM's start is its process \
        start time (10 ms ticks).
        """,
        image,
        PodmanSidecar.MEMORY_LIMIT,
        limit < 0 ? "unknown" : (limit >> 20) + " MiB",
        fromPodman.percentile(50),
        runs,
        readyJvm,
        rss.percentile(50) / 1024.0,
        settledMib,
        cgroup.count() == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f", cgroup.percentile(50) / 1024.0),
        readyJvm <= 600 ? "met" : "**missed**",
        settledMib <= 64 ? "met" : "**missed**",
        loadBefore,
        Machine.loadAverage(),
        String.join(" ", javaOptions));
  }
}
