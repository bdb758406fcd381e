package dev.handoff.sidecar.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.config.SnapshotKeys;
import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.MultiMap;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots at rest, tokens in transit, and the headers the app trusts: nothing readable, nobody
 * let in.
 */
@Tag("integration")
class SnapshotSecurityTest {
  private static final String OLD_KEY = "old=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final String NEW_KEY = "new=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

  @RegisterExtension static final EchoAppExtension echo = EchoAppExtension.withRedis();

  @BeforeEach
  void emptyRedis() {
    echo.redis().commands().flushall();
  }

  private EmbeddedSidecar sidecar(String app, long version, UnaryOperator<SidecarConfig> tweak) {
    return EmbeddedSidecar.start(
        echo.vertx(), app, version, echo.app().url(), echo.redis().url(), tweak);
  }

  private static UnaryOperator<SidecarConfig> keys(String keys) {
    return c ->
        c.toBuilder().snapshotKeys(SnapshotKeys.parse("HANDOFF_SNAPSHOT_KEYS", keys)).build();
  }

  /** Drains one client holding {@code state} from {@code pod}; returns its token. */
  private static String handOff(EmbeddedSidecar pod, String state, String... cookie) {
    ProtocolClient client = connect(pod.port(), null, cookie).holding(state, null);
    client.nextControl("hello");
    pod.sidecar().drain().await();
    return client.nextControl("handoff").getString("token");
  }

  private static ProtocolClient connect(int port, String token, String... cookie) {
    if (cookie.length == 0) return ProtocolClient.optIn(echo.vertx(), port, "/live", token).await();
    List<String> protocols = new ArrayList<>(List.of("handoff.v1"));
    if (token != null) protocols.add("handoff.token." + token);
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/live")
            .setSubProtocols(protocols)
            .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Cookie", cookie[0]));
    return ProtocolClient.connect(echo.vertx(), options).await();
  }

  @Test
  void sealedSnapshotsHoldNothingReadableInRedis() {
    try (EmbeddedSidecar old = sidecar("demo", 1, keys(OLD_KEY));
        EmbeddedSidecar next = sidecar("demo", 2, keys(OLD_KEY))) {
      String token = handOff(old, "{\"card\":\"4111-secret-4242\"}");
      List<String> keys = echo.redis().keys("handoff:demo:snap:*");
      assertThat(keys).hasSize(1);
      String stored = echo.redis().commands().get(keys.get(0));
      assertThat(stored).startsWith("hs1.old.").doesNotContain("secret").doesNotContain("card");
      JsonObject hello = connect(next.port(), token).nextControl();
      assertThat(hello.getJsonObject("restored").getJsonObject("state").getString("card"))
          .isEqualTo("4111-secret-4242");
    }
  }

  @Test
  void aRotatedKeyRingStillOpensSnapshotsSealedWithTheOldKey() {
    try (EmbeddedSidecar old = sidecar("demo", 1, keys(OLD_KEY));
        EmbeddedSidecar next = sidecar("demo", 2, keys(NEW_KEY + "," + OLD_KEY))) {
      String token = handOff(old, "{\"a\":1}");
      assertThat(connect(next.port(), token).nextControl().containsKey("restored")).isTrue();
    }
  }

  @Test
  void aSealedSnapshotMovedUnderAnotherKeyDoesNotOpen() {
    try (EmbeddedSidecar old = sidecar("demo", 1, keys(OLD_KEY));
        EmbeddedSidecar next = sidecar("demo", 2, keys(OLD_KEY))) {
      String victim = handOff(old, "{\"victim\":true}");
      String victimKey = echo.redis().keys("handoff:demo:snap:*").get(0);
      // An attacker with write access to Redis copies the victim's sealed value under a key of
      // their own token.
      String attackerToken = "C".repeat(43);
      String attackerKey =
          "handoff:demo:snap:" + dev.handoff.sidecar.handoff.HandoffToken.hash(attackerToken);
      echo.redis().commands().set(attackerKey, echo.redis().commands().get(victimKey));
      JsonObject hello = connect(next.port(), attackerToken).nextControl();
      assertThat(hello.containsKey("restored")).isFalse();
      assertThat(hello.getString("restore")).isEqualTo("expired");
      assertThat(connect(next.port(), victim).nextControl().containsKey("restored")).isTrue();
    }
  }

  @Test
  void aPlainSnapshotIsNotAcceptedWhereSnapshotsAreSealed() {
    try (EmbeddedSidecar plain = sidecar("demo", 1, c -> c);
        EmbeddedSidecar sealed = sidecar("demo", 2, keys(OLD_KEY))) {
      String token = handOff(plain, "{\"planted\":true}");
      assertThat(connect(sealed.port(), token).nextControl().getString("restore"))
          .isEqualTo("expired");
    }
  }

  @Test
  void aTokenBoundToASessionRestoresNothingInAnotherBrowser() {
    UnaryOperator<SidecarConfig> bound = c -> c.toBuilder().bindCookie("sid").build();
    try (EmbeddedSidecar old = sidecar("demo", 1, bound);
        EmbeddedSidecar next = sidecar("demo", 2, bound)) {
      String token = handOff(old, "{\"mine\":true}", "sid=alice; theme=dark");
      JsonObject stolen = connect(next.port(), token, "sid=mallory").nextControl();
      assertThat(stolen.getString("restore")).isEqualTo("expired");
      JsonObject noCookie = connect(next.port(), token).nextControl();
      assertThat(noCookie.getString("restore")).isEqualTo("expired");
      JsonObject owner = connect(next.port(), token, "theme=light; sid=alice").nextControl();
      assertThat(owner.getJsonObject("restored").getJsonObject("state").getBoolean("mine"))
          .isTrue();
    }
  }

  @Test
  void guessedTokensNeverRestoreAnything() {
    try (EmbeddedSidecar old = sidecar("demo", 1, c -> c);
        EmbeddedSidecar next = sidecar("demo", 2, c -> c)) {
      handOff(old, "{\"a\":1}");
      java.security.SecureRandom random = new java.security.SecureRandom();
      int restored = 0;
      for (int i = 0; i < 200; i++) {
        byte[] guess = new byte[32];
        random.nextBytes(guess);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(guess);
        ProtocolClient c = connect(next.port(), token);
        if (c.nextControl().containsKey("restored")) restored++;
        c.close();
      }
      assertThat(restored).isZero();
      assertThat(echo.redis().keys("handoff:demo:snap:*")).hasSize(1);
    }
  }

  @Test
  void aTokenInTheUrlIsNeverAccepted() {
    try (EmbeddedSidecar old = sidecar("demo", 1, c -> c);
        EmbeddedSidecar next = sidecar("demo", 2, c -> c)) {
      String token = handOff(old, "{\"a\":1}");
      for (String uri :
          List.of("/live?handoff.token=" + token, "/live?token=" + token, "/live/" + token)) {
        WebSocketConnectOptions options =
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(next.port())
                .setURI(uri)
                .setSubProtocols(List.of("handoff.v1"));
        JsonObject hello = ProtocolClient.connect(echo.vertx(), options).await().nextControl();
        assertThat(hello.getString("t")).isEqualTo("hello");
        assertThat(hello.containsKey("restored")).as(uri).isFalse();
      }
      assertThat(echo.redis().keys("handoff:demo:snap:*"))
          .as("the snapshot is untouched")
          .hasSize(1);
    }
  }

  @Test
  void clientsCannotForgeTheRestoreHeadersAndStateCannotInjectHeaders() {
    try (EmbeddedSidecar old = sidecar("demo", 1, c -> c);
        EmbeddedSidecar next = sidecar("demo", 2, c -> c)) {
      WebSocketConnectOptions forged =
          new WebSocketConnectOptions()
              .setHost("127.0.0.1")
              .setPort(next.port())
              .setURI("/live")
              .setSubProtocols(List.of("handoff.v1"))
              .setHeaders(
                  MultiMap.caseInsensitiveMultiMap()
                      .add("Handoff-State", "eyJhZG1pbiI6dHJ1ZX0")
                      .add("Handoff-Restored-From", "1"));
      ProtocolClient.connect(echo.vertx(), forged).await().nextControl("hello");
      MultiMap seen = echo.app().upgrades().get(echo.app().upgrades().size() - 1);
      assertThat(seen.get("Handoff-State")).isNull();
      assertThat(seen.get("Handoff-Restored-From")).isNull();

      String token = handOff(old, "{\"x\":\"a\\r\\nX-Admin: true\\r\\n\"}");
      connect(next.port(), token).nextControl("hello");
      MultiMap restored = echo.app().upgrades().get(echo.app().upgrades().size() - 1);
      assertThat(restored.get("Handoff-State")).matches("[A-Za-z0-9_-]+");
      assertThat(restored.get("X-Admin")).isNull();
    }
  }
}
