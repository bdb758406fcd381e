package dev.handoff.testkit;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The app behind the sidecar in proxy tests: echoes HTTP requests and WebSocket frames as they came
 * (each frame, fragments included), negotiates the subprotocols {@code chat.v2} and {@code
 * chat.v1}, and remembers what it saw so tests can check that it arrived unchanged.
 */
public final class EchoApp {
  private final HttpServer server;
  private final List<MultiMap> upgrades = new CopyOnWriteArrayList<>();
  private final BlockingQueue<io.vertx.core.http.ServerWebSocketHandshake> held =
      new LinkedBlockingQueue<>();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final java.util.concurrent.atomic.AtomicLong flooded =
      new java.util.concurrent.atomic.AtomicLong();

  private EchoApp(HttpServer server) {
    this.server = server;
  }

  public static Future<EchoApp> start(Vertx vertx) {
    HttpServer server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setPort(0)
                .setWebSocketSubProtocols(List.of("chat.v2", "chat.v1"))
                .setMaxWebSocketFrameSize(1 << 20));
    EchoApp app = new EchoApp(server);
    return server
        .webSocketHandshakeHandler(
            h -> {
              if (h.path().equals("/reject")) h.reject(403);
              else if (h.path().equals("/held")) app.held.add(h);
              else h.accept();
            })
        .webSocketHandler(app::socket)
        .requestHandler(app::request)
        .listen()
        .map(app);
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The headers of every WebSocket upgrade that reached the app. */
  public List<MultiMap> upgrades() {
    return upgrades;
  }

  /**
   * What the app's sockets received beyond data: {@code PING:<payload>}, {@code
   * CLOSE:<code>:<reason>}…
   */
  public BlockingQueue<String> events() {
    return events;
  }

  private void request(HttpServerRequest req) {
    if (req.path().equals("/stream")) {
      int chunks = Integer.parseInt(req.getParam("chunks", "3"));
      var res = req.response().setChunked(true).putHeader("Content-Type", "text/plain");
      for (int i = 0; i < chunks; i++) res.write("chunk-" + i + "\n");
      res.end();
      return;
    }
    if (req.path().equals("/upload")) {
      // Streams the body back as it arrives, so a proxy that buffered everything would still pass,
      // but one that dropped or reordered bytes would not.
      var res =
          req.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
      req.pipeTo(res);
      return;
    }
    req.body()
        .onSuccess(
            body -> {
              JsonObject headers = new JsonObject();
              req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
              JsonObject echo =
                  new JsonObject()
                      .put("method", req.method().name())
                      .put("uri", req.uri())
                      .put("headers", headers)
                      .put("body", body.toString());
              req.response()
                  .putHeader("Content-Type", "application/json")
                  .putHeader("X-App", "echo")
                  .setStatusCode(req.path().equals("/teapot") ? 418 : 200)
                  .end(echo.encode());
            });
  }

  private void socket(ServerWebSocket ws) {
    if (ws.path().equals("/forbidden")) {
      ws.close((short) 1008, "forbidden");
      return;
    }
    upgrades.add(MultiMap.caseInsensitiveMultiMap().addAll(ws.headers()));
    if (ws.path().equals("/flood")) {
      flood(ws);
      return;
    }
    ws.frameHandler(frame -> echo(ws, frame));
    if (ws.path().equals("/greet")) {
      // Said the moment the socket opens, so the frames travel right behind the 101.
      for (int i = 1; i <= 3; i++) ws.writeTextMessage("welcome-" + i);
    }
    ws.closeHandler(v -> events.add("CLOSED:" + ws.closeStatusCode() + ":" + ws.closeReason()));
  }

  private void echo(ServerWebSocket ws, WebSocketFrame frame) {
    switch (frame.type()) {
      case PING -> events.add("PING:" + frame.binaryData().toString());
      case PONG -> events.add("PONG:" + frame.binaryData().toString());
      case CLOSE -> events.add("CLOSE:" + frame.closeStatusCode() + ":" + frame.closeReason());
      case TEXT -> {
        String text = frame.isFinal() ? frame.textData() : "";
        if (text.startsWith("close:")) {
          String[] parts = text.split(":", 3);
          ws.close(Short.parseShort(parts[1]), parts[2]);
        } else if (text.startsWith("ping-me:")) {
          ws.writePing(Buffer.buffer(text.substring("ping-me:".length())));
        } else {
          events.add("TEXT:" + frame.isFinal());
          ws.writeFrame(WebSocketFrame.textFrame(frame.textData(), frame.isFinal()));
        }
      }
      case BINARY -> {
        events.add("BINARY:" + frame.isFinal());
        ws.writeFrame(WebSocketFrame.binaryFrame(frame.binaryData(), frame.isFinal()));
      }
      case CONTINUATION -> {
        events.add("CONTINUATION:" + frame.isFinal());
        ws.writeFrame(WebSocketFrame.continuationFrame(frame.binaryData(), frame.isFinal()));
      }
    }
  }

  /**
   * Upgrades to {@code /held} wait here until the test accepts them: an app that is slow to accept.
   */
  public BlockingQueue<io.vertx.core.http.ServerWebSocketHandshake> heldHandshakes() {
    return held;
  }

  /**
   * Bytes the {@code /flood} socket managed to write so far; stalls when back-pressure reaches the
   * app.
   */
  public long flooded() {
    return flooded.get();
  }

  /** Writes 64 KiB frames for as long as the socket takes them, up to 512 MiB. */
  private void flood(ServerWebSocket ws) {
    Buffer chunk = Buffer.buffer(new byte[64 << 10]);
    Runnable[] step = new Runnable[1];
    step[0] =
        () -> {
          while (!ws.isClosed() && !ws.writeQueueFull() && flooded.get() < (512L << 20)) {
            ws.writeBinaryMessage(chunk);
            flooded.addAndGet(chunk.length());
          }
          if (ws.writeQueueFull()) ws.drainHandler(v -> step[0].run());
        };
    step[0].run();
  }

  public Future<Void> close() {
    return server.close();
  }
}
