package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.helm.ChartRender.Rendered;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every pod the chart renders is admitted in a namespace that enforces Pod Security "restricted".
 */
class PodSecurityTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tls: {mode: certManager}",
        "redis: {enabled: false, auth: {existingSecret: corp}, tls: {caSecret: corp-ca},"
            + " external: {host: redis.corp.example, tls: true}}",
        "operator: {controller: {enabled: false}}",
      })
  void everyRenderedPodPassesTheRestrictedProfile(String values) {
    Map<String, PodSpec> pods = podSpecs(ChartRender.with(values));

    assertThat(pods).containsKey("Deployment/handoff-operator");
    if (!values.contains("enabled: false, auth")) {
      assertThat(pods).containsKey("Deployment/handoff-redis");
    }
    pods.forEach((name, spec) -> assertThat(RestrictedProfile.violations(spec)).as(name).isEmpty());
  }

  @Test
  void runsTheOperatorAndRedisAsTheirImagesNumericUsersOnAReadOnlyRoot() {
    Rendered chart = ChartRender.defaults();

    assertThat(numericUser(chart, "handoff-operator")).isEqualTo(65532L);
    assertThat(numericUser(chart, "handoff-redis")).isEqualTo(999L);
    for (String name : new String[] {"handoff-operator", "handoff-redis"}) {
      var container =
          chart
              .named(Deployment.class, name)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getSecurityContext();
      assertThat(container.getReadOnlyRootFilesystem()).as(name).isTrue();
      assertThat(container.getRunAsNonRoot()).as(name).isTrue();
      assertThat(container.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
    }
  }

  @Test
  void theCheckRefusesWhatTheStandardForbids() {
    PodSpec hostile =
        new PodSpecBuilder()
            .withHostNetwork(true)
            .addNewVolume()
            .withName("root")
            .withHostPath(new HostPathVolumeSource("/", null))
            .endVolume()
            .addNewContainer()
            .withName("app")
            .withNewSecurityContext()
            .withPrivileged(true)
            .withRunAsUser(0L)
            .withNewCapabilities()
            .addToAdd("SYS_ADMIN")
            .endCapabilities()
            .endSecurityContext()
            .addNewPort()
            .withContainerPort(80)
            .withHostPort(80)
            .endPort()
            .endContainer()
            .build();

    assertThat(RestrictedProfile.violations(hostile))
        .containsExactlyInAnyOrder(
            "hostNetwork must not be true",
            "volume root is of type hostPath",
            "container app: privileged must not be true",
            "container app: allowPrivilegeEscalation must be false",
            "container app: runAsNonRoot must be true (pod or container)",
            "container app: runAsUser must not be 0",
            "container app: seccompProfile must be RuntimeDefault or Localhost (pod or container), is null",
            "container app: capabilities must drop ALL",
            "container app: capabilities may add only NET_BIND_SERVICE, not SYS_ADMIN",
            "container app: hostPort 80 is not allowed");
  }

  /**
   * Every pod template in the render, by kind/name: Deployments and anything else that makes pods.
   */
  static Map<String, PodSpec> podSpecs(Rendered chart) {
    Map<String, PodSpec> pods = new LinkedHashMap<>();
    for (HasMetadata object : chart.objects()) {
      PodSpec spec = null;
      if (object instanceof Deployment d) {
        spec = d.getSpec().getTemplate().getSpec();
      } else if (object instanceof StatefulSet s) {
        spec = s.getSpec().getTemplate().getSpec();
      } else if (object instanceof DaemonSet d) {
        spec = d.getSpec().getTemplate().getSpec();
      } else if (object instanceof Job j) {
        spec = j.getSpec().getTemplate().getSpec();
      } else if (object instanceof CronJob c) {
        spec = c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
      } else if (object instanceof Pod p) {
        spec = p.getSpec();
      }
      if (spec != null) {
        pods.put(object.getKind() + "/" + object.getMetadata().getName(), spec);
      }
    }
    return pods;
  }

  private static Long numericUser(Rendered chart, String deployment) {
    PodSpec spec = chart.named(Deployment.class, deployment).getSpec().getTemplate().getSpec();
    Long container = spec.getContainers().get(0).getSecurityContext().getRunAsUser();
    return container != null ? container : spec.getSecurityContext().getRunAsUser();
  }
}
