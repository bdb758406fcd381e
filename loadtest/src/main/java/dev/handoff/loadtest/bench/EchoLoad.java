package dev.handoff.loadtest.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket echo load: C sockets, each sending a 64-byte text message and the next one as soon as
 * the echo is back (ping-pong, so the rate is bounded by the path's latency, like wrk's closed
 * loop).
 */
final class EchoLoad {
  record Result(double messagesPerSecond, double p50Millis, double p99Millis) {}

  private static final String MESSAGE = "m".repeat(64);

  private EchoLoad() {}

  static Result run(Vertx vertx, int port, int connections, int seconds) {
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxConnections(connections + 4).setTcpNoDelay(true));
    List<WebSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        sockets.add(
            client
                .connect(
                    new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/echo"))
                .await(10, TimeUnit.SECONDS));
      }
      LongAdder count = new LongAdder();
      Samples latency = new Samples();
      AtomicBoolean running = new AtomicBoolean(true);
      for (WebSocket ws : sockets) {
        long[] sentAt = new long[1];
        ws.textMessageHandler(
            text -> {
              if (!running.get()) return;
              long now = System.nanoTime();
              latency.add((now - sentAt[0]) / 1000);
              count.increment();
              sentAt[0] = now;
              ws.writeTextMessage(MESSAGE);
            });
        // Started on the socket's own context, so sentAt is only ever touched from one thread.
        vertx.runOnContext(
            v -> {
              sentAt[0] = System.nanoTime();
              ws.writeTextMessage(MESSAGE);
            });
      }
      long started = System.nanoTime();
      ChildProcess.sleep(seconds * 1000L);
      running.set(false);
      double elapsed = (System.nanoTime() - started) / 1e9;
      return new Result(
          count.sum() / elapsed, latency.percentile(50) / 1000.0, latency.percentile(99) / 1000.0);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("echo sockets did not connect", e);
    } finally {
      client.close();
    }
  }
}
