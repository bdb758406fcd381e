package dev.handoff.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.FixtureExtension;
import dev.handoff.testkit.NodeAppExtension;
import dev.handoff.testkit.NodePod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The real socket.io server (client/test/apps/socketio-server.mjs, Node) as the app behind real
 * sidecar processes at K and K+1, a real redis-server and HAProxy; the page loads the real
 * socket.io-client bundle after replacing its WebSocket with Handoff's (docs/CLIENT.md, Socket.IO).
 * A SIGTERM of the pod at K moves the page to K+1 with no reload, and what the user had (form,
 * drawer, the room they joined) is back, while Socket.IO on either side never decodes a control
 * frame.
 */
@Tag("integration")
class SocketIoHandoffInChromiumTest {
  private static final long K = 11;
  private static final Duration PATIENCE = DemoPageDriver.PATIENCE;
  private static final String SECRET = "never-handed-off";

  @RegisterExtension
  static final NodeAppExtension deploy = new NodeAppExtension("sio", "socketio-server.mjs");

  @RegisterExtension
  static final FixtureExtension<HeadlessChromium> chromium = HeadlessChromium.extension();

  @Test
  void formDrawerAndRoomComeBackOnNextVersionWithoutReloadAndSocketIoSeesNoControlFrame() {
    NodePod old = userOn(deploy.pod(K));
    NodePod next = deploy.pod(K + 1);
    deploy.rollTo(next);

    old.sigtermAndAwaitExit();

    awaitLive(K + 1);
    assertThat(script("return window.__marker || null"))
        .as("no reload happened")
        .isEqualTo("still-here");
    assertThat(formReplaced())
        .as("the server at K+1 rendered the form anew on its connection")
        .isTrue();
    assertTypedValuesBack();
    assertThat(script("return document.getElementById('drawer').dataset.open")).isEqualTo("true");
    assertThat(list("return window.app.restores.slice()")).containsExactly("server");

    // What the connection handler at K+1 got: the state in handshake.auth (from
    // Handoff.restoredState()) and in the
    // handoff-state header; it rendered the form and joined the room from it.
    JsonObject connection = onlyConnection(next);
    assertThat(connection.getString("from")).isEqualTo("auth");
    assertThat(connection.getString("restoredFrom")).isEqualTo(String.valueOf(K));
    JsonObject fields =
        connection.getJsonObject("auth").getJsonObject("fields").getJsonObject("profile");
    assertThat(fields.getMap())
        .containsEntry("name", "Ada Lovelace")
        .containsEntry("plan", "pro")
        .containsEntry("newsletter", true)
        .containsEntry("size", "m")
        .doesNotContainKey("secret");
    assertThat(connection.getJsonObject("auth").getJsonObject("providers").getMap())
        .containsEntry("drawer", Map.of("open", true))
        .containsEntry("rooms", Map.of("joined", List.of("ops")));
    assertThat(connection.getJsonObject("header")).isEqualTo(connection.getJsonObject("auth"));
    assertThat(connection.getJsonArray("rooms")).containsExactly("ops");
    next.app().get("/_app/announce?room=ops&text=after-the-deploy");
    await("the room's broadcast reaches the page")
        .atMost(PATIENCE)
        .until(
            () ->
                String.valueOf(
                        script("return document.getElementById('announcements').textContent"))
                    .contains("after-the-deploy"));

    assertSocketIoSawNoControlFrame(old, next);
    // The user's next typing reaches the new server as usual.
    form().type("name", "Ada King");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "Ada King".equals(onlyConnection(next).getJsonObject("fields").getString("name")));
    chromium.get().screenshot("socketio-next-version");
  }

  @Test
  void serverThatRendersAnEmptyFormOnEveryConnectionStillGetsTheRestoredValues() {
    NodePod old = userOn(deploy.pod(K, "--forgetful"));
    NodePod next = deploy.pod(K + 1, "--forgetful");
    deploy.rollTo(next);

    old.sigtermAndAwaitExit();

    awaitLive(K + 1);
    JsonObject connection = onlyConnection(next);
    assertThat(connection.getString("from")).isEqualTo("nothing (forgetful)");
    assertThat(script("return document.getElementById('profile').dataset.mountedFrom"))
        .isEqualTo("nothing (forgetful)");
    assertThat(script("return window.__marker || null"))
        .as("no reload happened")
        .isEqualTo("still-here");
    assertThat(formReplaced()).isTrue();
    // The server put an empty form over the restored one; handoff.js re-applied the values into the
    // new elements
    // and fired input/change, so the server learnt them the way it learns typing.
    assertTypedValuesBack();
    await("the re-applied values reach the server")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(onlyConnection(next).getJsonObject("fields").getMap())
                    .containsEntry("name", "Ada Lovelace")
                    .containsEntry("notes", "Analytical engine,\nnote G")
                    .containsEntry("plan", "pro")
                    .containsEntry("newsletter", true)
                    .containsEntry("size", "m"));
    assertSocketIoSawNoControlFrame(old, next);

    // What the user types now is theirs: it is not overwritten by the restore.
    form().type("name", "Grace");
    await()
        .atMost(PATIENCE)
        .until(
            () -> "Grace".equals(onlyConnection(next).getJsonObject("fields").getString("name")));
    assertThat(form().value("name")).isEqualTo("Grace");
  }

  /**
   * The page loaded through the balancer with only {@code first} behind it, filled in by the user.
   */
  private NodePod userOn(NodePod first) {
    chromium.get().driver().get(deploy.balancer(first).url() + "/");
    awaitLive(first.version());
    form().type("name", "Ada Lovelace");
    form().type("notes", "Analytical engine,\nnote G");
    new Select(form().field("plan")).selectByValue("pro");
    form().field("newsletter").click();
    chromium
        .get()
        .driver()
        .findElement(By.cssSelector("#profile [name='size'][value='m']"))
        .click();
    form().type("secret", SECRET);
    chromium.get().driver().findElement(By.id("drawer-toggle")).click();
    chromium.get().driver().findElement(By.id("join-ops")).click();
    await("the server at " + first.version() + " has what the user did")
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonObject c = onlyConnection(first);
              assertThat(c.getJsonObject("fields").getMap())
                  .containsEntry("name", "Ada Lovelace")
                  .containsEntry("size", "m");
              assertThat(c.getJsonArray("rooms")).containsExactly("ops");
            });
    script(
        "window.__marker = 'still-here'; document.querySelectorAll('#profile [name]').forEach(e => e.__old = true);");
    return first;
  }

  private void awaitLive(long version) {
    try {
      await("page live on v" + version)
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () ->
                  "live".equals(text("status"))
                      && String.valueOf(version).equals(text("live-version")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "page not live on v"
              + version
              + chromium.get().diagnostics("socketio-not-live-v" + version, ""),
          e);
    }
  }

  private void assertTypedValuesBack() {
    assertThat(form().value("name")).isEqualTo("Ada Lovelace");
    assertThat(form().value("notes")).isEqualTo("Analytical engine,\nnote G");
    assertThat(form().value("plan")).isEqualTo("pro");
    assertThat(form().field("newsletter").isSelected()).isTrue();
    assertThat(
            script("return document.querySelector('#profile [name=size]:checked')?.value ?? null"))
        .isEqualTo("m");
    assertThat(form().value("secret")).as("the password is never handed off").isEmpty();
  }

  /**
   * Neither Socket.IO's engine in the page nor the servers' decoded a packet they could not read.
   */
  private void assertSocketIoSawNoControlFrame(NodePod old, NodePod next) {
    assertThat(list("return window.app.anomalies.map(p => JSON.stringify(p))")).isEmpty();
    assertThat(list("return window.app.engineCloses.slice()")).containsExactly("transport close");
    assertThat(list("return window.app.disconnects.slice()")).containsExactly("transport close");
    for (NodePod pod : List.of(old, next)) {
      JsonObject state = new JsonObject(pod.app().get("/_app/state"));
      assertThat(state.getJsonArray("anomalies"))
          .as("packets the server at %s could not read", pod.version())
          .isEmpty();
      assertThat(state.getJsonArray("engineCloses").getList())
          .as("engine closes at %s", pod.version())
          .doesNotContain("parse error");
    }
    assertThat(chromium.get().webSocketFrames())
        .as("control frames went over the wire, to handoff.js")
        .anyMatch(f -> f.contains("\\\"t\\\":\\\"handoff\\\""));
  }

  private JsonObject onlyConnection(NodePod pod) {
    JsonArray connections =
        new JsonObject(pod.app().get("/_app/state")).getJsonArray("connections");
    assertThat(connections).as("connections at %s", pod.version()).hasSize(1);
    return connections.getJsonObject(0);
  }

  private boolean formReplaced() {
    return Boolean.TRUE.equals(
        script(
            "return Array.from(document.querySelectorAll('#profile [name]')).every(e => !e.__old)"));
  }

  private String text(String id) {
    return chromium.get().driver().findElement(By.id(id)).getText();
  }

  private ProfileForm form() {
    return new ProfileForm(chromium.get());
  }

  private Object script(String js) {
    return chromium.get().script(js);
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(String js) {
    return (List<Object>) chromium.get().script(js);
  }
}
