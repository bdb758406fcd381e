package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.EmbeddedSidecarExtension;
import dev.handoff.testkit.FreePort;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plain HTTP through the sidecar reaches the app as it was sent, and comes back as the app
 * answered.
 */
@Tag("integration")
class HttpProxyingTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final EmbeddedSidecarExtension pod = new EmbeddedSidecarExtension("demo", 1);

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwardsMethodPathQueryHeadersAndBodyUnchanged() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(pod.sidecar().url() + "/a/b%20c?x=1&y=%2F&x=2"))
                .method("PUT", HttpRequest.BodyPublishers.ofString("hello body"))
                .header("X-Custom", "kept")
                .header("Cookie", "sid=42"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-App")).hasValue("echo");
    JsonObject echo = new JsonObject(response.body());
    assertThat(echo.getString("method")).isEqualTo("PUT");
    assertThat(echo.getString("uri")).isEqualTo("/a/b%20c?x=1&y=%2F&x=2");
    assertThat(echo.getString("body")).isEqualTo("hello body");
    JsonObject headers = echo.getJsonObject("headers");
    assertThat(headers.getString("x-custom")).isEqualTo("kept");
    assertThat(headers.getString("cookie")).isEqualTo("sid=42");
    assertThat(headers.getString("host")).isEqualTo("127.0.0.1:" + pod.sidecar().port());
  }

  @Test
  void addsForwardedHeaders() throws Exception {
    JsonObject headers =
        new JsonObject(
                send(HttpRequest.newBuilder(URI.create(pod.sidecar().url() + "/"))
                        .header("X-Forwarded-For", "203.0.113.9"))
                    .body())
            .getJsonObject("headers");
    assertThat(headers.getString("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(headers.getString("x-forwarded-proto")).isEqualTo("http");
    assertThat(headers.getString("x-forwarded-host"))
        .isEqualTo("127.0.0.1:" + pod.sidecar().port());
  }

  @Test
  void passesTheAppsStatusCode() throws Exception {
    assertThat(
            send(HttpRequest.newBuilder(URI.create(pod.sidecar().url() + "/teapot"))).statusCode())
        .isEqualTo(418);
  }

  @Test
  void streamsChunkedBodiesBothWays() throws Exception {
    byte[] payload = new byte[3 << 20];
    new Random(7).nextBytes(payload);
    // An InputStream publisher has no length, so the request goes out chunked.
    HttpResponse<byte[]> upload =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(pod.sidecar().url() + "/upload"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(payload)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(upload.statusCode()).isEqualTo(200);
    assertThat(upload.body().length).isEqualTo(payload.length);
    assertThat(java.util.Arrays.equals(upload.body(), payload))
        .as("the bytes came back unchanged")
        .isTrue();

    HttpResponse<String> stream =
        send(HttpRequest.newBuilder(URI.create(pod.sidecar().url() + "/stream?chunks=100")));
    assertThat(stream.body().lines()).hasSize(100).startsWith("chunk-0").endsWith("chunk-99");
  }

  @Test
  void adminEndpointsAreNotReachableThroughTheProxiedPort() throws Exception {
    for (String path : new String[] {"/metrics", "/drain", "/readyz", "/healthz"}) {
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(URI.create(pod.sidecar().url() + path))
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(new JsonObject(response.body()).getString("uri"))
          .as("%s reaches the app", path)
          .isEqualTo(path);
    }
    assertThat(pod.sidecar().sidecar().ready()).isTrue();
  }

  @Test
  void answers502WhenTheAppIsDown() throws Exception {
    try (EmbeddedSidecar orphan =
        EmbeddedSidecar.start(
            pod.vertx(), "demo", 1, "http://127.0.0.1:" + FreePort.next(), null, c -> c)) {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(orphan.url() + "/")));
      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("did not answer");
      HttpResponse<String> health =
          send(HttpRequest.newBuilder(URI.create(orphan.adminUrl() + "/healthz")));
      assertThat(health.statusCode()).as("the sidecar stays up").isEqualTo(200);
    }
  }
}
