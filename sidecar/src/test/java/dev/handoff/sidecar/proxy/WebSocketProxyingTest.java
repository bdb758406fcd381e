package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EmbeddedSidecarExtension;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WebSocket traffic passes the sidecar frame by frame, whether or not the client opted in. */
@Tag("integration")
class WebSocketProxyingTest {
  @RegisterExtension
  static final EmbeddedSidecarExtension pod = new EmbeddedSidecarExtension("demo", 1);

  @BeforeEach
  void forgetEvents() {
    pod.app().events().clear();
  }

  private ProtocolClient plain(String... protocols) {
    return ProtocolClient.connect(pod.vertx(), pod.sidecar().port(), "/ws", List.of(protocols))
        .await();
  }

  @Test
  void passesTextAndBinaryMessages() {
    ProtocolClient client = plain();
    client.socket().writeTextMessage("héllo");
    assertThat(client.nextAppMessage()).isEqualTo("héllo");
    client.socket().writeBinaryMessage(Buffer.buffer(new byte[] {0, 1, 2, (byte) 255}));
    client.nextAppFrame(); // the text frame above
    WebSocketFrame binary = client.nextAppFrame();
    assertThat(binary.isBinary()).isTrue();
    assertThat(binary.binaryData().getBytes()).containsExactly(0, 1, 2, 255);
  }

  @Test
  void keepsFragmentsAsFragments() {
    ProtocolClient client = plain();
    client.socket().writeFrame(WebSocketFrame.textFrame("frag", false));
    client.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("men"), false));
    client.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("ted"), true));
    WebSocketFrame first = client.nextAppFrame();
    WebSocketFrame second = client.nextAppFrame();
    WebSocketFrame third = client.nextAppFrame();
    assertThat(List.of(first.type(), second.type(), third.type()))
        .containsExactly(
            WebSocketFrameType.TEXT,
            WebSocketFrameType.CONTINUATION,
            WebSocketFrameType.CONTINUATION);
    assertThat(List.of(first.isFinal(), second.isFinal(), third.isFinal()))
        .containsExactly(false, false, true);
    assertThat(first.binaryData().toString() + second.binaryData() + third.binaryData())
        .isEqualTo("fragmented");
  }

  @Test
  void passesPingsToTheAppAndToTheClient() throws Exception {
    ProtocolClient client = plain();
    client.socket().writePing(Buffer.buffer("are-you-there"));
    assertThat(pod.app().events().poll(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("PING:are-you-there");
    Buffer[] pong = new Buffer[1];
    client.socket().pongHandler(b -> pong[0] = b);
    client.socket().writeTextMessage("ping-me:from-app");
    // The client's WebSocket answers the app's ping with a pong, which the sidecar passes back to
    // the app.
    await().untilAsserted(() -> assertThat(pod.app().events()).contains("PONG:from-app"));
  }

  @Test
  void passesCloseCodesAndReasonsFromTheClient() throws Exception {
    ProtocolClient client = plain();
    client.socket().close((short) 4000, "client leaves").await();
    await()
        .untilAsserted(() -> assertThat(pod.app().events()).contains("CLOSE:4000:client leaves"));
  }

  @Test
  void tellsTheAppWhenAClientVanishesWithoutAClose() throws Exception {
    // A bare socket: upgrade by hand, then end the TCP connection with no close frame, as a lid
    // shutting.
    try (java.net.Socket raw = new java.net.Socket("127.0.0.1", pod.sidecar().port())) {
      raw.getOutputStream()
          .write(
              ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      assertThat(raw.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
      assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 101");
    }
    await()
        .untilAsserted(
            () -> assertThat(pod.app().events()).contains("CLOSE:1001:null", "CLOSED:1001:null"));
  }

  @Test
  void passesCloseCodesAndReasonsFromTheApp() {
    ProtocolClient client = plain();
    client.socket().writeTextMessage("close:4001:app says bye");
    await().until(client::isClosed);
    assertThat(client.closeCode()).isEqualTo((short) 4001);
    assertThat(client.closeReason()).isEqualTo("app says bye");
  }

  @Test
  void negotiatesTheAppsOwnSubprotocol() {
    ProtocolClient client = plain("chat.v1", "handoff.v1");
    assertThat(client.subProtocol()).isEqualTo("chat.v1");
    assertThat(
            pod.app().upgrades().get(pod.app().upgrades().size() - 1).get("Sec-WebSocket-Protocol"))
        .isEqualTo("chat.v1");
    assertThat(client.nextControl().getString("t")).isEqualTo("hello");
  }

  @Test
  void answersWithTheHandoffProtocolWhenTheAppChoosesNone() {
    ProtocolClient client = plain("handoff.v1");
    assertThat(client.subProtocol()).isEqualTo("handoff.v1");
    assertThat(
            pod.app().upgrades().get(pod.app().upgrades().size() - 1).get("Sec-WebSocket-Protocol"))
        .isNull();
  }

  @Test
  void aClientOfVersion8IsRelayedAndOneOfVersion0IsToldWhichVersionToSpeak() throws Exception {
    io.vertx.core.http.WebSocketClient client = pod.vertx().createWebSocketClient();
    try {
      io.vertx.core.http.WebSocketConnectOptions options =
          new io.vertx.core.http.WebSocketConnectOptions()
              .setPort(pod.sidecar().port())
              .setHost("127.0.0.1")
              .setURI("/ws");
      io.vertx.core.http.WebSocket ws =
          client.connect(options.setVersion(io.vertx.core.http.WebSocketVersion.V08)).await();
      java.util.concurrent.BlockingQueue<String> echoes =
          new java.util.concurrent.LinkedBlockingQueue<>();
      ws.textMessageHandler(echoes::add);
      ws.writeTextMessage("over version 8").await();
      assertThat(echoes.poll(10, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo("over version 8");
      ws.close().await();

      int upgradesBefore = pod.app().upgrades().size();
      assertThatThrownBy(
              () ->
                  client
                      .connect(options.setVersion(io.vertx.core.http.WebSocketVersion.V00))
                      .await())
          .isInstanceOfSatisfying(
              UpgradeRejectedException.class,
              e -> {
                assertThat(e.getStatus()).isEqualTo(426);
                assertThat(e.getHeaders().get("Sec-WebSocket-Version")).isEqualTo("13");
              });
      assertThat(pod.app().upgrades()).as("the app never heard of it").hasSize(upgradesBefore);
    } finally {
      client.close().await();
    }
  }

  @Test
  void aSocketThatDidNotOptInIsATransparentPipe() {
    ProtocolClient client = plain("chat.v2");
    assertThat(client.subProtocol()).isEqualTo("chat.v2");
    client.socket().writeTextMessage("\0{\"t\":\"checkpoint\",\"state\":{}}");
    // Without the opt-in, even text that looks like a control frame belongs to the app.
    assertThat(client.nextAppMessage()).isEqualTo("\0{\"t\":\"checkpoint\",\"state\":{}}");
    assertThat(client.controlFrames()).isEmpty();
  }

  @Test
  void keepsWhatTheAppSaysTheMomentTheSocketOpensInOrder() {
    for (List<String> protocols : List.of(List.<String>of(), List.of("handoff.v1"))) {
      ProtocolClient client =
          ProtocolClient.connect(pod.vertx(), pod.sidecar().port(), "/greet", protocols).await();
      client.socket().writeTextMessage("after");
      assertThat(
              List.of(
                  client.nextAppMessage(),
                  client.nextAppMessage(),
                  client.nextAppMessage(),
                  client.nextAppMessage()))
          .containsExactly("welcome-1", "welcome-2", "welcome-3", "after");
      client.close().await();
      // The app hears the close before the next test starts listening.
      await()
          .untilAsserted(
              () -> assertThat(pod.app().events()).anyMatch(e -> e.startsWith("CLOSED:")));
      pod.app().events().clear();
    }
  }

  @Test
  void answers502WhenTheAppNeverAnswersTheUpgrade() {
    // The app accepts the connection and holds the upgrade; the client must not wait for ever.
    assertThatThrownBy(
            () ->
                ProtocolClient.connect(pod.vertx(), pod.sidecar().port(), "/held", List.of())
                    .await(
                        AppSocketConnector.HANDSHAKE_TIMEOUT_MS + 20_000,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
        .isInstanceOfSatisfying(
            UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(502));
    pod.app().heldHandshakes().clear();
  }

  @Test
  void passesTheAppsRefusalOfAnUpgrade() {
    assertThatThrownBy(
            () ->
                ProtocolClient.connect(pod.vertx(), pod.sidecar().port(), "/reject", List.of())
                    .await())
        .isInstanceOfSatisfying(
            UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));
  }

  @Test
  void aClientThatStopsReadingStallsTheAppInsteadOfFillingTheSidecar() {
    ProtocolClient client = plain();
    client.socket().pause();
    ProtocolClient flood =
        ProtocolClient.connect(pod.vertx(), pod.sidecar().port(), "/flood", List.of()).await();
    flood.socket().pause();
    // The app can write only what the sockets and the bounded queues between hold, then it must
    // wait.
    long[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long now = pod.app().flooded();
              boolean stalled = now > 0 && now == last[0];
              last[0] = now;
              return stalled;
            });
    assertThat(last[0]).isLessThan(64L << 20);
    client.close();
  }
}
