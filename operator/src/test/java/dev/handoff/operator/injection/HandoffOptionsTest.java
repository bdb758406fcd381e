package dev.handoff.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The annotations take exactly the values the sidecar starts with (its bounds, its app-name rule).
 */
class HandoffOptionsTest {

  @Test
  void deniesAVersionWindowAboveTheSidecarsThousand() {
    assertThat(
            HandoffOptions.fromAnnotations(Map.of(HandoffAnnotations.VERSION_WINDOW, "1000"))
                .versionWindow())
        .isEqualTo(1000);
    assertThatThrownBy(
            () -> HandoffOptions.fromAnnotations(Map.of(HandoffAnnotations.VERSION_WINDOW, "1001")))
        .isInstanceOf(AnnotationException.class)
        .hasMessageStartingWith(
            "annotation handoff.dev/version-window: \"1001\" is not accepted; use ")
        .hasMessageContaining("0 to 1000");
  }

  @Test
  void deniesMaxStateBytesAboveTheSidecarsSixteenMebibytes() {
    assertThat(
            HandoffOptions.fromAnnotations(Map.of(HandoffAnnotations.MAX_STATE_BYTES, "16777216"))
                .maxStateBytes())
        .isEqualTo(16 << 20);
    assertThatThrownBy(
            () ->
                HandoffOptions.fromAnnotations(
                    Map.of(HandoffAnnotations.MAX_STATE_BYTES, "16777217")))
        .isInstanceOf(AnnotationException.class)
        .hasMessageStartingWith(
            "annotation handoff.dev/max-state-bytes: \"16777217\" is not accepted");
  }

  @Test
  void deniesAnAppAnnotationWithCapitalsTheSidecarWouldRefuse() {
    assertThatThrownBy(() -> HandoffOptions.fromAnnotations(Map.of(HandoffAnnotations.APP, "Shop")))
        .isInstanceOf(AnnotationException.class)
        .hasMessageStartingWith(
            "annotation handoff.dev/app: \"Shop\" is not accepted; use 1-63 lower-case");
  }

  @Test
  void foldsAnAppLabelWithCapitalsToTheLowerCaseNameTheSidecarAccepts() {
    ObjectMeta meta =
        new ObjectMetaBuilder().withLabels(Map.of(HandoffAnnotations.LABEL_APP, "Shop")).build();

    assertThat(AppName.of(meta, Optional.of("shop-deployment"))).contains("shop");
  }
}
