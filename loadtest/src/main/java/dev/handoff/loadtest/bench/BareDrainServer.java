package dev.handoff.loadtest.bench;

import dev.handoff.contract.ControlFrames;
import dev.handoff.sidecar.handoff.JsonText;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor a drain is compared with: a plain Vert.x WebSocket server that, on {@code POST /drain},
 * asks every socket for its state, closes each with 1012 as soon as it answers, and reports when
 * the last one is closed. No store, no upstream, no tokens: what any drain over these sockets must
 * at least cost. Run as its own JVM ({@code main}) with the sidecar's container flags, so both
 * start equally cold.
 */
public final class BareDrainServer {
  private final Set<ServerWebSocket> live = ConcurrentHashMap.newKeySet();

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    new BareDrainServer().listen(Vertx.vertx(), port);
  }

  void listen(Vertx vertx, int port) {
    vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setWebSocketSubProtocols(List.of(DrainFrames.PROTOCOL))
                .setMaxWebSocketFrameSize(1 << 20))
        .requestHandler(
            req -> {
              if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
                req.toWebSocket().onSuccess(this::accept);
              } else if (req.path().equals("/drain")) {
                drain(vertx)
                    .onSuccess(
                        ms ->
                            req.response()
                                .end(
                                    JsonText.write(
                                        g -> {
                                          g.writeStartObject();
                                          g.writeNumberField("durationMillis", ms);
                                          g.writeEndObject();
                                        })));
              } else {
                req.response().end("ok");
              }
            })
        .listen(port)
        .await();
  }

  private void accept(ServerWebSocket ws) {
    live.add(ws);
    ws.exceptionHandler(err -> {});
    ws.textMessageHandler(
        text -> {
          if (DrainFrames.isState(text)) ws.close(ControlFrames.SERVICE_RESTART);
        });
    ws.closeHandler(v -> live.remove(ws));
  }

  private io.vertx.core.Future<Long> drain(Vertx vertx) {
    long started = System.nanoTime();
    io.vertx.core.Promise<Long> done = io.vertx.core.Promise.promise();
    List<ServerWebSocket> sockets = List.copyOf(live);
    AtomicInteger left = new AtomicInteger(sockets.size());
    if (sockets.isEmpty()) done.complete(0L);
    for (ServerWebSocket ws : sockets) {
      ws.closeHandler(
          v -> {
            live.remove(ws);
            if (left.decrementAndGet() == 0)
              done.tryComplete((System.nanoTime() - started) / 1_000_000);
          });
      ws.writeTextMessage(DrainFrames.DRAIN);
    }
    return done.future();
  }
}
