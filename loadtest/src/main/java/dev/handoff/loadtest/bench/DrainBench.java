package dev.handoff.loadtest.bench;

import dev.handoff.demo.DemoApp;
import dev.handoff.loadtest.cluster.DebianPackage;
import dev.handoff.loadtest.cluster.Tools;
import dev.handoff.testkit.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark 1: the first drain after start of N opted-in sockets (state of a fixed size), on the
 * sidecar jar with Redis, on the sidecar jar with its in-memory store, and on a bare WebSocket
 * server, each a fresh JVM with the container's flags; and redis-benchmark writing the same N
 * values. The clients (and the demo app behind the sidecar) live in this JVM; the time is from the
 * drain request to the last close the clients saw.
 */
final class DrainBench {
  record Trial(
      String kind,
      int sockets,
      double clientMillis,
      long serverMillis,
      int answered,
      int closed,
      long rssKibAfter,
      String report) {}

  private final Path jar;
  private final Path out;
  private final int stateBytes;
  private final PrintStream log;
  private final List<String> flags;
  static final String QUIET = "sidecar + Redis, hand-off log at WARN";

  /**
   * For profiling and quick checks, not for the published tables: {@code -Dbench.drain.kinds=redis}
   * runs only some of the servers (bare, mem, redis), {@code
   * -Dbench.drain.sidecarFlags="-XX:StartFlightRecording=…"} adds JVM flags to the sidecars ({@code
   * {kind}} and {@code {n}} in them are replaced per trial).
   */
  private static final int WARMUP_SOCKETS = 2000;

  private static final String KINDS = System.getProperty("bench.drain.kinds", "bare,mem,redis");
  private static final String SIDECAR_FLAGS = System.getProperty("bench.drain.sidecarFlags", "");

  /**
   * {@code -Dbench.drain.baselineJar=PATH}: also drain another sidecar build (with Redis) in every
   * round.
   */
  private static final String BASELINE_JAR = System.getProperty("bench.drain.baselineJar", "");

  static final String BASELINE = "baseline jar: sidecar + Redis";

  private final int repeat;
  private final Tools tools;
  private final boolean quietLog;

  /**
   * {@code repeat}: rounds over all sizes; the page reports each figure's median over the rounds.
   */
  DrainBench(
      Path jar,
      Path out,
      int stateBytes,
      String heap,
      int repeat,
      boolean quietLog,
      Tools tools,
      PrintStream log) {
    this.tools = tools;
    this.repeat = repeat;
    this.quietLog = quietLog;
    this.flags = ContainerFlags.withHeap(heap);
    this.jar = jar;
    this.out = out;
    this.stateBytes = stateBytes;
    this.log = log;
  }

  List<Trial> run(List<Integer> sizes) {
    List<Trial> trials = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    Path logs = out.resolve("logs");
    // The demo app runs as its own JVM, as it would in a pod: inside this JVM it shared the
    // clients' event
    // loops, so its 1001 closes delayed the clients' own close handshakes and inflated every
    // sidecar trial
    // (and held half of this JVM's file descriptors).
    int appPort = FreePort.next();
    try (LocalRedis redis = LocalRedis.start(logs, tools);
        ChildProcess app =
            ChildProcess.spawn(
                "demo-app",
                List.of(
                    ChildProcess.java(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DemoApp.class.getName()),
                Map.of(
                    "JAVA_TOOL_OPTIONS", "", "PORT", Integer.toString(appPort), "APP_VERSION", "1"),
                logs.resolve("drain-demo-app.log"))) {
      URI upstream = URI.create("http://127.0.0.1:" + appPort);
      app.awaitOk(upstream.resolve("/"), Duration.ofSeconds(60));
      // The clients and the demo app run in this JVM: without this the first trial (bare) would
      // meet them
      // cold, which flatters every later one. One small untimed drain of each kind warms them; not
      // reported.
      int warm = Math.min(sizes.get(0), WARMUP_SOCKETS);
      log.printf(
          Locale.ROOT, "  warming the clients and the app with %d sockets (not reported)%n", warm);
      survive("warm-up, bare", warm, () -> bare(vertx, warm, logs));
      survive(
          "warm-up, sidecar", warm, () -> sidecar(vertx, warm, upstream, Optional.empty(), logs));
      for (int round = 0; round < repeat; round++)
        for (int n : sizes) {
          if (KINDS.contains("bare"))
            trials.add(survive("bare WebSocket", n, () -> bare(vertx, n, logs)));
          if (KINDS.contains("mem")) {
            trials.add(
                survive(
                    "sidecar, in-memory store",
                    n,
                    () -> sidecar(vertx, n, upstream, Optional.empty(), logs)));
          }
          redis.cli("FLUSHALL");
          if (KINDS.contains("redis")) {
            trials.add(
                survive(
                    "sidecar + Redis",
                    n,
                    () -> sidecar(vertx, n, upstream, Optional.of(redis.url()), logs)));
          }
          if (!BASELINE_JAR.isEmpty()) {
            // Another build of the sidecar, in the same round: before/after figures under the same
            // load.
            redis.cli("FLUSHALL");
            trials.add(
                survive(
                    BASELINE,
                    n,
                    () ->
                        sidecar(
                            Path.of(BASELINE_JAR),
                            BASELINE,
                            vertx,
                            n,
                            upstream,
                            Optional.of(redis.url()),
                            logs,
                            List.of())));
          }
          if (quietLog) {
            redis.cli("FLUSHALL");
            // The same jar with its logger "handoff" at WARN: what the per-hand-off INFO line costs
            // the drain.
            trials.add(
                survive(
                    QUIET,
                    n,
                    () ->
                        sidecar(
                            vertx,
                            n,
                            upstream,
                            Optional.of(redis.url()),
                            logs,
                            List.of("-Dorg.slf4j.simpleLogger.log.handoff=warn"))));
          }
          redis.cli("FLUSHALL");
          double rb =
              RedisBenchmark.setMillis(
                  tools.ensure(DebianPackage.REDIS_BENCHMARK), redis.port(), n, stateBytes);
          trials.add(
              new Trial(
                  "redis-benchmark",
                  n,
                  rb,
                  Math.round(rb),
                  n,
                  0,
                  0,
                  "-c 1 -P 1000 -d " + stateBytes));
          log.printf(Locale.ROOT, "  redis-benchmark SET x%d: %.1f ms%n", n, rb);
          redis.cli("FLUSHALL");
        }
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      vertx.close();
    }
    return trials;
  }

  /**
   * A trial that fails (a server out of memory, sockets that would not connect) is a result, not
   * the end.
   */
  private Trial survive(String kind, int n, java.util.function.Supplier<Trial> trial) {
    try {
      return trial.get();
    } catch (RuntimeException e) {
      log.printf(Locale.ROOT, "  %-26s x%-6d FAILED: %s%n", kind, n, e.getMessage());
      return new Trial(kind, n, Double.NaN, -1, 0, 0, 0, "failed: " + e.getMessage());
    }
  }

  private Trial bare(Vertx vertx, int n, Path logs) {
    int port = FreePort.next();
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildProcess.java());
    cmd.addAll(flags);
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BareDrainServer.class.getName(),
            Integer.toString(port)));
    try (ChildProcess server =
        ChildProcess.spawn(
            "bare", cmd, Map.of("JAVA_TOOL_OPTIONS", ""), logs.resolve("bare-" + n + ".log"))) {
      server.awaitOk(URI.create("http://127.0.0.1:" + port + "/ready"), Duration.ofSeconds(60));
      return measure(
          vertx,
          "bare WebSocket",
          n,
          port,
          "/live",
          URI.create("http://127.0.0.1:" + port + "/drain"),
          server);
    }
  }

  private Trial sidecar(Vertx vertx, int n, URI upstream, Optional<String> redis, Path logs) {
    return sidecar(vertx, n, upstream, redis, logs, List.of());
  }

  private Trial sidecar(
      Vertx vertx, int n, URI upstream, Optional<String> redis, Path logs, List<String> extra) {
    String kind =
        !extra.isEmpty()
            ? QUIET
            : redis.isPresent() ? "sidecar + Redis" : "sidecar, in-memory store";
    return sidecar(jar, kind, vertx, n, upstream, redis, logs, extra);
  }

  private Trial sidecar(
      Path jar,
      String kind,
      Vertx vertx,
      int n,
      URI upstream,
      Optional<String> redis,
      Path logs,
      List<String> extra) {
    List<String> jvm = new ArrayList<>(flags);
    jvm.addAll(extra);
    for (String f : SIDECAR_FLAGS.trim().split("\\s+")) {
      if (!f.isEmpty())
        jvm.add(
            f.replace("{kind}", redis.isPresent() ? "redis" : "mem")
                .replace("{n}", Integer.toString(n)));
    }
    try (SidecarProcess s =
        SidecarProcess.start(
            jar,
            jvm,
            upstream,
            redis,
            Map.of(),
            logs.resolve(
                "drain-sidecar-"
                    + (kind.equals(BASELINE) ? "baseline-" : "")
                    + (extra.isEmpty() ? "" : "quiet-")
                    + (redis.isPresent() ? "redis-" : "mem-")
                    + n
                    + ".log"))) {
      return measure(vertx, kind, n, s.listenPort(), "/live", s.drainUrl(), s.process());
    }
  }

  /** A process's CPU time so far (user + system, all threads), -1 when the system does not say. */
  private static long cpuMillis(Optional<ProcessHandle> process) {
    return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
  }

  private Trial measure(
      Vertx vertx, String kind, int n, int port, String path, URI drain, ChildProcess server) {
    try (OptedInClients clients = new OptedInClients(vertx, port, path, stateBytes, n)) {
      clients
          .connect(n)
          .await(Duration.ofSeconds(120).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      // Let the handshake burst settle (hello frames, the app's first render) before the clock
      // starts.
      ChildProcess.sleep(1500);
      long serverCpu0 = cpuMillis(ProcessHandle.of(server.pid()));
      long benchCpu0 = cpuMillis(Optional.of(ProcessHandle.current()));
      long started = System.nanoTime();
      String report = HttpPost.send(drain, Duration.ofSeconds(120));
      long last = clients.awaitClosed(n, 60_000);
      long serverCpu = cpuMillis(ProcessHandle.of(server.pid())) - serverCpu0;
      long benchCpu = cpuMillis(Optional.of(ProcessHandle.current())) - benchCpu0;
      double clientMillis = (last - started) / 1e6;
      long serverMillis = new JsonObject(report).getLong("durationMillis", -1L);
      long rss = server.rssKib();
      log.printf(
          Locale.ROOT,
          "  %-26s x%-6d drain %8.1f ms (server says %d ms), answered %d, closed %d, RSS %d KiB, "
              + "CPU during the drain: server %d ms, clients (and the app behind a sidecar) %d ms%n",
          kind,
          n,
          clientMillis,
          serverMillis,
          clients.answered(),
          clients.closed(),
          rss,
          serverCpu,
          benchCpu);
      return new Trial(
          kind, n, clientMillis, serverMillis, clients.answered(), clients.closed(), rss, report);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(kind + ": clients did not connect in time", e);
    }
  }
}
