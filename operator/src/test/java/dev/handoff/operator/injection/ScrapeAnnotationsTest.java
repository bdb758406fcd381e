package dev.handoff.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * HANDOFF_SCRAPE_ANNOTATIONS: injected pods tell an annotation-scraping Prometheus where the
 * sidecar's metrics are.
 */
class ScrapeAnnotationsTest {

  private static final PodOwner SHOP_REVISION_7 =
      new PodOwner(Optional.of("shop"), Optional.of(7L));

  private static Map<String, String> injectedAnnotations(Map<String, String> env, Pod pod) {
    SidecarInjection injection =
        new SidecarInjection(
            InjectionSettings.from(OperatorSettings.fromEnvironment(env).sidecar(), false));
    InjectionOutcome outcome = injection.inject(pod, SHOP_REVISION_7);
    assertThat(outcome).isInstanceOf(InjectionOutcome.Patched.class);
    return PatchApplier.apply(pod, ((InjectionOutcome.Patched) outcome).patch())
        .getMetadata()
        .getAnnotations();
  }

  @Test
  void pointsPrometheusAtTheSidecarsAdminPortWhenAsked() {
    Map<String, String> annotations =
        injectedAnnotations(
            Map.of("HANDOFF_SCRAPE_ANNOTATIONS", "on"), Pods.load("liveview-single-port"));

    assertThat(annotations)
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9480")
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void addsNoScrapeAnnotationsByDefault() {
    assertThat(injectedAnnotations(Map.of(), Pods.load("liveview-single-port")))
        .doesNotContainKeys("prometheus.io/scrape", "prometheus.io/port", "prometheus.io/path");
  }

  @Test
  void leavesThePodsOwnScrapeAnnotationsAlone() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("prometheus.io/scrape", "true");
    pod.getMetadata().getAnnotations().put("prometheus.io/port", "4000");

    assertThat(injectedAnnotations(Map.of("HANDOFF_SCRAPE_ANNOTATIONS", "on"), pod))
        .containsEntry("prometheus.io/port", "4000")
        .doesNotContainKey("prometheus.io/path");
  }
}
