package dev.handoff.loadtest.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The upstream of the proxy and memory benchmarks, as its own JVM: a 13-byte HTTP answer and a
 * WebSocket echo, on one event loop, so what differs between the three paths is only what sits in
 * front of it.
 */
public final class EchoApp {
  private static final Buffer HELLO = Buffer.buffer("hello, world\n");

  private EchoApp() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(
            req -> {
              if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
                req.toWebSocket()
                    .onSuccess(
                        ws -> {
                          ws.exceptionHandler(err -> {});
                          ws.textMessageHandler(ws::writeTextMessage);
                        });
              } else {
                req.response().putHeader("Content-Type", "text/plain").end(HELLO);
              }
            })
        .listen(port)
        .await();
  }
}
