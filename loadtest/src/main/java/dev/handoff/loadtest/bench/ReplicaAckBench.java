package dev.handoff.loadtest.bench;

import dev.handoff.demo.DemoApp;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code HANDOFF_REDIS_WAIT_REPLICAS=1} costs (issue 8): the same drain of N opted-in sockets
 * onto a Redis primary with one replica, once answering clients as soon as the primary has the
 * snapshot and once only after the replica acknowledged it (Redis {@code WAIT}), each on a fresh
 * sidecar JVM. {@code java -cp loadtest/target/handoff-loadtest.jar
 * dev.handoff.loadtest.bench.ReplicaAckBench [sizes] [out]}.
 */
final class ReplicaAckBench {
  record Trial(int waitReplicas, int sockets, double drainMillis, int tokens) {}

  private final Path jar;
  private final Path out;
  private final PrintStream log;

  ReplicaAckBench(Path jar, Path out, PrintStream log) {
    this.jar = jar;
    this.out = out;
    this.log = log;
  }

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 0 ? args[0] : "1000,3000").split(","))
      sizes.add(Integer.parseInt(s.trim()));
    Path out = Path.of(args.length > 1 ? args[1] : "docs/bench");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    ReplicaAckBench bench =
        new ReplicaAckBench(Path.of("sidecar/target/handoff-sidecar.jar"), out, System.out);
    bench.write(bench.run(sizes), String.join(" ", args));
    System.exit(0);
  }

  List<Trial> run(List<Integer> sizes) {
    List<Trial> trials = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    Path logs = out.resolve("logs");
    try (LocalRedis primary = LocalRedis.start(dir(logs.resolve("wait-primary")));
        LocalRedis replica = LocalRedis.start(dir(logs.resolve("wait-replica")))) {
      replica.cli("REPLICAOF", "127.0.0.1", Integer.toString(primary.port()));
      for (int i = 0;
          i < 400 && !replica.cli("INFO", "replication").contains("master_link_status:up");
          i++) {
        ChildProcess.sleep(25);
      }
      DemoApp app = DemoApp.start(vertx, 0, 1).await();
      URI upstream = URI.create("http://127.0.0.1:" + app.port());
      for (int n : sizes) {
        for (int wait : new int[] {0, 1}) {
          primary.cli("FLUSHALL");
          trials.add(trial(vertx, n, wait, upstream, primary, logs));
        }
      }
    } finally {
      vertx.close();
    }
    return trials;
  }

  private Trial trial(Vertx vertx, int n, int wait, URI upstream, LocalRedis primary, Path logs) {
    try (SidecarProcess s =
            SidecarProcess.start(
                jar,
                ContainerFlags.withHeap("512m"),
                upstream,
                Optional.of(primary.url()),
                Map.of(
                    "HANDOFF_REDIS_WAIT_REPLICAS",
                    Integer.toString(wait),
                    "HANDOFF_REDIS_WAIT_TIMEOUT",
                    "5s"),
                logs.resolve("wait-" + wait + "-" + n + ".log"));
        OptedInClients clients = new OptedInClients(vertx, s.listenPort(), "/live", 2048, n)) {
      clients.connect(n).await(120, java.util.concurrent.TimeUnit.SECONDS);
      ChildProcess.sleep(
          1500); // let the handshake burst settle before the clock starts, as in the drain bench
      long started = System.nanoTime();
      HttpPost.send(s.drainUrl(), Duration.ofSeconds(120));
      long last = clients.awaitClosed(n, 60_000);
      Trial t = new Trial(wait, n, (last - started) / 1e6, clients.tokens().size());
      log.printf(
          Locale.ROOT,
          "  WAIT %d x%-6d drain %8.1f ms, tokens %d%n",
          wait,
          n,
          t.drainMillis(),
          t.tokens());
      return t;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("clients did not connect in time", e);
    }
  }

  void write(List<Trial> trials, String args) {
    StringBuilder md =
        new StringBuilder(
            "| sockets | drain, no WAIT (ms) | drain, WAIT 1 (ms) | ratio | tokens (no WAIT / WAIT) |\n"
                + "|---|---|---|---|---|\n");
    for (int i = 0; i + 1 < trials.size(); i += 2) {
      Trial off = trials.get(i);
      Trial on = trials.get(i + 1);
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.0f | %.0f | %.2f× | %d / %d |%n",
              off.sockets(),
              off.drainMillis(),
              on.drainMillis(),
              on.drainMillis() / off.drainMillis(),
              off.tokens(),
              on.tokens()));
    }
    md.append(
            "\nCommand: `java -cp loadtest/target/handoff-loadtest.jar dev.handoff.loadtest.bench.ReplicaAckBench ")
        .append(args)
        .append("`; machine: ")
        .append(Machine.describe())
        .append("; load average at the end: ")
        .append(Machine.loadAverage())
        .append('\n');
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("replica-ack.md"), md.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.print(md);
  }

  private static Path dir(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
