package dev.handoff.loadtest.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One timed WebSocket connect of the restore benchmark, bounded at every step: waiting for a pooled
 * connection and the TCP connect, the 101, and the sidecar's {@code hello}. A connect that gets no
 * answer in time fails its round with one line naming its path, and its socket is closed whenever
 * it opens, so a hung connect can neither stop the benchmark nor stay open on the sidecar (once it
 * did: "B's drain counted 1 open socket").
 */
final class TimedUpgrade {
  /** Microseconds to the open socket or the {@code hello}, or why there was none. */
  record Result(long micros, String failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private TimedUpgrade() {}

  /**
   * @param path what is connected to, for the failure line ("sidecar B, restoring")
   * @param awaitHello time to the sidecar's {@code hello} (and, with a token, check it says
   *     restored), else to the open
   */
  static Result open(
      WebSocketClient client,
      int port,
      List<String> protocols,
      boolean awaitHello,
      Duration limit,
      String path) {
    Promise<Long> done = Promise.promise();
    AtomicBoolean connected = new AtomicBoolean();
    AtomicBoolean gaveUp = new AtomicBoolean();
    long started = System.nanoTime();
    // The hello handler goes on before the connect (Vert.x 5's ClientWebSocket allows it): the
    // hello travels
    // right behind the 101, and no frame can then arrive before its handler.
    ClientWebSocket ws = client.webSocket();
    if (awaitHello) {
      ws.textMessageHandler(
          text -> {
            if (DrainFrames.isHello(text)) {
              if (protocols.size() > 1 && !DrainFrames.isRestored(text)) {
                done.tryFail(new IllegalStateException("not restored: " + text));
              } else {
                done.tryComplete((System.nanoTime() - started) / 1000);
              }
              ws.close();
            }
          });
    }
    long millis = limit.toMillis();
    // connectTimeout bounds the wait for a pooled connection and the TCP connect; timeout, the 101.
    ws.connect(
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/live")
                .setSubProtocols(protocols)
                .setConnectTimeout(millis)
                .setTimeout(millis))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
              }
              connected.set(true);
              if (gaveUp.get()) {
                ws.close();
              } else if (!awaitHello) {
                done.tryComplete((System.nanoTime() - started) / 1000);
                ws.close();
              }
            });
    try {
      return new Result(done.future().await(millis, TimeUnit.MILLISECONDS), null);
    } catch (TimeoutException e) {
      gaveUp.set(true);
      if (connected.get()) ws.close();
      return new Result(
          -1,
          String.format(
              Locale.ROOT,
              "no %s within %d ms from %s (port %d, %d subprotocol(s))",
              !awaitHello ? "open" : connected.get() ? "hello after the 101" : "101",
              millis,
              path,
              port,
              protocols.size()));
    } catch (RuntimeException e) {
      gaveUp.set(true);
      if (connected.get()) ws.close();
      return new Result(-1, path + " (port " + port + "): " + BenchSequence.oneLine(e));
    }
  }
}
