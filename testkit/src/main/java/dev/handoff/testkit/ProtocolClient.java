package dev.handoff.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client speaking hand-off protocol v1 the way handoff.js does, for tests without a browser:
 * offers {@code handoff.v1} (and a token), collects control frames apart from app data, and answers
 * {@code drain} with the state it holds, unless told to stay silent.
 */
public final class ProtocolClient {
  private final WebSocket socket;
  private final WebSocketClient client;
  private final BlockingQueue<JsonObject> control = new LinkedBlockingQueue<>();
  private final List<String> rawControl = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final BlockingQueue<String> appMessages = new LinkedBlockingQueue<>();
  private final BlockingQueue<WebSocketFrame> appFrames = new LinkedBlockingQueue<>();
  private volatile String state;
  private volatile Long pageVersion;
  private volatile boolean answersDrain = true;
  private volatile Short closeCode;
  private volatile String closeReason;

  private final boolean optedIn;

  private ProtocolClient(WebSocketClient client, WebSocket socket, boolean optedIn) {
    this.client = client;
    this.socket = socket;
    this.optedIn = optedIn;
  }

  public static Future<ProtocolClient> connect(
      Vertx vertx, int port, String path, List<String> protocols) {
    return connect(
        vertx,
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .setSubProtocols(protocols.isEmpty() ? null : protocols));
  }

  /**
   * Connects with options of the test's own (headers, URI…); opted in when they offer {@code
   * handoff.v1}.
   */
  public static Future<ProtocolClient> connect(Vertx vertx, WebSocketConnectOptions options) {
    WebSocketClient client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 24));
    List<String> protocols =
        options.getSubProtocols() == null ? List.of() : options.getSubProtocols();
    // Handlers go on before the connect (Vert.x 5's ClientWebSocket allows it): no frame, the
    // sidecar's hello
    // right behind its 101 included, can arrive before them.
    io.vertx.core.http.ClientWebSocket ws = client.webSocket();
    ProtocolClient c = new ProtocolClient(client, ws, protocols.contains("handoff.v1"));
    c.wire();
    return ws.connect(options).map(connected -> c);
  }

  /** Opts in, optionally presenting a token, next to the app's own subprotocols. */
  public static Future<ProtocolClient> optIn(
      Vertx vertx, int port, String path, String token, String... app) {
    List<String> protocols = new ArrayList<>(List.of(app));
    protocols.add("handoff.v1");
    if (token != null) protocols.add("handoff.token." + token);
    return connect(vertx, port, path, protocols);
  }

  private void wire() {
    socket.frameHandler(
        frame -> {
          if (optedIn && frame.isText() && frame.isFinal() && frame.textData().startsWith("\0")) {
            rawControl.add(frame.textData().substring(1));
            JsonObject msg = new JsonObject(frame.textData().substring(1));
            control.add(msg);
            if ("drain".equals(msg.getString("t")) && answersDrain && state != null) {
              sendControl(
                  new JsonObject()
                      .put("t", "state")
                      .put("state", new JsonObject(state))
                      .put("pageVersion", pageVersion));
            }
          } else if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
            appFrames.add(frame);
            if (frame.isText() && frame.isFinal()) appMessages.add(frame.textData());
          }
        });
    socket.closeHandler(
        v -> {
          closeCode = socket.closeStatusCode();
          closeReason = socket.closeReason();
        });
  }

  /** The state to hand over on {@code drain}, as JSON text. */
  public ProtocolClient holding(String stateJson, Long pageVersion) {
    this.state = stateJson;
    this.pageVersion = pageVersion;
    return this;
  }

  public ProtocolClient silentOnDrain() {
    answersDrain = false;
    return this;
  }

  public void sendControl(JsonObject msg) {
    socket.writeTextMessage("\0" + msg.encode());
  }

  public void sendRaw(String text) {
    socket.writeTextMessage(text);
  }

  public WebSocket socket() {
    return socket;
  }

  /** The next control frame, or fails after 20 s. */
  public JsonObject nextControl() {
    return poll(control);
  }

  /** The next control frame of the given type, skipping others. */
  public JsonObject nextControl(String type) {
    while (true) {
      JsonObject msg = nextControl();
      if (type.equals(msg.getString("t"))) return msg;
    }
  }

  /**
   * Every control frame received so far, as the text that came over the wire (without the U+0000).
   */
  public List<String> rawControlFrames() {
    return rawControl;
  }

  public BlockingQueue<JsonObject> controlFrames() {
    return control;
  }

  public String nextAppMessage() {
    return poll(appMessages);
  }

  public WebSocketFrame nextAppFrame() {
    return poll(appFrames);
  }

  public Short closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  public String subProtocol() {
    return socket.subProtocol();
  }

  public Future<Void> close() {
    return socket.close().eventually(() -> client.close());
  }

  private static <T> T poll(BlockingQueue<T> queue) {
    try {
      T item = queue.poll(20, TimeUnit.SECONDS);
      if (item == null) throw new AssertionError("nothing arrived within 20 s");
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
