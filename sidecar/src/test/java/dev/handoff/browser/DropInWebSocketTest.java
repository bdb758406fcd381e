package dev.handoff.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.FixtureExtension;
import dev.handoff.testkit.LoadBalancer.Backend;
import dev.handoff.testkit.LoadBalancerExtension;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Handoff.WebSocket used the way Phoenix uses its `transport` (handlers as properties, a new
 * transport per connection) and the way a plain app uses the browser's WebSocket, through sidecars
 * behind HAProxy in front of an app that negotiates its own subprotocol.
 */
@Tag("integration")
class DropInWebSocketTest {
  /**
   * Phoenix's Socket: a transport per connection, on* handlers, and on close a new transport to the
   * same URL.
   */
  private static final String PHOENIX_LIKE =
      """
      const done = arguments[arguments.length - 1];
      import("/_handoff/handoff.js").then(({default: Handoff}) => {
        const log = (window.log = []);
        document.addEventListener("handoff:handoff", () => log.push("handoff"));
        document.addEventListener("handoff:restored", (e) => log.push("restored:" + e.detail.source));
        const url = location.origin.replace(/^http/, "ws") + "/live";
        function connect(n) {
          const conn = new Handoff.WebSocket(url, ["chat.v2"]);
          conn.binaryType = "arraybuffer";
          conn.timeout = 20000;
          conn.onopen = () => { log.push("open:" + n + ":" + conn.protocol + ":" + conn.readyState); conn.send("hi " + n); };
          conn.onerror = () => log.push("error:" + n);
          conn.onmessage = (e) => log.push("message:" + n + ":" + e.data);
          conn.onclose = (e) => { log.push("close:" + n + ":" + e.code + ":" + e.wasClean); if (n === 1) connect(2); };
        }
        connect(1);
        done();
      }, (e) => done("import failed: " + e));
      """;

  @RegisterExtension static final EchoAppExtension echo = EchoAppExtension.withRedis();

  @RegisterExtension
  static final FixtureExtension<HeadlessChromium> browser = HeadlessChromium.extension();

  @RegisterExtension final LoadBalancerExtension balancer = new LoadBalancerExtension();
  private EmbeddedSidecar first;
  private EmbeddedSidecar second;

  @AfterEach
  void stopSidecars() {
    if (first != null) first.close();
    if (second != null) second.close();
  }

  private EmbeddedSidecar sidecar(long version) {
    return EmbeddedSidecar.start(
        echo.vertx(),
        "echo",
        version,
        echo.app().url(),
        echo.redis().url(),
        UnaryOperator.identity());
  }

  private static Backend backend(EmbeddedSidecar sidecar, String name) {
    return new Backend(name, sidecar.port(), sidecar.sidecar().adminPort());
  }

  /**
   * Any same-origin document (the echo app's JSON): the test scripts import handoff.js from the
   * sidecar.
   */
  private void openPageBehind(EmbeddedSidecar sidecar) {
    balancer.get().addAndAwaitUp(backend(sidecar, "first"));
    browser.get().driver().get(balancer.get().url() + "/page");
  }

  @SuppressWarnings("unchecked")
  private List<String> log() {
    return (List<String>) browser.get().script("return window.log.slice();");
  }

  @Test
  void phoenixStyleTransportReconnectsWithItsTokenAfterAHandoff() {
    first = sidecar(1);
    openPageBehind(first);
    assertThat(browser.get().asyncScript(PHOENIX_LIKE)).isNull();
    await().atMost(DemoPageDriver.PATIENCE).until(() -> log().contains("message:1:hi 1"));
    second = sidecar(2);
    balancer.get().addAndAwaitUp(backend(second, "second"));
    int upgradesBefore = echo.app().upgrades().size();

    first.sidecar().drain().await();

    await().atMost(DemoPageDriver.PATIENCE).until(() -> log().contains("message:2:hi 2"));
    assertThat(log())
        .containsExactly(
            "open:1:chat.v2:1",
            "message:1:hi 1",
            "handoff",
            "close:1:1012:true",
            "restored:server",
            "open:2:chat.v2:1",
            "message:2:hi 2");
    // The LiveView adapter: its params function adds the restored state to the join payload (called
    // with the
    // view's element) and never to the socket URL (called without one).
    Object liveView =
        browser
            .get()
            .asyncScript(
                """
        const done = arguments[arguments.length - 1];
        Promise.all([import("/_handoff/handoff.js"), import("/_handoff/handoff-liveview.js")])
          .then(([{default: Handoff}, {liveSocketOptions, HandoffHook}]) => {
            const options = liveSocketOptions({params: {_csrf_token: "t"}, hooks: {Other: {}}});
            done([options.transport === Handoff.WebSocket, options.hooks.Handoff === HandoffHook,
              "Other" in options.hooks, JSON.stringify(options.params()),
              JSON.stringify(Object.keys(options.params(document.body)))]);
          }, (e) => done("import failed: " + e));
        """);
    assertThat(liveView)
        .isEqualTo(
            List.of(true, true, true, "{\"_csrf_token\":\"t\"}", "[\"_csrf_token\",\"_handoff\"]"));
    MultiMap reconnect = echo.app().upgrades().get(upgradesBefore);
    assertThat(reconnect.get("Handoff-Restored-From")).isEqualTo("1");
    assertThat(reconnect.get("Sec-WebSocket-Protocol"))
        .as("the app never sees handoff.* offers")
        .isEqualTo("chat.v2");
  }

  @Test
  void seamlessModeKeepsAPlainAppConnectedAcrossAHandoff() {
    first = sidecar(1);
    openPageBehind(first);
    assertThat(
            browser
                .get()
                .asyncScript(
                    """
        const done = arguments[arguments.length - 1];
        import("/_handoff/handoff.js").then(({default: Handoff}) => {
          Handoff.configure({seamless: true});
          const log = (window.log = []);
          // An app with no reconnect logic at all: one socket for the page's life.
          const ws = (window.ws = new Handoff.WebSocket(location.origin.replace(/^http/, "ws") + "/live"));
          ws.onopen = () => { log.push("open"); ws.send("one"); };
          ws.onmessage = (e) => log.push("message:" + e.data);
          ws.onerror = () => log.push("error");
          ws.onclose = (e) => log.push("close:" + e.code);
          document.addEventListener("handoff:handoff", () => { log.push("handoff"); ws.send("sent while moving"); });
          document.addEventListener("handoff:restored", (e) => log.push("restored:" + e.detail.source));
          done(null);
        }, (e) => done("import failed: " + e));
        """))
        .isNull();
    await().atMost(DemoPageDriver.PATIENCE).until(() -> log().contains("message:one"));
    second = sidecar(2);
    balancer.get().addAndAwaitUp(backend(second, "second"));

    first.sidecar().drain().await();

    await()
        .atMost(DemoPageDriver.PATIENCE)
        .until(() -> log().contains("message:sent while moving"));
    browser.get().script("window.ws.send('two')");
    await().atMost(DemoPageDriver.PATIENCE).until(() -> log().contains("message:two"));
    assertThat(log())
        .containsExactly(
            "open",
            "message:one",
            "handoff",
            "restored:server",
            "message:sent while moving",
            "message:two");
    assertThat(browser.get().script("return window.ws.readyState")).isEqualTo(1L);
  }

  @Test
  void behavesLikeTheBrowsersWebSocketForAPlainApp() {
    first = sidecar(1);
    openPageBehind(first);
    Object result =
        browser
            .get()
            .asyncScript(
                """
        const done = arguments[arguments.length - 1];
        import("/_handoff/handoff.js").then(({WebSocket: HandoffWebSocket}) => {
          const url = location.origin.replace(/^http/, "ws") + "/live";
          const seen = [];
          const ws = new HandoffWebSocket(url);
          try { ws.send("too early"); } catch (e) { seen.push("send-before-open:" + e.name); }
          seen.push("constants:" + [HandoffWebSocket.CONNECTING, HandoffWebSocket.OPEN, ws.CLOSING, ws.CLOSED].join(","));
          seen.push("url:" + (ws.url === url));
          ws.binaryType = "arraybuffer";
          ws.addEventListener("open", () => {
            seen.push("open:" + JSON.stringify(ws.protocol) + ":" + ws.readyState);
            ws.send(new Uint8Array([1, 2, 3]));
          });
          ws.addEventListener("message", (e) => {
            seen.push("binary:" + (e.data instanceof ArrayBuffer) + ":" + Array.from(new Uint8Array(e.data)).join(","));
            ws.close(1000, "bye");
            seen.push("closing:" + ws.readyState);
          });
          ws.onclose = (e) => { seen.push("close:" + e.code + ":" + e.reason + ":" + e.wasClean + ":" + ws.readyState); done(seen); };
        }, (e) => done("import failed: " + e));
        """);
    assertThat(result)
        .isEqualTo(
            List.of(
                "send-before-open:InvalidStateError",
                "constants:0,1,2,3",
                "url:true",
                "open:\"\":1",
                "binary:true:1,2,3",
                "closing:2",
                "close:1000:bye:true:3"));
  }
}
