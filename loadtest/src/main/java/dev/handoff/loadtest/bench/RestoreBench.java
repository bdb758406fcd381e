package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.Tools;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: restore latency. Sidecar A (v1) hands N clients off into Redis; then, one at a time,
 * a client reconnects to sidecar B (v2, same Redis) with its token and we time connect-to-{@code
 * hello} (restored). Compared, in the same run and the same way, with connect-to-open straight to
 * the app and with connect-to-{@code hello} through B without a token (the proxy alone). The first
 * fifth of each series warms the path and is not counted.
 */
final class RestoreBench {
  private final Path jar;
  private final Path out;
  private final int count;
  private final PrintStream log;
  private final Tools tools;

  /**
   * {@code -Dbench.restore.baselineJar=PATH}: half the tokens restore through that build,
   * interleaved.
   */
  private static final String BASELINE_JAR = System.getProperty("bench.restore.baselineJar", "");

  /** Every connect's bound: on loopback an answer takes milliseconds, 10 s is a hang. */
  private static final java.time.Duration CONNECT_LIMIT = java.time.Duration.ofSeconds(10);

  /**
   * A few hung connects are named and left out; this many means the sidecar is broken, not slow.
   */
  private static final int MAX_DROPPED = 10;

  RestoreBench(Path jar, Path out, int count, Tools tools, PrintStream log) {
    this.tools = tools;
    this.jar = jar;
    this.out = out;
    this.count = count;
    this.log = log;
  }

  String run() {
    Path logs = out.resolve("logs");
    Vertx vertx = Vertx.vertx();
    // Vert.x counts a socket against its endpoint's limit until its close handshake ends, and
    // queues a connect
    // beyond it: with 64 slots, a few slow closes could make a timed connect wait for a slot (the
    // one mechanism
    // found that hangs a connect with no server at fault). No run opens more sockets than it has
    // connects.
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(Math.max(64, 5 * count))
                .setTcpNoDelay(true));
    try (LocalRedis redis = LocalRedis.start(logs, tools);
        EchoAppProcess app = EchoAppProcess.start(logs);
        SidecarProcess a =
            SidecarProcess.start(
                jar,
                ContainerFlags.SIDECAR,
                app.url(),
                Optional.of(redis.url()),
                Map.of("HANDOFF_VERSION", "1", "HANDOFF_SNAPSHOT_TTL", "10m"),
                logs.resolve("restore-a.log"));
        SidecarProcess b =
            SidecarProcess.start(
                jar,
                ContainerFlags.SIDECAR,
                app.url(),
                Optional.of(redis.url()),
                Map.of("HANDOFF_VERSION", "2", "HANDOFF_STEERING", "off"),
                logs.resolve("restore-b.log"));
        SidecarProcess c =
            BASELINE_JAR.isEmpty()
                ? null
                : SidecarProcess.start(
                    Path.of(BASELINE_JAR),
                    ContainerFlags.SIDECAR,
                    app.url(),
                    Optional.of(redis.url()),
                    Map.of("HANDOFF_VERSION", "2", "HANDOFF_STEERING", "off"),
                    logs.resolve("restore-baseline.log"))) {
      List<String> tokens;
      try (OptedInClients clients =
          new OptedInClients(vertx, a.listenPort(), "/live", 2048, count)) {
        clients.connect(count).await(120, TimeUnit.SECONDS);
        HttpPost.send(a.drainUrl(), java.time.Duration.ofSeconds(120));
        clients.awaitClosed(count, 60_000);
        tokens = clients.tokens();
      }
      Samples straight = new Samples();
      Samples proxied = new Samples();
      Samples restored = new Samples();
      Samples baseline = new Samples();
      // With a baseline jar, every other token restores through it instead: before/after under the
      // same load.
      int step = c == null ? 1 : 2;
      int rounds = tokens.size() / step;
      int warm = rounds / 5;
      int dropped = 0;
      int counted = 0;
      List<String> hello = List.of(DrainFrames.PROTOCOL);
      for (int i = 0; i < rounds; i++) {
        // Interleaved, so a burst of load from elsewhere on the machine hits all series alike.
        List<TimedUpgrade.Result> round = new java.util.ArrayList<>();
        round.add(
            TimedUpgrade.open(
                client, app.port(), List.of(), false, CONNECT_LIMIT, "the app, straight"));
        round.add(
            TimedUpgrade.open(
                client, b.listenPort(), hello, true, CONNECT_LIMIT, "sidecar B, no token"));
        round.add(
            TimedUpgrade.open(
                client,
                b.listenPort(),
                token(tokens.get(i * step)),
                true,
                CONNECT_LIMIT,
                "sidecar B, restoring"));
        if (c != null) {
          // The same tokenless connect first, untimed, as B just had: a sidecar that has been idle
          // for a few
          // milliseconds answers ~1.5 ms slower at p50 here (threads asleep), whichever build it
          // runs.
          TimedUpgrade.open(
              client, c.listenPort(), hello, true, CONNECT_LIMIT, "baseline sidecar, no token");
          round.add(
              TimedUpgrade.open(
                  client,
                  c.listenPort(),
                  token(tokens.get(i * step + 1)),
                  true,
                  CONNECT_LIMIT,
                  "baseline sidecar, restoring"));
        }
        List<String> failures =
            round.stream().filter(r -> !r.ok()).map(TimedUpgrade.Result::failure).toList();
        if (!failures.isEmpty()) {
          // A round with a connect that got no answer is left out of every series (they stay
          // paired) and named.
          dropped++;
          log.println("  round " + i + " dropped: " + String.join("; ", failures));
          if (dropped >= MAX_DROPPED) {
            throw new IllegalStateException(
                dropped
                    + " restore rounds got no answer within "
                    + CONNECT_LIMIT.toSeconds()
                    + " s (the last: "
                    + failures.get(0)
                    + "); see "
                    + logs.resolve("restore-b.log"));
          }
          continue;
        }
        if (i < warm) continue;
        counted++;
        straight.add(round.get(0).micros());
        proxied.add(round.get(1).micros());
        restored.add(round.get(2).micros());
        if (c != null) baseline.add(round.get(3).micros());
      }
      if (c != null) {
        log.printf(
            Locale.ROOT,
            "  baseline jar restored hello p50 %d us p99 %d us (added vs straight: %+.2f / %+.2f ms)%n",
            baseline.percentile(50),
            baseline.percentile(99),
            (baseline.percentile(50) - straight.percentile(50)) / 1000.0,
            (baseline.percentile(99) - straight.percentile(99)) / 1000.0);
      }
      return table(straight, proxied, restored, counted)
          + (dropped == 0
              ? ""
              : "\n"
                  + dropped
                  + " of "
                  + rounds
                  + " rounds dropped: a connect got no answer within "
                  + CONNECT_LIMIT.toSeconds()
                  + " s (each named in the benchmark's output).\n");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("clients did not connect", e);
    } finally {
      client.close();
      vertx.close();
    }
  }

  private static List<String> token(String token) {
    return DrainFrames.restoring(token);
  }

  private String table(Samples straight, Samples proxied, Samples restored, int n) {
    double addedP50 = (restored.percentile(50) - straight.percentile(50)) / 1000.0;
    double addedP99 = (restored.percentile(99) - straight.percentile(99)) / 1000.0;
    log.printf(
        Locale.ROOT,
        "  straight p50 %d us p99 %d us | proxied hello p50 %d p99 %d | restored hello p50 %d p99 %d%n",
        straight.percentile(50),
        straight.percentile(99),
        proxied.percentile(50),
        proxied.percentile(99),
        restored.percentile(50),
        restored.percentile(99));
    return String.format(
        Locale.ROOT,
        """
        | path (%d sequential connects each, interleaved) | p50 ms | p99 ms |
        |---|---|---|
        | connect-to-open, straight to the app | %.2f | %.2f |
        | connect-to-hello through the sidecar, no token | %.2f | %.2f |
        | connect-to-hello through the sidecar, restoring from Redis | %.2f | %.2f |

        | goal | added by restore vs straight | verdict |
        |---|---|---|
        | ≤ 1 ms at p50 | %.2f ms | %s |
        | ≤ 3 ms at p99 | %.2f ms | %s |
        """,
        n,
        straight.percentile(50) / 1000.0,
        straight.percentile(99) / 1000.0,
        proxied.percentile(50) / 1000.0,
        proxied.percentile(99) / 1000.0,
        restored.percentile(50) / 1000.0,
        restored.percentile(99) / 1000.0,
        addedP50,
        addedP50 <= 1 ? "met" : "**missed**",
        addedP99,
        addedP99 <= 3 ? "met" : "**missed**");
  }
}
