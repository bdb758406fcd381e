package dev.handoff.demo;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One live connection. Protocol (JSON text frames): client → {@code join {params}}, {@code input
 * {name, value}}, {@code drawer {open}}, {@code increment}; server → {@code render {version, html,
 * state}} on every join (a full re-render that replaces the form) and {@code patch {state}} after
 * each event (counter, drawer and the server-state echo only, so typing keeps focus).
 */
final class LiveSession {
  private final ServerWebSocket socket;
  private final ViewMount mount;
  private final long version;
  private ViewState view = new ViewState();

  LiveSession(ServerWebSocket socket, ViewMount mount, long version) {
    this.socket = socket;
    this.mount = mount;
    this.version = version;
  }

  void start() {
    socket.textMessageHandler(this::onMessage);
    socket.exceptionHandler(err -> socket.close());
  }

  private void onMessage(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      return;
    }
    try {
      apply(message);
    } catch (ClassCastException e) {
      // A malformed event is dropped, like a real app would.
    }
  }

  private void apply(JsonObject message) {
    switch (message.getString("type", "")) {
      case "join" -> {
        view = mount.mount(message.getJsonObject("params"));
        socket.writeTextMessage(
            new JsonObject()
                .put("type", "render")
                .put("version", version)
                .put("html", ViewHtml.render(view, version))
                .put("state", view.toJson())
                .encode());
      }
      case "input" -> {
        view.input(message.getString("name", ""), String.valueOf(message.getValue("value")));
        patch();
      }
      case "drawer" -> {
        view.drawerOpen = message.getBoolean("open", !view.drawerOpen);
        patch();
      }
      case "increment" -> {
        view.counter++;
        patch();
      }
      default -> {}
    }
  }

  private void patch() {
    socket.writeTextMessage(
        new JsonObject().put("type", "patch").put("state", view.toJson()).encode());
  }
}
