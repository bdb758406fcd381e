package dev.handoff.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.config.NativeSidecarMode;
import org.junit.jupiter.api.Test;

class NativeSidecarSupportTest {

  @Test
  void autoUsesNativeSidecarsFromKubernetes132() {
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.AUTO, "1", "32")).isTrue();
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.AUTO, "1", "33+")).isTrue();
  }

  @Test
  void autoUsesRegularContainersBeforeServicesResolveSidecarPortNames() {
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.AUTO, "1", "29")).isFalse();
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.AUTO, "1", "31+")).isFalse();
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.AUTO, "", "")).isFalse();
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.AUTO, null, null)).isFalse();
  }

  @Test
  void explicitModesIgnoreTheVersion() {
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.ALWAYS, "1", "27")).isTrue();
    assertThat(NativeSidecarSupport.enabled(NativeSidecarMode.NEVER, "1", "34")).isFalse();
  }
}
