package dev.handoff.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final Map<String, String> MINIMAL =
      Map.of("HANDOFF_APP", "demo", "HANDOFF_VERSION", "7");

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return env;
  }

  @Test
  void appliesTheDefaultsOfTheDesign() {
    SidecarConfig c = ConfigLoader.load(MINIMAL, List.of());
    assertThat(c.app()).isEqualTo("demo");
    assertThat(c.version()).isEqualTo(7);
    assertThat(c.versionWindow()).isEqualTo(1);
    assertThat(c.listenPort()).isEqualTo(8480);
    assertThat(c.adminPort()).isEqualTo(9480);
    assertThat(c.upstream()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(c.redisUrl()).isEmpty();
    assertThat(c.snapshotTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.maxStateBytes()).isEqualTo(65536);
    assertThat(c.reconnectSpread()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.adminToken()).isEmpty();
    assertThat(c.stateHeaderBudget()).isEqualTo(4096);
    assertThat(c.clientPath()).isEqualTo("/_handoff/");
    assertThat(c.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void readsEveryVariableAndLetsFlagsWin() {
    SidecarConfig c =
        ConfigLoader.load(
            env(
                "HANDOFF_DRAIN_TIMEOUT",
                "30s",
                "HANDOFF_SNAPSHOT_TTL",
                "1h",
                "HANDOFF_REDIS_URL",
                "rediss://:pw@redis:6380/0",
                "HANDOFF_RECONNECT_SPREAD",
                "500ms"),
            List.of("--drain-timeout", "45s", "--version=8", "--admin-token", "s3cret"));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.version()).isEqualTo(8);
    assertThat(c.snapshotTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(c.redisUrl()).hasValue("rediss://:pw@redis:6380/0");
    assertThat(c.reconnectSpread()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.adminToken()).hasValue("s3cret");
  }

  @Test
  void aMissingAppNamesTheVariableAndTheFlag() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HANDOFF_VERSION", "1"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HANDOFF_APP is required (or the flag --app)");
  }

  @Test
  void aBadDurationNamesTheVariableAndTheAcceptedForm() {
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_DRAIN_TIMEOUT", "soon"), List.of()))
        .hasMessage(
            "HANDOFF_DRAIN_TIMEOUT: 'soon' is not a duration (use e.g. 500ms, 20s, 10m, 1h)");
  }

  @Test
  void rejectsBadNumbersPortsAndNames() {
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_VERSION", "seven"), List.of()))
        .hasMessageStartingWith("HANDOFF_VERSION: 'seven' is not a whole number");
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_LISTEN_PORT", "70000"), List.of()))
        .hasMessageStartingWith("HANDOFF_LISTEN_PORT: 70000 is out of range");
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_ADMIN_PORT", "8480"), List.of()))
        .hasMessageStartingWith("HANDOFF_ADMIN_PORT: must differ from HANDOFF_LISTEN_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_APP", "Demo App"), List.of()))
        .hasMessageStartingWith("HANDOFF_APP: 'Demo App' is not a valid app name");
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_MAX_STATE_BYTES", "0"), List.of()))
        .hasMessageStartingWith("HANDOFF_MAX_STATE_BYTES: 0 is out of range");
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_EVENT_LOOPS", "0"), List.of()))
        .hasMessageStartingWith("HANDOFF_EVENT_LOOPS: 0 is out of range (1 to 64)");
    assertThatThrownBy(() -> ConfigLoader.load(env("HANDOFF_UPSTREAM", "ftp://x"), List.of()))
        .hasMessageStartingWith("HANDOFF_UPSTREAM: 'ftp://x' must be an http:// URL");
  }

  @Test
  void aBadRedisUrlIsRejectedWithoutEchoingItsPassword() {
    assertThatThrownBy(
            () -> ConfigLoader.load(env("HANDOFF_REDIS_URL", "http://:hunter2@redis"), List.of()))
        .hasMessage(
            "HANDOFF_REDIS_URL: must start with redis://, rediss://, redis-sentinel://, redis-cluster:// "
                + "or rediss-cluster://")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void anUnknownFlagListsTheKnownOnes() {
    assertThatThrownBy(() -> ConfigLoader.load(MINIMAL, List.of("--drain-timout", "5s")))
        .hasMessageStartingWith("unknown argument '--drain-timout' (known: --app --version");
  }
}
