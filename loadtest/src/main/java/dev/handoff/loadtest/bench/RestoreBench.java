package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.Tools;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: restore latency. Sidecar A (v1) hands N clients off into Redis; then, one at a time, a
 * client reconnects to sidecar B (v2, same Redis) with its token and we time connect-to-{@code hello}
 * (restored). Compared, in the same run and the same way, with connect-to-open straight to the app and
 * with connect-to-{@code hello} through B without a token (the proxy alone). The first fifth of each
 * series warms the path and is not counted.
 */
final class RestoreBench {
  private final Path jar;
  private final Path out;
  private final int count;
  private final PrintStream log;
  private final Tools tools;
  /** {@code -Dbench.restore.baselineJar=PATH}: half the tokens restore through that build, interleaved. */
  private static final String BASELINE_JAR = System.getProperty("bench.restore.baselineJar", "");

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
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(64)
        .setTcpNoDelay(true));
    try (LocalRedis redis = LocalRedis.start(logs, tools); EchoAppProcess app = EchoAppProcess.start(logs);
         SidecarProcess a = SidecarProcess.start(jar, ContainerFlags.SIDECAR, app.url(), Optional.of(redis.url()),
             Map.of("HANDOFF_VERSION", "1", "HANDOFF_SNAPSHOT_TTL", "10m"), logs.resolve("restore-a.log"));
         SidecarProcess b = SidecarProcess.start(jar, ContainerFlags.SIDECAR, app.url(), Optional.of(redis.url()),
             Map.of("HANDOFF_VERSION", "2", "HANDOFF_STEERING", "off"), logs.resolve("restore-b.log"));
         SidecarProcess c = BASELINE_JAR.isEmpty() ? null : SidecarProcess.start(Path.of(BASELINE_JAR),
             ContainerFlags.SIDECAR, app.url(), Optional.of(redis.url()),
             Map.of("HANDOFF_VERSION", "2", "HANDOFF_STEERING", "off"), logs.resolve("restore-baseline.log"))) {
      List<String> tokens;
      try (OptedInClients clients = new OptedInClients(vertx, a.listenPort(), "/live", 2048, count)) {
        clients.connect(count).await(120, TimeUnit.SECONDS);
        HttpPost.send(a.drainUrl(), java.time.Duration.ofSeconds(120));
        clients.awaitClosed(count, 60_000);
        tokens = clients.tokens();
      }
      Samples straight = new Samples();
      Samples proxied = new Samples();
      Samples restored = new Samples();
      Samples baseline = new Samples();
      // With a baseline jar, every other token restores through it instead: before/after under the same load.
      int step = c == null ? 1 : 2;
      int rounds = tokens.size() / step;
      int warm = rounds / 5;
      for (int i = 0; i < rounds; i++) {
        // Interleaved, so a burst of load from elsewhere on the machine hits all series alike.
        long s = open(client, app.port(), List.of(), false);
        long p = open(client, b.listenPort(), List.of(DrainFrames.PROTOCOL), true);
        long r = open(client, b.listenPort(), List.of(DrainFrames.PROTOCOL, "handoff.token." + tokens.get(i * step)), true);
        long o = 0;
        if (c != null) {
          // The same tokenless connect first, untimed, as B just had: a sidecar that has been idle for a few
          // milliseconds answers ~1.5 ms slower at p50 here (threads asleep), whichever build it runs.
          open(client, c.listenPort(), List.of(DrainFrames.PROTOCOL), true);
          o = open(client, c.listenPort(), List.of(DrainFrames.PROTOCOL, "handoff.token." + tokens.get(i * step + 1)), true);
        }
        if (i < warm) continue;
        straight.add(s);
        proxied.add(p);
        restored.add(r);
        if (c != null) baseline.add(o);
      }
      if (c != null) {
        log.printf(Locale.ROOT, "  baseline jar restored hello p50 %d us p99 %d us (added vs straight: %+.2f / %+.2f ms)%n",
            baseline.percentile(50), baseline.percentile(99), (baseline.percentile(50) - straight.percentile(50)) / 1000.0,
            (baseline.percentile(99) - straight.percentile(99)) / 1000.0);
      }
      return table(straight, proxied, restored, rounds - warm);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("clients did not connect", e);
    } finally {
      client.close();
      vertx.close();
    }
  }

  /** Microseconds from starting the upgrade to the open socket, or to the sidecar's {@code hello}. */
  private static long open(WebSocketClient client, int port, List<String> protocols, boolean awaitHello)
      throws java.util.concurrent.TimeoutException {
    Promise<Long> done = Promise.promise();
    long started = System.nanoTime();
    // The hello handler goes on before the connect (Vert.x 5's ClientWebSocket allows it): the hello travels
    // right behind the 101, and no frame can then arrive before its handler.
    io.vertx.core.http.ClientWebSocket ws = client.webSocket();
    if (awaitHello) {
      ws.textMessageHandler(text -> {
        if (text.startsWith("\u0000") && text.contains("\"t\":\"hello\"")) {
          if (protocols.size() > 1 && !text.contains("\"restored\"")) {
            done.tryFail(new IllegalStateException("not restored: " + text));
          } else {
            done.tryComplete((System.nanoTime() - started) / 1000);
          }
          ws.close();
        }
      });
    }
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/live")
        .setSubProtocols(protocols)).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
          } else if (!awaitHello) {
            done.tryComplete((System.nanoTime() - started) / 1000);
            ws.close();
          }
        });
    try {
      return done.future().await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // Say which connect hung: straight to the app, or through a sidecar with or without a token.
      throw (java.util.concurrent.TimeoutException) new java.util.concurrent.TimeoutException(
          "no " + (awaitHello ? "hello" : "open") + " within 10 s from port " + port + " offering " + protocols.size()
              + " subprotocol(s)").initCause(e);
    }
  }

  private String table(Samples straight, Samples proxied, Samples restored, int n) {
    double addedP50 = (restored.percentile(50) - straight.percentile(50)) / 1000.0;
    double addedP99 = (restored.percentile(99) - straight.percentile(99)) / 1000.0;
    log.printf(Locale.ROOT, "  straight p50 %d us p99 %d us | proxied hello p50 %d p99 %d | restored hello p50 %d p99 %d%n",
        straight.percentile(50), straight.percentile(99), proxied.percentile(50), proxied.percentile(99),
        restored.percentile(50), restored.percentile(99));
    return String.format(Locale.ROOT, """
        | path (%d sequential connects each, interleaved) | p50 ms | p99 ms |
        |---|---|---|
        | connect-to-open, straight to the app | %.2f | %.2f |
        | connect-to-hello through the sidecar, no token | %.2f | %.2f |
        | connect-to-hello through the sidecar, restoring from Redis | %.2f | %.2f |

        | goal | added by restore vs straight | verdict |
        |---|---|---|
        | ≤ 1 ms at p50 | %.2f ms | %s |
        | ≤ 3 ms at p99 | %.2f ms | %s |
        """, n, straight.percentile(50) / 1000.0, straight.percentile(99) / 1000.0, proxied.percentile(50) / 1000.0,
        proxied.percentile(99) / 1000.0, restored.percentile(50) / 1000.0, restored.percentile(99) / 1000.0,
        addedP50, addedP50 <= 1 ? "met" : "**missed**", addedP99, addedP99 <= 3 ? "met" : "**missed**");
  }
}
