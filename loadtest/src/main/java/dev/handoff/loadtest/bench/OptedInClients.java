package dev.handoff.loadtest.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N protocol-v1 clients that only do what a drain needs: offer {@code handoff.v1}, answer {@code
 * drain} with a fixed state of the chosen size, and note when their socket closed. Connections are
 * opened a bounded number at a time, since a fresh server accepts only so many handshakes per
 * second.
 */
public final class OptedInClients implements AutoCloseable {
  private static final int IN_FLIGHT = 128;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String answer;
  private final int port;
  private final String path;
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicLong lastCloseNanos = new AtomicLong();
  private final boolean optIn;
  private final java.util.Queue<String> tokens = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final List<WebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

  public OptedInClients(Vertx vertx, int port, String path, int stateBytes, int clients) {
    this(vertx, port, path, stateBytes, clients, true);
  }

  /**
   * {@code optIn} false: plain WebSockets (no subprotocol), as nginx or any proxy sees most
   * traffic.
   */
  public OptedInClients(
      Vertx vertx, int port, String path, int stateBytes, int clients, boolean optIn) {
    this.optIn = optIn;
    this.vertx = vertx;
    this.port = port;
    this.path = path;
    this.answer = DrainFrames.stateAnswer(stateBytes);
    this.client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(clients + 16)
                .setMaxFrameSize(1 << 20)
                .setTcpNoDelay(true));
  }

  /** Opens {@code count} sockets, at most {@link #IN_FLIGHT} handshakes at a time. */
  public Future<Void> connect(int count) {
    Promise<Void> done = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          if (started.getAndIncrement() >= count) return;
          WebSocketConnectOptions o =
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setURI(path)
                  .setSubProtocols(optIn ? List.of(DrainFrames.PROTOCOL) : List.of())
                  .setTimeout(30_000);
          client
              .connect(o)
              .onComplete(
                  ar -> {
                    if (ar.succeeded()) {
                      attach(ar.result());
                      opened.incrementAndGet();
                    } else if (failed.incrementAndGet() > count / 100 + 5) {
                      done.tryFail(
                          new IllegalStateException("too many failed connects: " + ar.cause()));
                    }
                    if (opened.get() + failed.get() == count) done.tryComplete();
                    else next[0].run();
                  });
        };
    for (int i = 0; i < Math.min(IN_FLIGHT, count); i++) vertx.runOnContext(v -> next[0].run());
    return done.future();
  }

  private void attach(WebSocket ws) {
    sockets.add(ws);
    ws.exceptionHandler(err -> {});
    ws.textMessageHandler(
        text -> {
          if (DrainFrames.isDrain(text)) {
            answered.incrementAndGet();
            ws.writeTextMessage(answer);
          } else if (DrainFrames.isHandoff(text)) {
            tokens.add(DrainFrames.token(text));
          }
        });
    ws.closeHandler(
        v -> {
          lastCloseNanos.accumulateAndGet(System.nanoTime(), Math::max);
          closed.incrementAndGet();
        });
  }

  /** The hand-off tokens the drain gave these clients (they do not reconnect by themselves). */
  public List<String> tokens() {
    return List.copyOf(tokens);
  }

  public int open() {
    return sockets.size() - closed.get();
  }

  public int closed() {
    return closed.get();
  }

  public int answered() {
    return answered.get();
  }

  /** Waits until {@code expected} sockets have closed; returns the nanoTime of the last close. */
  public long awaitClosed(int expected, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (closed.get() < expected && System.currentTimeMillis() < deadline) ChildProcess.sleep(2);
    return lastCloseNanos.get();
  }

  /**
   * Sends {@code message} on every open socket; used by the memory benchmark to prove sockets are
   * live.
   */
  public List<WebSocket> sockets() {
    return sockets;
  }

  @Override
  public void close() {
    client.close();
  }
}
