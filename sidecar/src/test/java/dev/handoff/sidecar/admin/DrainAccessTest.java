package dev.handoff.sidecar.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POST /drain disconnects every client of a pod, and the admin port listens on every interface.
 * Requests from outside the pod come here from the machine's own non-loopback address (connecting
 * to it makes it the source).
 */
@Tag("integration")
class DrainAccessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();

  /**
   * An IPv4 address of this machine that is not loopback; tests that need one are skipped without
   * it.
   */
  private static String outsideAddress() throws SocketException {
    Optional<String> found =
        NetworkInterface.networkInterfaces()
            .filter(
                nic -> {
                  try {
                    return nic.isUp() && !nic.isLoopback();
                  } catch (SocketException e) {
                    return false;
                  }
                })
            .flatMap(NetworkInterface::inetAddresses)
            .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
            .map(InetAddress::getHostAddress)
            .findFirst();
    assumeTrue(found.isPresent(), "no non-loopback IPv4 address on this machine");
    return found.get();
  }

  private static HttpResponse<String> send(
      String host, int port, String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) b.headers(headers);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutATokenADrainFromOutsideThePodIsRefusedWith403() throws Exception {
    String outside = outsideAddress();
    try (EmbeddedSidecar sidecar =
        EmbeddedSidecar.start(echo.vertx(), "demo", 5, echo.app().url(), null, c -> c)) {
      int admin = sidecar.sidecar().adminPort();

      HttpResponse<String> refused = send(outside, admin, "POST", "/drain");

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body())
          .contains("loopback only")
          .contains("HANDOFF_ADMIN_TOKEN")
          .contains(outside);
      assertThat(sidecar.sidecar().ready()).as("nothing was drained").isTrue();
      // Probes and scrapes come from outside the pod: they stay open.
      for (String path : new String[] {"/healthz", "/readyz", "/metrics"}) {
        assertThat(send(outside, admin, "GET", path).statusCode()).as(path).isEqualTo(200);
      }
      // The pod's own preStop drains on loopback, no token needed.
      assertThat(send("127.0.0.1", admin, "POST", "/drain").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withATokenEveryDrainNeedsItLoopbackIncluded() throws Exception {
    String outside = outsideAddress();
    try (EmbeddedSidecar sidecar =
        EmbeddedSidecar.start(
            echo.vertx(),
            "demo",
            5,
            echo.app().url(),
            null,
            c -> c.toBuilder().adminToken("let-me-drain").build())) {
      int admin = sidecar.sidecar().adminPort();

      assertThat(send("127.0.0.1", admin, "POST", "/drain").statusCode()).isEqualTo(401);
      assertThat(
              send(outside, admin, "POST", "/drain", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      assertThat(
              send(outside, admin, "POST", "/drain", "Authorization", "Bearer let-me-drain")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void loopbackMeansEveryLoopbackFormAndNothingElse() {
    assertThat(DrainAccess.loopback("127.0.0.1")).isTrue();
    assertThat(DrainAccess.loopback("127.3.2.1")).isTrue();
    assertThat(DrainAccess.loopback("::1")).isTrue();
    assertThat(DrainAccess.loopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(DrainAccess.loopback("::ffff:127.0.0.1")).isTrue();
    assertThat(DrainAccess.loopback("10.1.2.3")).isFalse();
    assertThat(DrainAccess.loopback("::ffff:10.1.2.3")).isFalse();
    assertThat(DrainAccess.loopback("0.0.0.0")).isFalse();
    assertThat(DrainAccess.loopback("localhost")).isFalse();
    assertThat(DrainAccess.loopback(null)).isFalse();
  }
}
