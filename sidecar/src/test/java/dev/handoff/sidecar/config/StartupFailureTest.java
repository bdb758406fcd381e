package dev.handoff.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.SidecarProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sidecar process with a bad setting stops at once with one clear line and a non-zero exit code.
 */
@Tag("integration")
class StartupFailureTest {
  @Test
  void badConfigurationStopsStartUpWithOneLineNamingTheVariable() {
    try (SidecarProcess p =
        SidecarProcess.builder("demo", 1).env("HANDOFF_DRAIN_TIMEOUT", "soon").launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(p.output().strip().lines())
          .containsExactly(
              "handoff-sidecar: configuration error: "
                  + "HANDOFF_DRAIN_TIMEOUT: 'soon' is not a duration (use e.g. 500ms, 20s, 10m, 1h)");
    }
  }

  @Test
  void anUnknownFlagStopsStartUpWithOneLineAndNoStackTrace() {
    try (SidecarProcess p =
        SidecarProcess.builder("demo", 1)
            .args("--drain-timeout", "5s", "--no-such-flag")
            .launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(p.output().strip().lines())
          .containsExactly(
              "handoff-sidecar: Unknown option: '--no-such-flag' (see handoff-sidecar --help)");
    }
  }

  @Test
  void helpPrintsTheFlagsAndExitsZero() {
    try (SidecarProcess p = SidecarProcess.builder("demo", 1).args("--help").launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(p.output())
          .contains("--drain-timeout=<drain-timeout>", "HANDOFF_DRAIN_TIMEOUT")
          .doesNotContain("Exception");
    }
  }
}
