package dev.handoff.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.demo.DemoApp;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The page served straight from the app, no sidecar anywhere: handoff.js is loaded and changes
 * nothing.
 */
@Tag("integration")
class LibraryWithoutSidecarTest {
  private static Vertx vertx;
  private static DemoApp app;
  private static HeadlessChromium browser;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = DemoApp.start(vertx, 0, 3).await();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    if (app != null) app.close().await();
    vertx.close().await();
  }

  @Test
  void appWorksUnchangedWithTheLibraryLoadedAndNoSidecar() {
    DemoPageDriver page =
        new DemoPageDriver(browser).open("http://127.0.0.1:" + app.port() + "/").awaitLive(3);
    assertThat(page.handoffLoaded()).as("handoff.js loaded from the app's own copy").isTrue();

    page.type("name", "Grace Hopper");
    page.select("plan", "team");
    page.check("newsletter");
    page.toggleDrawer();
    page.increment();
    page.increment();

    await()
        .atMost(DemoPageDriver.PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(page.serverState())
                  .contains(
                      "\"name\":\"Grace Hopper\"",
                      "\"plan\":\"team\"",
                      "\"newsletter\":true",
                      "\"drawerOpen\":true",
                      "\"counter\":2");
              assertThat(page.drawerOpen()).isTrue();
              assertThat(page.text("counter")).isEqualTo("2");
            });
    assertThat(browser.script("return document.getElementById('status').textContent"))
        .isEqualTo("live");
    // No sidecar answered handoff.v1: the socket fell back to the app's own offer, and no control
    // frame was seen.
    assertThat(browser.webSocketFrames()).isNotEmpty().noneMatch(f -> f.contains("\\u0000"));
    browser.screenshot("library-without-sidecar");
  }
}
