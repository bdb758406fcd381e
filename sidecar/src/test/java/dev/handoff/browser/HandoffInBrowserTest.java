package dev.handoff.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.FixtureExtension;
import dev.handoff.testkit.LoadBalancerExtension;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * handoff.js in headless Chromium, against the demo app (which re-renders its view from fresh
 * server state on every (re)join) behind real sidecar processes, a real HAProxy and a real
 * redis-server: the rolling deploy as a user lives it.
 */
@Tag("integration")
class HandoffInBrowserTest {
  private static final long K = 7;
  private static final String SECRET = "pa55-never-leaves";

  @RegisterExtension static final VertxExtension vertx = new VertxExtension();

  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();

  @RegisterExtension
  static final FixtureExtension<HeadlessChromium> browser = HeadlessChromium.extension();

  @RegisterExtension final LoadBalancerExtension balancer = new LoadBalancerExtension();
  private final List<AutoCloseable> running = new ArrayList<>();
  private DemoPageDriver page;

  @AfterEach
  void stopPods() throws Exception {
    for (AutoCloseable c : running) c.close();
  }

  private DemoPod pod(long version) {
    DemoPod pod = DemoPod.start(vertx.vertx(), redis.url(), version);
    running.add(pod);
    return pod;
  }

  /**
   * A balancer with only {@code first} behind it, the page loaded through it and filled in by the
   * user.
   */
  private DemoPod userOnPod(long version) {
    return userOn(pod(version), "/");
  }

  private DemoPod userOn(DemoPod first, String path) {
    long version = first.version();
    balancer.get().addAndAwaitUp(first.backend());
    page = new DemoPageDriver(browser.get()).open(balancer.get().url() + path).awaitLive(version);
    page.type("name", "Ada Lovelace");
    page.type("notes", "Analytical engine,\nnote G");
    page.select("plan", "pro");
    page.check("newsletter");
    page.choose("size", "m");
    page.type("secret", SECRET);
    page.type("coupon", "SAVE10");
    page.toggleDrawer();
    page.increment();
    page.increment();
    page.increment();
    await()
        .atMost(DemoPageDriver.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(page.serverState())
                    .contains(
                        "\"name\":\"Ada Lovelace\"",
                        "\"drawerOpen\":true",
                        "\"counter\":3",
                        "\"size\":\"m\""));
    page.markWindow();
    page.markFormElements();
    return first;
  }

  private void rollTo(DemoPod next) {
    balancer.get().addAndAwaitUp(next.backend());
  }

  private void assertFormCameBack(Map<String, Object> values) {
    assertThat(values)
        .containsEntry("name", "Ada Lovelace")
        .containsEntry("notes", "Analytical engine,\nnote G")
        .containsEntry("plan", "pro")
        .containsEntry("newsletter", true)
        .containsEntry("size", "m");
    // Never handed off: the password field and the field marked data-handoff-ignore come back
    // empty.
    assertThat(values).containsEntry("secret", "").containsEntry("coupon", "");
  }

  @Test
  void keepsTypedFormAndDrawerOnNextVersionWithoutReload() {
    DemoPod old = userOnPod(K);
    DemoPod next = pod(K + 1);
    rollTo(next);

    old.sigtermAndAwaitExit();

    page.awaitLive(K + 1);
    assertThat(page.windowMarked()).as("no reload happened").isTrue();
    assertThat(page.text("page-version")).isEqualTo(String.valueOf(K));
    assertThat(page.formElementsReplaced())
        .as("the app re-rendered the form from its new server state")
        .isTrue();
    assertFormCameBack(page.values());
    assertThat(page.drawerOpen()).isTrue();
    assertThat(page.text("counter")).isEqualTo("3");
    // The restored state reached the new app's server state, through the Handoff-State upgrade
    // header.
    assertThat(page.text("mounted-from")).isEqualTo("header");
    assertThat(page.serverState())
        .contains(
            "\"name\":\"Ada Lovelace\"",
            "\"plan\":\"pro\"",
            "\"newsletter\":true",
            "\"drawerOpen\":true",
            "\"counter\":3");
    assertThat(page.restores()).containsExactly("server");
    // The sidecar answered handoff.v1 (the app chose no subprotocol); the app sees none, as without
    // Handoff.
    assertThat(browser.get().script("return window.demo.socket.protocol")).isEqualTo("");
    assertThat(browser.get().script("return window.demo.closes.slice()")).isEqualTo(List.of(1012L));
    browser.get().screenshot("handoff-next-version");
  }

  @Test
  void reloadsOnVersionTwoAheadAndBringsBackTheFieldsThatStillExist() {
    DemoPod old = userOnPod(K);
    DemoPod twoAhead = pod(K + 2);
    rollTo(twoAhead);

    old.sigtermAndAwaitExit();

    await("page reloaded at K+2")
        .atMost(DemoPageDriver.PATIENCE)
        .ignoreExceptions()
        .until(() -> String.valueOf(K + 2).equals(page.text("page-version")));
    page.awaitLive(K + 2);
    assertThat(page.windowMarked()).as("the page was reloaded").isFalse();
    await().atMost(DemoPageDriver.PATIENCE).untilAsserted(() -> assertFormCameBack(page.values()));
    assertThat(page.restores()).containsExactly("refresh");
    await()
        .atMost(DemoPageDriver.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(page.serverState())
                    .contains(
                        "\"name\":\"Ada Lovelace\"", "\"plan\":\"pro\"", "\"newsletter\":true"));
    browser.get().screenshot("handoff-refresh");
  }

  @Test
  void restoresFormFromSessionStorageAfterPodIsKilled() {
    DemoPod old = userOnPod(K);
    DemoPod next = pod(K + 1);
    rollTo(next);
    await("sessionStorage copy written")
        .atMost(DemoPageDriver.PATIENCE)
        .until(() -> page.localCopy() != null && page.localCopy().contains("Ada Lovelace"));

    old.sigkill();

    page.awaitLive(K + 1);
    assertThat(page.windowMarked()).as("no reload happened").isTrue();
    assertThat(page.formElementsReplaced()).isTrue();
    assertFormCameBack(page.values());
    assertThat(page.drawerOpen()).isTrue();
    assertThat(page.restores()).containsExactly("local");
    // The new app mounted from the join params handoff.js filled from its local copy.
    assertThat(page.text("mounted-from")).isEqualTo("params");
    assertThat(page.serverState()).contains("\"name\":\"Ada Lovelace\"", "\"counter\":3");
  }

  @Test
  void restoresFormFromSessionStorageWhenRedisDiesBeforeTheDrain() {
    RedisServerFixture doomed = RedisServerFixture.start();
    try {
      DemoPod old = DemoPod.start(vertx.vertx(), doomed.url(), K);
      running.add(old);
      userOn(old, "/");
      DemoPod next = DemoPod.start(vertx.vertx(), doomed.url(), K + 1);
      running.add(next);
      rollTo(next);
      await("sessionStorage copy written")
          .atMost(DemoPageDriver.PATIENCE)
          .until(() -> page.localCopy() != null && page.localCopy().contains("Ada Lovelace"));

      // The store is gone: the old pod cannot keep the state, closes with 1012 and says so.
      doomed.kill();
      old.sigtermAndAwaitExit();

      page.awaitLive(K + 1);
      assertThat(page.windowMarked()).as("no reload happened").isTrue();
      assertFormCameBack(page.values());
      assertThat(page.drawerOpen()).isTrue();
      assertThat(page.restores()).containsExactly("local");
    } finally {
      doomed.close();
    }
  }

  @Test
  void restoresFormFromSessionStorageWhenTheSnapshotExpired() {
    // The user comes back after the snapshot's TTL: here the TTL is shorter than any reconnect.
    DemoPod old =
        DemoPod.start(vertx.vertx(), redis.url(), K, Map.of("HANDOFF_SNAPSHOT_TTL", "1ms"));
    running.add(old);
    userOn(old, "/");
    DemoPod next = pod(K + 1);
    rollTo(next);

    old.sigtermAndAwaitExit();

    page.awaitLive(K + 1);
    assertThat(page.windowMarked()).as("no reload happened").isTrue();
    assertThat(page.formElementsReplaced()).isTrue();
    assertFormCameBack(page.values());
    assertThat(page.drawerOpen()).isTrue();
    assertThat(page.restores()).containsExactly("local");
    assertThat(page.text("mounted-from")).isEqualTo("params");
  }

  @Test
  void reappliesFieldsTheAppReRendersEmptyWhenItIgnoresTheRestoredState() {
    DemoPod old = userOn(pod(K), "/?forgetful");
    DemoPod next = pod(K + 1);
    rollTo(next);

    old.sigtermAndAwaitExit();

    page.awaitLive(K + 1);
    assertThat(page.text("mounted-from")).isEqualTo("nothing (forgetful)");
    assertThat(page.windowMarked()).isTrue();
    assertThat(page.formElementsReplaced()).isTrue();
    // The app rendered an empty form; handoff.js filled the new elements and fired input/change, so
    // the values
    // reached the server state the way a user's typing would have.
    assertFormCameBack(page.values());
    await()
        .atMost(DemoPageDriver.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(page.serverState())
                    .contains(
                        "\"name\":\"Ada Lovelace\"",
                        "\"plan\":\"pro\"",
                        "\"newsletter\":true",
                        "\"size\":\"m\""));

    // What the user types now is theirs: later renders within the restore window (5 s, far longer
    // than these
    // steps) do not put the restored value back.
    page.type("name", "Grace");
    page.increment();
    await()
        .atMost(DemoPageDriver.PATIENCE)
        .untilAsserted(
            () -> assertThat(page.serverState()).contains("\"name\":\"Grace\"", "\"counter\":1"));
    assertThat(page.values()).containsEntry("name", "Grace");
  }

  @Test
  void passwordNeverAppearsInAFrameOrInRedis() {
    try (RedisMonitor monitor = RedisMonitor.attach(redis.get().port())) {
      DemoPod old = userOnPod(K);
      DemoPod next = pod(K + 1);
      rollTo(next);
      old.sigtermAndAwaitExit();
      page.awaitLive(K + 1);
      assertThat(page.values()).containsEntry("name", "Ada Lovelace");

      List<String> frames = browser.get().webSocketFrames();
      assertThat(frames)
          .as("frames were captured, hand-off included")
          .anyMatch(f -> f.contains("Ada Lovelace"))
          .anyMatch(f -> f.contains("\\\"t\\\":\\\"handoff\\\""));
      assertThat(frames).noneMatch(f -> f.contains(SECRET));
      // The snapshot went through Redis (SET, then GETDEL on restore) with the name in it, the
      // password never.
      assertThat(monitor.log()).contains("Ada Lovelace").doesNotContain(SECRET);
      for (String key : redis.get().keys("*")) {
        String type = redis.get().commands().type(key);
        if ("string".equals(type))
          assertThat(redis.get().commands().get(key)).doesNotContain(SECRET);
      }
    }
  }
}
