package dev.handoff.sidecar.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.handoff.sidecar.handoff.DrainReport;
import dev.handoff.testkit.EchoApp;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.FreePort;
import dev.handoff.testkit.ProtocolClient;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app going away, and clients that stop talking or reading, cannot take the sidecar or a drain
 * down.
 */
@Tag("integration")
class AppAndClientFaultsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final VertxExtension vertx = new VertxExtension();

  @Test
  void whileTheAppIsDownRequestsGet502AndTheSidecarRecoversWhenItReturns() throws Exception {
    int appPort = FreePort.next();
    try (EmbeddedSidecar sidecar =
        EmbeddedSidecar.start(
            vertx.vertx(), "demo", 1, "http://127.0.0.1:" + appPort, null, c -> c)) {
      HttpResponse<String> down =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(sidecar.url() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(502);
      assertThatThrownBy(
              () ->
                  ProtocolClient.connect(
                          vertx.vertx(), sidecar.port(), "/live", List.of("handoff.v1"))
                      .await())
          .isInstanceOfSatisfying(
              UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(502));

      HttpServer back =
          vertx
              .vertx()
              .createHttpServer()
              .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
              .requestHandler(req -> req.response().end("back"))
              .listen(appPort)
              .await();
      HttpResponse<String> up =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(sidecar.url() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(up.body()).isEqualTo("back");
      ProtocolClient client =
          ProtocolClient.optIn(vertx.vertx(), sidecar.port(), "/live", null).await();
      assertThat(client.nextControl().getString("t")).isEqualTo("hello");
      client.sendRaw("echo?");
      assertThat(client.nextAppMessage()).isEqualTo("echo?");
      back.close().await();
    }
  }

  @Test
  void aClientThatStopsReadingCannotHoldTheDrainPastItsDeadline() throws Exception {
    EchoApp app = EchoApp.start(vertx.vertx()).await();
    try (EmbeddedSidecar sidecar =
        EmbeddedSidecar.start(
            vertx.vertx(),
            "demo",
            1,
            app.url(),
            null,
            c -> c.withDrainTimeout(Duration.ofSeconds(3)))) {
      // A socket whose reader stopped, with every buffer between the app and it full.
      ProtocolClient stuck =
          ProtocolClient.connect(vertx.vertx(), sidecar.port(), "/flood", List.of("handoff.v1"))
              .await();
      stuck.socket().pause();
      long[] last = {-1};
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                long now = app.flooded();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
              });
      ProtocolClient healthy =
          ProtocolClient.optIn(vertx.vertx(), sidecar.port(), "/live", null)
              .await()
              .holding("{\"ok\":1}", 1L);
      healthy.nextControl("hello");

      // A drain held by the stuck socket would never complete; the guard is far beyond the 3 s
      // drain timeout.
      DrainReport report =
          sidecar
              .sidecar()
              .drain()
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(report.stored()).isEqualTo(1);
      assertThat(healthy.nextControl("handoff").getString("token")).isNotBlank();
    } finally {
      app.close().await();
    }
  }
}
