package dev.handoff.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.testing.AdmissionReviews;
import dev.handoff.operator.testing.KubeletPortRules;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import dev.handoff.operator.testing.RestrictedPodSecurity;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the operator's tests know, injected every way the operator can be configured, judged by
 * two checks written from the Kubernetes rules: the kubelet's port resolution and the restricted
 * Pod Security profile.
 */
class InjectedPodRulesTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final PodOwner OWNER = new PodOwner(Optional.of("fixture"), Optional.of(5L));

  /**
   * Fixtures whose own containers already meet "restricted": after injection the whole pod must
   * still.
   */
  /**
   * Fixtures that pass restricted themselves; the demo app must, since users apply it to such
   * namespaces.
   */
  private static final Set<String> RESTRICTED_FIXTURES =
      Set.of("distroless-probes", "k8s/examples/demo-app.yaml");

  private static final Map<String, String> EVERY_OPTION =
      Map.of(
          "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
          "HANDOFF_ADMIN_TOKEN_SECRET_NAME", "handoff-admin",
          "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "handoff-snapshot-keys",
          "HANDOFF_REDIS_CA_SECRET_NAME", "corp-redis-ca");

  record Fixture(String name, Pod pod) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> injections() {
    List<Fixture> fixtures =
        Stream.concat(
                Stream.of(
                        "liveview-single-port",
                        "blazor-sidecars",
                        "hotwire-existing-prestop",
                        "socketio-unnamed-port",
                        "distroless-probes",
                        "pod-security-context-only",
                        "sleep-prestop")
                    .map(name -> new Fixture(name, Pods.load(name))),
                Stream.of(
                    new Fixture(
                        "admission/create-pod.json",
                        AdmissionReviews.requestPod(Pods.resource("/admission/create-pod.json"))),
                    new Fixture("k8s/examples/demo-app.yaml", demoAppPod())))
            .toList();
    return fixtures.stream()
        .flatMap(
            fixture ->
                Stream.of(
                    Arguments.of(
                        fixture, "regular", new SidecarInjection(settings(false, Map.of()))),
                    Arguments.of(fixture, "native", new SidecarInjection(settings(true, Map.of()))),
                    Arguments.of(
                        fixture,
                        "native, every option",
                        new SidecarInjection(settings(true, EVERY_OPTION))),
                    Arguments.of(
                        fixture,
                        "regular, every option",
                        new SidecarInjection(settings(false, EVERY_OPTION)))));
  }

  private static InjectionSettings settings(boolean nativeSidecar, Map<String, String> env) {
    return InjectionSettings.from(OperatorSettings.fromEnvironment(env).sidecar(), nativeSidecar);
  }

  /**
   * The project's own example, as the ReplicaSet controller would create its pod from the template.
   */
  private static Pod demoAppPod() {
    try {
      String yaml = Files.readString(REPO.resolve("k8s/examples/demo-app.yaml"));
      Deployment deployment =
          new KubernetesSerialization().unmarshal(yaml.split("(?m)^---$")[0], Deployment.class);
      return new PodBuilder()
          .withMetadata(
              new ObjectMetaBuilder(deployment.getSpec().getTemplate().getMetadata())
                  .withGenerateName("demo-6d8f9c7b5-")
                  .withNamespace("demo")
                  .addNewOwnerReference()
                  .withApiVersion("apps/v1")
                  .withKind("ReplicaSet")
                  .withName("demo-6d8f9c7b5")
                  .withUid("u")
                  .withController(true)
                  .endOwnerReference()
                  .build())
          .withSpec(deployment.getSpec().getTemplate().getSpec())
          .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Pod injected(Fixture fixture, SidecarInjection injection) {
    InjectionOutcome outcome = injection.inject(fixture.pod(), OWNER);
    assertThat(outcome).as(fixture.name()).isInstanceOf(InjectionOutcome.Patched.class);
    return PatchApplier.apply(fixture.pod(), ((InjectionOutcome.Patched) outcome).patch());
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("injections")
  void everyProbeAndHandlerStillReachesItsOwnContainer(
      Fixture fixture, String mode, SidecarInjection injection) {
    assertThat(KubeletPortRules.violations(fixture.pod())).as("the fixture itself").isEmpty();

    assertThat(KubeletPortRules.violations(injected(fixture, injection))).isEmpty();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("injections")
  void theContainersAndVolumesTheWebhookAddsAreRestricted(
      Fixture fixture, String mode, SidecarInjection injection) {
    Pod result = injected(fixture, injection);

    assertThat(RestrictedPodSecurity.ofContainers(result, HandoffAnnotations.SIDECAR_NAME::equals))
        .isEmpty();
    // Whatever the app's own containers break, they broke before; the webhook adds no violation of
    // its own.
    assertThat(RestrictedPodSecurity.violations(result))
        .containsExactlyInAnyOrderElementsOf(RestrictedPodSecurity.violations(fixture.pod()));
  }

  static Stream<Arguments> restrictedInjections() {
    return injections()
        .filter(args -> RESTRICTED_FIXTURES.contains(((Fixture) args.get()[0]).name()));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("restrictedInjections")
  void aRestrictedPodStaysRestricted(Fixture fixture, String mode, SidecarInjection injection) {
    assertThat(RestrictedPodSecurity.violations(fixture.pod())).as("the fixture itself").isEmpty();

    assertThat(RestrictedPodSecurity.violations(injected(fixture, injection))).isEmpty();
  }

  @Test
  void aPodWithoutAnySecurityContextFailsRestrictedOnlyThroughTheAppsContainers() {
    Pod result =
        injected(
            new Fixture("sleep-prestop", Pods.load("sleep-prestop")),
            new SidecarInjection(settings(false, Map.of())));

    assertThat(RestrictedPodSecurity.violations(result))
        .isNotEmpty()
        .allSatisfy(violation -> assertThat(violation.subject()).isEqualTo("container quiz"));
  }

  @Test
  void aProbeOnTheSidecarsPortIsCaught() {
    Pod result =
        injected(
            new Fixture("sleep-prestop", Pods.load("sleep-prestop")),
            new SidecarInjection(settings(false, Map.of())));
    result
        .getSpec()
        .getContainers()
        .get(0)
        .getLivenessProbe()
        .getTcpSocket()
        .setPort(new IntOrString(SidecarInjection.DEFAULT_LISTEN_PORT));

    assertThat(KubeletPortRules.violations(result))
        .singleElement()
        .asString()
        .contains("container quiz livenessProbe.tcpSocket.port", "another container");
  }
}
