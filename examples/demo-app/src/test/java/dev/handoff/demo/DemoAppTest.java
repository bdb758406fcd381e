package dev.handoff.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.FreePort;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo app as LiveView would behave: every join mounts afresh and re-renders; events update
 * server state.
 */
@Tag("integration")
class DemoAppTest {
  private static final String STATE =
      "{\"v\":1,\"fields\":{\"profile\":{\"name\":\"Ada <3\",\"plan\":\"team\","
          + "\"newsletter\":true,\"size\":\"l\",\"secret\":\"nope\"}},\"providers\":{\"drawer\":{\"open\":true},"
          + "\"counter\":{\"count\":4}}}";

  @RegisterExtension static final VertxExtension vertx = new VertxExtension();
  private static DemoApp app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(vertx.vertx(), 0, 12).await();
  }

  @AfterAll
  static void stop() {
    app.close().await();
  }

  /** A live connection that records what the server sends. */
  private record Live(WebSocket socket, BlockingQueue<JsonObject> received) {
    static Live open(String handoffStateHeader) {
      WebSocketConnectOptions options =
          new WebSocketConnectOptions().setHost("127.0.0.1").setPort(app.port()).setURI("/live");
      if (handoffStateHeader != null) options.addHeader("Handoff-State", handoffStateHeader);
      WebSocket socket = vertx.vertx().createWebSocketClient().connect(options).await();
      BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
      socket.textMessageHandler(text -> received.add(new JsonObject(text)));
      return new Live(socket, received);
    }

    JsonObject send(JsonObject message) throws InterruptedException {
      socket.writeTextMessage(message.encode());
      JsonObject reply = received.poll(10, TimeUnit.SECONDS);
      assertThat(reply).as("a reply to " + message).isNotNull();
      return reply;
    }

    JsonObject join(JsonObject params) throws InterruptedException {
      return send(new JsonObject().put("type", "join").put("params", params));
    }
  }

  private static String base64url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mountsFromHandoffStateHeaderOnEveryJoin() throws InterruptedException {
    Live live = Live.open(base64url(STATE));
    JsonObject render = live.join(new JsonObject());
    assertThat(render.getString("type")).isEqualTo("render");
    assertThat(render.getLong("version")).isEqualTo(12L);
    assertThat(render.getJsonObject("state").getMap())
        .containsEntry("name", "Ada <3")
        .containsEntry("plan", "team")
        .containsEntry("newsletter", true)
        .containsEntry("size", "l")
        .containsEntry("drawerOpen", true)
        .containsEntry("counter", 4)
        .containsEntry("mountedFrom", "header");
    assertThat(render.getString("html"))
        .contains(
            "value=\"Ada &lt;3\"",
            "<option value=\"team\" selected>",
            "name=\"newsletter\" value=\"true\" checked",
            "data-open=\"true\"",
            "<output id=\"counter\">4</output>")
        .doesNotContain("nope");

    live.send(new JsonObject().put("type", "input").put("name", "name").put("value", "Grace"));
    JsonObject again = live.join(new JsonObject());
    assertThat(again.getJsonObject("state").getString("name"))
        .as("a rejoin mounts afresh")
        .isEqualTo("Ada <3");
    live.socket().close().await();
  }

  @Test
  void mountsFromJoinParamsWhenNoHeaderCame() throws InterruptedException {
    Live live = Live.open(null);
    JsonObject render = live.join(new JsonObject().put("handoff", new JsonObject(STATE)));
    assertThat(render.getJsonObject("state").getMap())
        .containsEntry("name", "Ada <3")
        .containsEntry("mountedFrom", "params");
    JsonObject empty = live.join(new JsonObject().putNull("handoff"));
    assertThat(empty.getJsonObject("state").getMap())
        .containsEntry("name", "")
        .containsEntry("counter", 0)
        .containsEntry("mountedFrom", "empty");
    live.socket().close().await();
  }

  @Test
  void appliesClientEventsToServerState() throws InterruptedException {
    Live live = Live.open("not base64 json!");
    assertThat(live.join(null).getJsonObject("state").getString("mountedFrom")).isEqualTo("empty");
    live.send(new JsonObject().put("type", "input").put("name", "plan").put("value", "pro"));
    live.send(new JsonObject().put("type", "input").put("name", "plan").put("value", "enterprise"));
    live.send(new JsonObject().put("type", "input").put("name", "newsletter").put("value", "true"));
    live.send(new JsonObject().put("type", "drawer").put("open", true));
    live.send(new JsonObject().put("type", "increment"));
    JsonObject patch = live.send(new JsonObject().put("type", "increment"));
    assertThat(patch.getString("type")).isEqualTo("patch");
    assertThat(patch.getJsonObject("state").getMap())
        .containsEntry("plan", "pro")
        .containsEntry("newsletter", true)
        .containsEntry("drawerOpen", true)
        .containsEntry("counter", 2);
    live.socket().close().await();
  }

  @Test
  void servesPageWithItsVersionAndHandoffScript() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + app.port();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "<meta name=\"handoff-version\" content=\"12\">",
            "<script type=\"module\" src=\"/app.js\"></script>",
            "<form id=\"profile\"",
            "type=\"password\" name=\"secret\"",
            "data-handoff-ignore");
    HttpResponse<String> library =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/_handoff/handoff.js")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(library.statusCode()).isEqualTo(200);
    assertThat(library.body()).contains("handoff.v1");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void standaloneAppExitsZeroOnSigterm() throws Exception {
    int port = FreePort.next();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), DemoApp.class.getName())
            .redirectErrorStream(true);
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("APP_VERSION", "5");
    Process process = builder.start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("demo app version 5 listening on " + port);
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }
}
