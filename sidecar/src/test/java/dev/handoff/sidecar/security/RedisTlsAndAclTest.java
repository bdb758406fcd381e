package dev.handoff.sidecar.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.ProtocolClient;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.SidecarProcess;
import dev.handoff.testkit.TlsMaterial;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sidecars reach Redis over TLS as a least-privilege ACL user; the wrong password stores nothing.
 */
@Tag("integration")
class RedisTlsAndAclTest {
  private static final TlsMaterial tls = TlsMaterial.create();
  @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();

  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.tls(() -> tls);

  @BeforeAll
  static void start() {
    // Only its own keys and the commands a sidecar sends; the default user is switched off.
    redis
        .get()
        .commands()
        .aclSetuser(
            "handoff",
            io.lettuce.core.AclSetuserArgs.Builder.on()
                .addPassword("s3cret")
                .keyPattern("handoff:*")
                .addCommand(io.lettuce.core.protocol.CommandType.SET)
                .addCommand(io.lettuce.core.protocol.CommandType.GETDEL)
                .addCommand(io.lettuce.core.protocol.CommandType.HINCRBY)
                .addCommand(io.lettuce.core.protocol.CommandType.EXPIRE)
                .addCommand(io.lettuce.core.protocol.CommandType.WAIT)
                .addCategory(io.lettuce.core.AclCategory.CONNECTION));
    redis.get().commands().aclSetuser("default", io.lettuce.core.AclSetuserArgs.Builder.off());
  }

  private static SidecarProcess sidecar(long version, String password) {
    return SidecarProcess.builder("demo", version)
        .upstream(echo.app().url())
        .redis("rediss://handoff:" + password + "@127.0.0.1:" + redis.get().port())
        .env("HANDOFF_REDIS_CA_FILE", tls.caCert().toString())
        .start();
  }

  @Test
  void handsOffOverTlsWithAnAclUser() {
    try (SidecarProcess old = sidecar(1, "s3cret");
        SidecarProcess next = sidecar(2, "s3cret")) {
      ProtocolClient client =
          ProtocolClient.optIn(echo.vertx(), old.proxyPort(), "/live", null)
              .await()
              .holding("{\"over\":\"tls\"}", 1L);
      client.nextControl("hello");
      old.sigterm();
      String token = client.nextControl("handoff").getString("token");
      assertThat(old.awaitExit(Duration.ofSeconds(20))).isZero();
      assertThat(old.output())
          .contains("store=\"redis (tls) 127.0.0.1:" + redis.get().port() + "\"")
          .doesNotContain("s3cret");
      JsonObject hello =
          ProtocolClient.optIn(echo.vertx(), next.proxyPort(), "/live", token)
              .await()
              .nextControl();
      assertThat(hello.getJsonObject("restored").getJsonObject("state").getString("over"))
          .isEqualTo("tls");
    }
  }

  @Test
  void aWrongPasswordStoresNothingButTheAppStillWorks() {
    try (SidecarProcess pod = sidecar(1, "wrong")) {
      ProtocolClient client =
          ProtocolClient.optIn(echo.vertx(), pod.proxyPort(), "/live", null)
              .await()
              .holding("{\"a\":1}", 1L);
      client.nextControl("hello");
      client.sendRaw("app traffic");
      assertThat(client.nextAppMessage()).isEqualTo("app traffic");
      pod.sigterm();
      assertThat(client.nextControl("error").getString("code")).isEqualTo("store_unavailable");
      assertThat(pod.awaitExit(Duration.ofSeconds(20))).isZero();
      assertThat(pod.output()).contains("store_error=1").doesNotContain("wrong");
    }
  }
}
