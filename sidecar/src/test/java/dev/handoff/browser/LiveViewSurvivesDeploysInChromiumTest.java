package dev.handoff.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.FixtureExtension;
import dev.handoff.testkit.NodeAppExtension;
import dev.handoff.testkit.NodePod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The real phoenix and phoenix_live_view bundles in Chromium, on Handoff.WebSocket, against a
 * LiveView server in Node (client/test/apps/liveview-server.mjs on client/test/liveview-app.js:
 * Phoenix channels, mount/3 reading {@code _handoff}, handle_event("validate") re-rendering the
 * form) behind real sidecar processes, redis-server and HAProxy. What mount/3 receives in {@code
 * get_connect_params(socket)["_handoff"]} after a hand-off, after a version skip's reload and after
 * a SIGKILL; the user's typing after a reconnect against LiveView's form recovery and Handoff's
 * restore; a page living through three deploys.
 */
@Tag("integration")
class LiveViewSurvivesDeploysInChromiumTest {
  private static final long K = 21;
  private static final Duration PATIENCE = DemoPageDriver.PATIENCE;
  private static final String SECRET = "s3cret-password";

  /**
   * What the form with id="profile" sends in its phx-change event, as Plug decodes it, less the
   * password.
   */
  private static final Map<String, Object> EXPECTED =
      Map.of(
          "profile",
          Map.of(
              "name",
              "Ada",
              "bio",
              "line one\nline two",
              "plan",
              "pro",
              "tags",
              List.of("a", "c"),
              "newsletter",
              "true",
              "terms",
              "on",
              "colors",
              List.of("red", "blue"),
              "size",
              "m",
              "address",
              Map.of("city", "Paris")));

  @RegisterExtension
  static final NodeAppExtension deploy = new NodeAppExtension("lv", "liveview-server.mjs");

  @RegisterExtension
  static final FixtureExtension<HeadlessChromium> chromium = HeadlessChromium.extension();

  @Test
  void afterAHandOffMountGetsEachFormsParamsAsItsPhxChangeSendsThemAndThePageIsNotReloaded() {
    NodePod old = userOn(deploy.pod(K));
    JsonObject change = lastValidate(old);
    NodePod next = deploy.pod(K + 1);
    deploy.rollTo(next);

    old.sigtermAndAwaitExit();

    JsonObject params = awaitJoin(next).getJsonObject("params");
    JsonObject restored = params.getJsonObject("_handoff");
    assertThat(restored.getJsonObject("forms").getJsonObject("profile").getMap())
        .isEqualTo(EXPECTED);
    // The same as LiveView's own encoding of the form in its last phx-change, less the password and
    // _unused_ marks.
    assertThat(restored.getJsonObject("forms").getJsonObject("profile").getMap())
        .isEqualTo(
            Map.of(
                "profile", kept(change.getJsonObject("params").getJsonObject("profile").getMap())));
    assertThat(restored.getJsonObject("providers").getMap())
        .isEqualTo(Map.of("drawer", Map.of("open", true)));
    assertThat(restored.getJsonObject("fields").getJsonObject("profile").getString("profile[name]"))
        .isEqualTo("Ada");
    assertThat(params.getString("_csrf_token")).isEqualTo("csrf-token-" + K);
    assertThat(params.encode()).doesNotContain(SECRET);
    assertThat(joins(old).getJsonObject(0).getJsonObject("params").containsKey("_handoff"))
        .as("an ordinary join carries no _handoff")
        .isFalse();
    assertThat(
            new JsonObject(next.app().get("/_app/joins"))
                .getJsonArray("upgrades")
                .getJsonObject(0)
                .getString("restoredFrom"))
        .isEqualTo(String.valueOf(K));

    // mount/3 rebuilt the form and the drawer from it: the render of K+1 shows them.
    assertThat(form().value("profile[name]")).isEqualTo("Ada");
    assertThat(form().value("profile[address][city]")).isEqualTo("Paris");
    assertThat(script("return document.getElementById('drawer').dataset.open")).isEqualTo("true");
    assertThat(form().value("profile[password]")).isEmpty();
    assertThat(script("return window.app.loads")).as("no reload").isEqualTo(1L);
    assertThat(list("return window.app.restores.slice()")).containsExactly("server");
    chromium.get().screenshot("liveview-next-version");
  }

  @Test
  void aVersionSkipReloadsThePageForAVersionReasonAndItsFirstJoinCarriesTheForm() {
    NodePod old = userOn(deploy.pod(K));
    NodePod twoAhead = deploy.pod(K + 2);
    deploy.rollTo(twoAhead);

    old.sigtermAndAwaitExit();

    JsonObject restored = awaitJoin(twoAhead).getJsonObject("params").getJsonObject("_handoff");
    assertThat(joins(twoAhead))
        .as("the reloaded page's first join is the only one at K+2")
        .hasSize(1);
    assertThat(restored.getJsonObject("forms").getJsonObject("profile").getMap())
        .isEqualTo(EXPECTED);
    assertThat(restored.getJsonObject("providers").getMap())
        .isEqualTo(Map.of("drawer", Map.of("open", true)));
    awaitRenderedBy(K + 2);
    assertThat(script("return window.app.loads")).as("reloaded once").isEqualTo(2L);
    assertThat(list("return JSON.parse(sessionStorage.getItem('test:refreshes'))"))
        .containsExactly("version");
    assertThat(list("return window.app.restores.slice()")).containsExactly("refresh");
    assertThat(form().value("profile[name]")).isEqualTo("Ada");
    assertThat(script("return document.getElementById('drawer').dataset.open")).isEqualTo("true");
  }

  @Test
  void afterASigkillTheSessionStorageCopyReachesMountTheSameWay() {
    NodePod old = userOn(deploy.pod(K));
    NodePod next = deploy.pod(K + 1);
    deploy.rollTo(next);
    await("sessionStorage copy written")
        .atMost(PATIENCE)
        .until(
            () ->
                String.valueOf(script("return sessionStorage.getItem('handoff:copy:/')"))
                    .contains("Paris"));

    old.sigkill();

    JsonObject restored = awaitJoin(next).getJsonObject("params").getJsonObject("_handoff");
    assertThat(restored.getJsonObject("forms").getJsonObject("profile").getMap())
        .isEqualTo(EXPECTED);
    assertThat(restored.getJsonObject("providers").getMap())
        .isEqualTo(Map.of("drawer", Map.of("open", true)));
    awaitRenderedBy(K + 1);
    assertThat(list("return window.app.restores.slice()")).containsExactly("local");
    assertThat(script("return window.app.loads")).as("no reload").isEqualTo(1L);
    assertThat(form().value("profile[name]")).isEqualTo("Ada");
  }

  @Test
  void typingRightAfterTheReconnectIsNeverOverwrittenByTheRestoreOrByLiveViewsFormRecovery() {
    NodePod old = userOn(deploy.pod(K));
    NodePod next = deploy.pod(K + 1);
    deploy.rollTo(next);

    old.sigtermAndAwaitExit();
    awaitJoin(next);
    awaitRenderedBy(K + 1);
    // Inside the restore window (5 s; these steps wait only for the page and the server to answer
    // each other).
    form().type("profile[name]", "Grace");
    form().type("profile[address][city]", "Lyon");

    await("the server at K+1 has the newer typing")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        lastValidate(next)
                            .getJsonObject("params")
                            .getJsonObject("profile")
                            .getMap())
                    .containsEntry("name", "Grace")
                    .containsEntry("address", Map.of("city", "Lyon")));
    // Each phx-change re-rendered the whole form from the server's params; neither handoff.js
    // (restore, re-apply,
    // hook) nor LiveView (form recovery on rejoin) put a restored value back over what the user
    // typed since.
    assertThat(form().value("profile[name]")).isEqualTo("Grace");
    assertThat(form().value("profile[address][city]")).isEqualTo("Lyon");
    List<String> names = new ArrayList<>();
    for (Object e : events(next)) {
      names.add(
          ((JsonObject) e).getJsonObject("params").getJsonObject("profile").getString("name"));
    }
    // Before the typing: LiveView's form recovery on rejoin sent the form as the DOM held it (the
    // restored name).
    // From the first keystroke on (one phx-change each): the user's name only, the restored one
    // never again.
    int typed = names.indexOf("G");
    assertThat(typed).as("events at K+1: %s", names).isPositive();
    assertThat(names.subList(0, typed)).as("events at K+1: %s", names).containsOnly("Ada");
    assertThat(names.subList(typed, names.size()))
        .as("events at K+1: %s", names)
        .allMatch(n -> "Grace".startsWith(n))
        .endsWith("Grace");
    assertThat(form().value("profile[plan]"))
        .as("the fields not typed into keep the restored values")
        .isEqualTo("pro");
    assertThat(script("return window.app.loads")).isEqualTo(1L);
  }

  @Test
  void typingWhileTheSocketIsAwayIsNeitherOverwrittenByTheRestoreNorLostToMount() {
    NodePod old = userOn(deploy.pod(K));
    NodePod next =
        deploy.pod(K + 1); // ready, but not behind the balancer yet: the page cannot reconnect
    old.sigtermAndAwaitExit();
    await("the page was handed a token")
        .atMost(PATIENCE)
        .until(() -> Long.valueOf(1).equals(script("return window.app.handoffs")));

    // Drained, disconnected: the user goes on typing.
    form().type("profile[name]", "Grace");
    form().type("profile[address][city]", "Lyon");
    // The page's own debounced checkpoint of that typing lands while no sidecar can take it: it
    // must not
    // make the typing count as part of the drained snapshot (it once did, whenever the reconnect
    // was slow).
    await("the typing checkpointed locally")
        .atMost(PATIENCE)
        .until(
            () ->
                String.valueOf(
                        script(
                            "return Object.keys(sessionStorage).map(k => sessionStorage.getItem(k))"
                                + ".join()"))
                    .contains("Lyon"));
    deploy.rollTo(next);

    JsonObject restored = awaitJoin(next).getJsonObject("params").getJsonObject("_handoff");
    awaitRenderedBy(K + 1);
    assertThat(list("return window.app.restores.slice()")).containsExactly("server");
    // The restore brought back what the drain took, except the fields typed into since: those keep
    // the newer text,
    // on the page and in what mount/3 receives.
    Map<String, Object> profile =
        restored.getJsonObject("forms").getJsonObject("profile").getJsonObject("profile").getMap();
    assertThat(profile)
        .containsEntry("name", "Grace")
        .containsEntry("address", Map.of("city", "Lyon"))
        .containsEntry("plan", "pro")
        .containsEntry("size", "m");
    assertThat(form().value("profile[name]")).isEqualTo("Grace");
    assertThat(form().value("profile[address][city]")).isEqualTo("Lyon");
    assertThat(form().value("profile[plan]")).isEqualTo("pro");
    await("the form's params at K+1")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        lastValidate(next)
                            .getJsonObject("params")
                            .getJsonObject("profile")
                            .getMap())
                    .containsEntry("name", "Grace"));
    for (Object e : events(next)) {
      assertThat(
              ((JsonObject) e).getJsonObject("params").getJsonObject("profile").getString("name"))
          .as("no event at K+1 carries the older name")
          .isEqualTo("Grace");
    }
  }

  @Test
  void aPageLivingThroughThreeDeploysIsNeverReloadedAndEachMountGetsTheForm() {
    NodePod current = userOn(deploy.pod(K));
    for (long next = K + 1; next <= K + 3; next++) {
      NodePod pod = deploy.pod(next);
      deploy.rollTo(pod);
      current.sigtermAndAwaitExit();
      JsonObject restored = awaitJoin(pod).getJsonObject("params").getJsonObject("_handoff");
      assertThat(restored.getJsonObject("forms").getJsonObject("profile").getMap())
          .as("mount at %s", next)
          .isEqualTo(EXPECTED);
      assertThat(restored.getJsonObject("providers").getMap())
          .isEqualTo(Map.of("drawer", Map.of("open", true)));
      awaitRenderedBy(next);
      current = pod;
    }
    assertThat(script("return window.app.loads")).as("never reloaded").isEqualTo(1L);
    assertThat(script("return sessionStorage.getItem('test:refreshes')"))
        .as("no refresh asked for")
        .isNull();
    assertThat(list("return window.app.restores.slice()"))
        .containsExactly("server", "server", "server");
    assertThat(script("return document.querySelector('meta[name=handoff-version]').content"))
        .as("the layout the page was loaded with")
        .isEqualTo(String.valueOf(K));
    assertThat(form().value("profile[name]")).isEqualTo("Ada");
  }

  /**
   * The page loaded through the balancer with only {@code first} behind it, filled in by the user.
   */
  private NodePod userOn(NodePod first) {
    chromium.get().driver().get(deploy.balancer(first).url() + "/");
    awaitJoin(first);
    awaitRenderedBy(first.version());
    form().type("profile[name]", "Ada");
    form().type("profile[bio]", "line one\nline two");
    new Select(form().field("profile[plan]")).selectByValue("pro");
    Select tags = new Select(form().field("profile[tags][]"));
    tags.selectByValue("a");
    tags.selectByValue("c");
    chromium
        .get()
        .driver()
        .findElement(By.cssSelector("#profile input[type=checkbox][name='profile[newsletter]']"))
        .click();
    form().field("profile[terms]").click();
    for (String color : List.of("red", "blue")) {
      chromium
          .get()
          .driver()
          .findElement(By.cssSelector("#profile [name='profile[colors][]'][value='" + color + "']"))
          .click();
    }
    chromium
        .get()
        .driver()
        .findElement(By.cssSelector("#profile [name='profile[size]'][value='m']"))
        .click();
    form().type("profile[password]", SECRET);
    form().type("profile[address][city]", "Paris");
    script("window.app.openDrawer()");
    await("phx-change carried the whole form to the server at " + first.version())
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        Map.of(
                            "profile",
                            kept(
                                lastValidate(first)
                                    .getJsonObject("params")
                                    .getJsonObject("profile")
                                    .getMap())))
                    .isEqualTo(EXPECTED));
    return first;
  }

  /** The one join LiveView made at the pod (waiting for it), with the params mount/3 would see. */
  private JsonObject awaitJoin(NodePod pod) {
    try {
      await("LiveView joined at " + pod.version())
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> !joins(pod).isEmpty());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no join at "
              + pod.version()
              + chromium.get().diagnostics("liveview-no-join-v" + pod.version(), ""),
          e);
    }
    return joins(pod).getJsonObject(0);
  }

  private void awaitRenderedBy(long version) {
    await("LiveView connected and rendered by " + version)
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () ->
                Boolean.TRUE.equals(
                    script(
                        "return !!document.querySelector('#phx-root.phx-connected')"
                            + " && !!document.querySelector(\"#drawer[data-rendered-by='"
                            + version
                            + "']\")")));
  }

  private static JsonArray joins(NodePod pod) {
    return new JsonObject(pod.app().get("/_app/joins")).getJsonArray("joins");
  }

  private static JsonArray events(NodePod pod) {
    JsonArray validate = new JsonArray();
    for (Object e : new JsonObject(pod.app().get("/_app/joins")).getJsonArray("events")) {
      if ("validate".equals(((JsonObject) e).getString("event"))) validate.add(e);
    }
    return validate;
  }

  private static JsonObject lastValidate(NodePod pod) {
    JsonArray validate = events(pod);
    assertThat(validate).as("phx-change events at %s", pod.version()).isNotEmpty();
    return validate.getJsonObject(validate.size() - 1);
  }

  /** Form params less what Handoff never keeps (the password) and LiveView's _unused_ marks. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> kept(Map<String, Object> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach(
        (k, v) -> {
          if (k.startsWith("_unused_") || k.equals("password")) return;
          out.put(k, v instanceof Map<?, ?> m ? kept((Map<String, Object>) m) : v);
        });
    return out;
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
