package dev.handoff.sidecar.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
class AdminEndpointsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();
  private EmbeddedSidecar sidecar;

  @BeforeEach
  void startSidecar() {
    sidecar =
        EmbeddedSidecar.start(
            echo.vertx(),
            "demo",
            5,
            echo.app().url(),
            null,
            c -> c.toBuilder().adminToken("let-me-drain").build());
  }

  @AfterEach
  void stopSidecar() {
    sidecar.close();
  }

  private HttpResponse<String> admin(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sidecar.adminUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) b.headers(headers);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndReadinessAnswerWhileServing() throws Exception {
    assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void drainNeedsTheAdminToken() throws Exception {
    assertThat(admin("POST", "/drain").statusCode()).isEqualTo(401);
    assertThat(admin("POST", "/drain", "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(admin("GET", "/drain").statusCode()).isEqualTo(405);
    assertThat(sidecar.sidecar().ready()).isTrue();
    HttpResponse<String> ok = admin("POST", "/drain", "Authorization", "Bearer let-me-drain");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getInteger("optedIn")).isZero();
  }

  @Test
  void whileDrainingReadinessFailsAndUpgradesAreRefusedWith503() throws Exception {
    ProtocolClient silent =
        ProtocolClient.optIn(echo.vertx(), sidecar.port(), "/live", null).await().silentOnDrain();
    silent.nextControl("hello");
    CompletableFuture<HttpResponse<String>> waiting =
        HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create(sidecar.adminUrl() + "/drain/wait")).build(),
            HttpResponse.BodyHandlers.ofString());
    var drain = sidecar.sidecar().drain();
    silent.nextControl("drain");
    assertThat(admin("GET", "/readyz").statusCode()).isEqualTo(503);
    assertThatThrownBy(
            () ->
                ProtocolClient.connect(echo.vertx(), sidecar.port(), "/live", List.of("handoff.v1"))
                    .await())
        .isInstanceOfSatisfying(
            UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(503));
    assertThat(waiting).isNotDone();
    drain.await();
    await().until(waiting::isDone);
    assertThat(waiting.get().statusCode()).isEqualTo(200);
    assertThat(new JsonObject(waiting.get().body()).getInteger("timeout")).isEqualTo(1);
    assertThat(admin("GET", "/readyz").body()).contains("drained");
  }

  @Test
  void metricsAreInPrometheusFormatAndHoldNoTokens() throws Exception {
    ProtocolClient client =
        ProtocolClient.optIn(echo.vertx(), sidecar.port(), "/live", null)
            .await()
            .holding("{\"secret\":\"pa55word\"}", null);
    client.nextControl("hello");
    sidecar.sidecar().drain().await();
    String token = client.nextControl("handoff").getString("token");
    HttpResponse<String> metrics = admin("GET", "/metrics");
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("handoff_snapshots_total{app=\"demo\",outcome=\"stored\",version=\"5\"} 1.0")
        .contains("handoff_drains_total{app=\"demo\",version=\"5\"} 1.0")
        .contains("handoff_drain_duration_seconds_count")
        .contains("handoff_snapshot_size_bytes_count")
        .contains("handoff_store_latency_seconds_count{app=\"demo\",operation=\"put\"")
        .contains("handoff_connections{app=\"demo\",opted_in=\"true\"")
        .doesNotContain(token)
        .doesNotContain("pa55word");
  }
}
