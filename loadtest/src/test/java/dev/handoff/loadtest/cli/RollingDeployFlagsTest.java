package dev.handoff.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rolling-deploy's flags: one picocli declaration, durations spelled as the contract spells them.
 */
class RollingDeployFlagsTest {

  @Test
  void noFlagsGiveTheDocumentedDefaults() {
    RollingDeployOptions o = RollingDeployFlags.parse(new String[0]);
    assertThat(o.pods()).isEqualTo(3);
    assertThat(o.clients()).isEqualTo(1000);
    assertThat(o.deploys()).isEqualTo(2);
    assertThat(o.processes()).isFalse();
    assertThat(o.redisUrl()).isEmpty();
    assertThat(o.target()).isEmpty();
    assertThat(o.reportDir()).isEqualTo(Path.of("target", "handoff-report"));
    assertThat(o.stateBytes()).isEqualTo("1024-4096");
    assertThat(o.staleClients()).isZero();
    assertThat(o.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.reconnectSpread()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.settleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.watchFor()).isEqualTo(Duration.ofMinutes(15));
    assertThat(o.app()).isEqualTo("demo");
    assertThat(o.path()).isEqualTo("/live");
    assertThat(o.firstVersion()).isEqualTo(1);
    assertThat(o.progress()).isTrue();
  }

  @Test
  void readsEveryFlagInBothSpellings() {
    RollingDeployOptions o =
        RollingDeployFlags.parse(
            new String[] {
              "--pods=2",
              "--clients",
              "1_000",
              "--deploys",
              "4",
              "--processes",
              "--redis-url",
              "redis://r:6379",
              "--report-dir",
              "out",
              "--state-bytes",
              "512",
              "--stale-clients",
              "5",
              "--drain-timeout",
              "1h",
              "--reconnect-spread",
              "500ms",
              "--settle-timeout=2m",
              "--app",
              "shop",
              "--path",
              "ws",
              "--seed",
              "7",
              "--no-progress"
            });
    assertThat(o)
        .isEqualTo(
            new RollingDeployOptions(
                2,
                1000,
                4,
                true,
                Optional.of("redis://r:6379"),
                Optional.empty(),
                Path.of("out"),
                512,
                512,
                5,
                Duration.ofHours(1),
                Duration.ofMillis(500),
                Duration.ofMinutes(2),
                Duration.ofMinutes(15),
                "shop",
                "/ws",
                7,
                1,
                false));
  }

  @Test
  void againstATargetOneRolloutIsAwaitedUnlessTold() {
    RollingDeployOptions o =
        RollingDeployFlags.parse(new String[] {"--target", "https://shop.example/live"});
    assertThat(o.target()).contains(URI.create("https://shop.example/live"));
    assertThat(o.deploys()).isEqualTo(1);
    assertThat(
            RollingDeployFlags.parse(new String[] {"--target", "ws://h", "--deploys", "3"})
                .deploys())
        .isEqualTo(3);
  }

  /** FlagParser used to read 1.5s as 1500 ms, and 20S, which no sidecar setting accepts. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--drain-timeout, 1.5s",
    "--reconnect-spread, 20S",
    "--settle-timeout, 2 m",
    "--watch-for, 0s",
  })
  void refusesADurationTheContractRefuses(String flag, String value) {
    assertThatThrownBy(() -> RollingDeployFlags.parse(new String[] {flag, value}))
        .isInstanceOf(BadFlagException.class)
        .hasMessageStartingWith(flag + " ")
        .hasMessageEndingWith("got " + value)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--pods zero             | --pods wants a whole number, got zero",
        "--clients 0             | --clients must be at least 1, got 0",
        "--pods                  | --pods needs a value",
        "--nope                  | unknown flag --nope (see rolling-deploy --help)",
        "stray                   | unexpected argument stray (see rolling-deploy --help)",
        "--state-bytes 64-100    | --state-bytes wants MIN-MAX with 128 <= MIN <= MAX <= 60000, got 64-100",
        "--target ftp://x        | --target wants ws://, wss://, http:// or https:// with a host, got ftp://x",
        "--target ws://h --processes | --target and --processes exclude each other",
        "--redis-url redis://r   | --redis-url needs --processes (in one JVM the pods share an in-memory store)",
        "--clients 3 --stale-clients 4 | --stale-clients cannot exceed --clients",
      })
  void aBadFlagIsOneLine(String args, String message) {
    assertThatThrownBy(() -> RollingDeployFlags.parse(args.trim().split(" +")))
        .isInstanceOf(BadFlagException.class)
        .hasMessage(message);
  }

  @Test
  void helpIsMadeFromTheDeclarations() {
    assertThat(RollingDeployFlags.parse(new String[] {"--help"})).isNull();
    assertThat(RollingDeployFlags.usage())
        .startsWith("usage: java -jar handoff-loadtest.jar rolling-deploy [flags]")
        .contains(
            "--pods=N",
            "replicas (3)",
            "--drain-timeout=DURATION",
            "the sidecars' drain timeout (20s)",
            "--no-progress",
            "exit code: 0 when no client lost its view");
  }
}
