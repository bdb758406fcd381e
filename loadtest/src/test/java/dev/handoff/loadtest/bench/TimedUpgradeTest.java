package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.VertxExtension;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restore-benchmark connect that gets no answer fails its round with one line naming its path,
 * and its connection is closed, instead of hanging the benchmark (and leaving a socket open on the
 * sidecar).
 */
@Tag("integration")
class TimedUpgradeTest {
  private static final Duration LIMIT = Duration.ofMillis(300);

  /**
   * Long enough for a cold Vert.x to get its 101 through on a busy machine, so only the hello is
   * missing.
   */
  private static final Duration HELLO_LIMIT = Duration.ofSeconds(3);

  @RegisterExtension final VertxExtension vertx = new VertxExtension();
  private WebSocketClient client;

  @BeforeEach
  void client() {
    client = vertx.vertx().createWebSocketClient();
  }

  @Test
  void aServerThatNeverAnswersTheUpgradeFailsTheRoundAndTheConnectionIsClosed() throws IOException {
    try (ServerSocket silent = new ServerSocket(0)) {
      AtomicBoolean closedByClient = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                try (Socket s = silent.accept();
                    InputStream in = s.getInputStream()) {
                  while (in.read() >= 0) {
                    // the upgrade request, never answered
                  }
                  closedByClient.set(true);
                } catch (IOException e) {
                  closedByClient.set(true); // reset by the client: closed too
                }
              });
      reader.setDaemon(true);
      reader.start();

      TimedUpgrade.Result r =
          TimedUpgrade.open(
              client,
              silent.getLocalPort(),
              List.of("handoff.v1"),
              true,
              LIMIT,
              "sidecar B, restoring");

      assertThat(r.ok()).isFalse();
      assertThat(r.failure())
          .startsWith("no 101 within 300 ms from sidecar B, restoring")
          .doesNotContain("\n");
      await().atMost(10, TimeUnit.SECONDS).untilTrue(closedByClient);
      reader.interrupt();
    }
  }

  @Test
  void aHelloThatNeverComesAfterThe101FailsTheRoundAndTheSocketIsClosed() {
    AtomicBoolean closedByClient = new AtomicBoolean();
    HttpServer server =
        vertx
            .vertx()
            .createHttpServer()
            .webSocketHandler(ws -> ws.closeHandler(v -> closedByClient.set(true)))
            .listen(0, "127.0.0.1")
            .await();

    TimedUpgrade.Result r =
        TimedUpgrade.open(
            client, server.actualPort(), List.of(), true, HELLO_LIMIT, "sidecar B, no token");

    assertThat(r.failure())
        .startsWith("no hello after the 101 within 3000 ms from sidecar B, no token");
    await().atMost(10, TimeUnit.SECONDS).untilTrue(closedByClient);
  }

  @Test
  void anOpenSocketIsTimed() {
    HttpServer server =
        vertx.vertx().createHttpServer().webSocketHandler(ws -> {}).listen(0, "127.0.0.1").await();

    TimedUpgrade.Result r =
        TimedUpgrade.open(
            client, server.actualPort(), List.of(), false, HELLO_LIMIT, "the app, straight");

    assertThat(r.ok()).isTrue();
    assertThat(r.micros()).isPositive();
  }
}
