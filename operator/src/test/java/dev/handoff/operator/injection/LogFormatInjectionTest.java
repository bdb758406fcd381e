package dev.handoff.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.operator.config.InvalidSettingException;
import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * HANDOFF_LOG_FORMAT (the chart's logFormat) and handoff.dev/log-format: which format the sidecar
 * logs in.
 */
class LogFormatInjectionTest {

  private static final PodOwner SHOP_REVISION_7 =
      new PodOwner(Optional.of("shop"), Optional.of(7L));

  private static Optional<String> sidecarLogFormat(
      Map<String, String> env, Map<String, String> annotations) {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().putAll(annotations);
    InjectionOutcome outcome =
        new SidecarInjection(
                InjectionSettings.from(OperatorSettings.fromEnvironment(env).sidecar(), false))
            .inject(pod, SHOP_REVISION_7);
    assertThat(outcome).isInstanceOf(InjectionOutcome.Patched.class);
    Pod injected = PatchApplier.apply(pod, ((InjectionOutcome.Patched) outcome).patch());
    Container sidecar =
        injected.getSpec().getContainers().stream()
            .filter(c -> c.getName().equals("handoff-sidecar"))
            .findFirst()
            .orElseThrow();
    return sidecar.getEnv().stream()
        .filter(e -> e.getName().equals("HANDOFF_LOG_FORMAT"))
        .map(EnvVar::getValue)
        .findFirst();
  }

  @Test
  void defaultPodsGetNoVariableAndLogText() {
    assertThat(sidecarLogFormat(Map.of(), Map.of())).isEmpty();
  }

  @Test
  void theOperatorsFormatIsItsSidecarsDefault() {
    assertThat(sidecarLogFormat(Map.of("HANDOFF_LOG_FORMAT", "json"), Map.of())).contains("json");
  }

  @Test
  void aPodsAnnotationWinsEitherWay() {
    assertThat(sidecarLogFormat(Map.of(), Map.of("handoff.dev/log-format", "json")))
        .contains("json");
    assertThat(
            sidecarLogFormat(
                Map.of("HANDOFF_LOG_FORMAT", "json"), Map.of("handoff.dev/log-format", "text")))
        .isEmpty();
  }

  @Test
  void anUnknownOperatorFormatStopsTheOperatorNamingTheVariable() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("HANDOFF_LOG_FORMAT", "yaml")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("HANDOFF_LOG_FORMAT")
        .hasMessageContaining("text or json");
  }
}
