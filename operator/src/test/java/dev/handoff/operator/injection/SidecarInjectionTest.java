package dev.handoff.operator.injection;

import static dev.handoff.operator.testing.Pods.container;
import static dev.handoff.operator.testing.Pods.env;
import static dev.handoff.operator.testing.Pods.envVar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidecarInjectionTest {

  private static final PodOwner SHOP_REVISION_7 =
      new PodOwner(Optional.of("shop"), Optional.of(7L));

  private static InjectionSettings settings(boolean nativeSidecar, Map<String, String> env) {
    return InjectionSettings.from(OperatorSettings.fromEnvironment(env).sidecar(), nativeSidecar);
  }

  /**
   * Every optional sidecar setting the operator can pass, as a Helm install with all of them would
   * set them.
   */
  private static final Map<String, String> EVERY_OPTION =
      Map.of(
          "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
          "HANDOFF_ADMIN_TOKEN_SECRET_NAME", "handoff-admin",
          "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "handoff-snapshot-keys",
          "HANDOFF_REDIS_WAIT_REPLICAS", "1",
          "HANDOFF_REDIS_CA_SECRET_NAME", "corp-redis-ca",
          "HANDOFF_SIDECAR_STEERING", "off");

  private static SidecarInjection regular() {
    return new SidecarInjection(settings(false, Map.of()));
  }

  private static SidecarInjection nativeSidecar() {
    return new SidecarInjection(settings(true, Map.of()));
  }

  private static InjectionOutcome.Patched patched(InjectionOutcome outcome) {
    assertThat(outcome).isInstanceOf(InjectionOutcome.Patched.class);
    return (InjectionOutcome.Patched) outcome;
  }

  private static String denial(InjectionOutcome outcome) {
    assertThat(outcome).isInstanceOf(InjectionOutcome.Denied.class);
    return ((InjectionOutcome.Denied) outcome).message();
  }

  private static Pod inject(SidecarInjection injection, Pod pod, PodOwner owner) {
    return PatchApplier.apply(pod, patched(injection.inject(pod, owner)).patch());
  }

  private static ContainerPort port(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no port " + name + " in " + container.getName()));
  }

  @Test
  void injectsSidecarInFrontOfNamedPort() {
    Pod pod = Pods.load("liveview-single-port");

    Pod result = inject(regular(), pod, SHOP_REVISION_7);

    Container sidecar = container(result, "handoff-sidecar");
    Container web = container(result, "web");
    assertThat(result.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("web", "handoff-sidecar");
    assertThat(port(sidecar, "http").getContainerPort()).isEqualTo(8480);
    assertThat(port(sidecar, "handoff-admin").getContainerPort()).isEqualTo(9480);
    assertThat(web.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("app-http");
              assertThat(p.getContainerPort()).isEqualTo(4000);
            });
    assertThat(env(sidecar, "HANDOFF_UPSTREAM")).isEqualTo("http://127.0.0.1:4000");
    assertThat(env(sidecar, "HANDOFF_LISTEN_PORT")).isEqualTo("8480");
    assertThat(env(sidecar, "HANDOFF_ADMIN_PORT")).isEqualTo("9480");
    assertThat(sidecar.getImage()).isEqualTo(OperatorSettings.DEFAULT_SIDECAR_IMAGE);
    assertThat(sidecar.getRestartPolicy()).isNull();
  }

  @Test
  void passesDefaultsAndDerivedIdentityToTheSidecar() {
    Pod result = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    Container sidecar = container(result, "handoff-sidecar");
    assertThat(sidecar.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly(
            "HANDOFF_APP",
            "HANDOFF_VERSION",
            "HANDOFF_VERSION_WINDOW",
            "HANDOFF_LISTEN_PORT",
            "HANDOFF_ADMIN_PORT",
            "HANDOFF_UPSTREAM",
            "HANDOFF_SNAPSHOT_TTL",
            "HANDOFF_DRAIN_TIMEOUT",
            "HANDOFF_MAX_STATE_BYTES",
            "HANDOFF_RECONNECT_SPREAD",
            "JAVA_TOOL_OPTIONS");
    assertThat(env(sidecar, "HANDOFF_APP")).isEqualTo("shop");
    assertThat(env(sidecar, "HANDOFF_VERSION")).isEqualTo("7");
    assertThat(env(sidecar, "HANDOFF_VERSION_WINDOW")).isEqualTo("1");
    assertThat(env(sidecar, "HANDOFF_SNAPSHOT_TTL")).isEqualTo("10m");
    assertThat(env(sidecar, "HANDOFF_DRAIN_TIMEOUT")).isEqualTo("20s");
    assertThat(env(sidecar, "HANDOFF_MAX_STATE_BYTES")).isEqualTo("65536");
    assertThat(env(sidecar, "HANDOFF_RECONNECT_SPREAD")).isEqualTo("2s");
    assertThat(env(sidecar, "JAVA_TOOL_OPTIONS")).isEqualTo(OperatorSettings.DEFAULT_JAVA_OPTIONS);
  }

  @Test
  void givesSidecarProbesAndDrainHookOnAdminPort() {
    Pod result = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    Container sidecar = container(result, "handoff-sidecar");
    assertThat(sidecar.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(sidecar.getLivenessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString("handoff-admin"));
    assertThat(sidecar.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(sidecar.getReadinessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString("handoff-admin"));
    assertThat(sidecar.getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly(
            "java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            "/opt/handoff/handoff-sidecar.jar",
            "drain");
    assertThat(sidecar.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(sidecar.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
  }

  @Test
  void makesAppWaitForDrainInItsPreStop() {
    Pod result = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    var hook = container(result, "web").getLifecycle().getPreStop().getHttpGet();
    assertThat(hook.getPath()).isEqualTo("/drain/wait");
    assertThat(hook.getPort()).isEqualTo(new IntOrString(9480));
  }

  @Test
  void stampsStatusAndSidecarVersion() {
    Pod result = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    assertThat(result.getMetadata().getAnnotations())
        .containsEntry("handoff.dev/status", "injected")
        .containsEntry("handoff.dev/sidecar-version", "0.1.0")
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-20T10:15:00Z");
  }

  @Test
  void leavesEverythingElseOfThePodAsItWas() {
    Pod pod = Pods.load("liveview-single-port");

    Pod result = inject(regular(), pod, SHOP_REVISION_7);

    Container before = container(pod, "web");
    Container after = container(result, "web");
    assertThat(after.getEnv()).isEqualTo(before.getEnv());
    assertThat(after.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(after.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(after.getVolumeMounts()).isEqualTo(before.getVolumeMounts());
    assertThat(after.getSecurityContext()).isEqualTo(before.getSecurityContext());
    assertThat(result.getSpec().getVolumes())
        .startsWith(pod.getSpec().getVolumes().toArray(Volume[]::new));
    assertThat(result.getSpec().getSecurityContext()).isEqualTo(pod.getSpec().getSecurityContext());
    assertThat(result.getSpec().getTolerations()).isEqualTo(pod.getSpec().getTolerations());
    assertThat(result.getMetadata().getOwnerReferences())
        .isEqualTo(pod.getMetadata().getOwnerReferences());
  }

  @Test
  void pointsTheAppsProbeOnTheTakenPortNameAtTheRenamedPort() {
    Pod result = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    assertThat(container(result, "web").getReadinessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString("app-http"));
  }

  @Test
  void pointsEveryProbeOfTheAppOnTheTakenPortNameAtTheRenamedPort() {
    Container ledger =
        container(inject(regular(), Pods.load("distroless-probes"), SHOP_REVISION_7), "ledger");

    assertThat(
            List.of(
                ledger.getReadinessProbe(), ledger.getLivenessProbe(), ledger.getStartupProbe()))
        .allSatisfy(
            probe ->
                assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("app-http")));
  }

  @Test
  void pointsTcpProbesAndLifecycleHandlersOnTheTakenPortNameAtTheRenamedPort() {
    Container feed =
        container(
            inject(regular(), Pods.load("pod-security-context-only"), SHOP_REVISION_7), "feed");

    assertThat(feed.getReadinessProbe().getTcpSocket().getPort())
        .isEqualTo(new IntOrString("app-ws"));
    assertThat(feed.getLifecycle().getPostStart().getHttpGet().getPort())
        .isEqualTo(new IntOrString("app-ws"));
    assertThat(feed.getLifecycle().getPostStart().getHttpGet().getPath()).isEqualTo("/warmup");
  }

  @Test
  void leavesProbesByNumberAloneBecauseTheAppKeepsItsPortNumber() {
    Pod pod = Pods.load("sleep-prestop");

    Container quiz = container(inject(regular(), pod, SHOP_REVISION_7), "quiz");

    assertThat(quiz.getReadinessProbe().getHttpGet().getPort())
        .isEqualTo(new IntOrString("app-web"));
    assertThat(quiz.getLivenessProbe()).isEqualTo(container(pod, "quiz").getLivenessProbe());
    assertThat(
            container(
                    inject(regular(), Pods.load("pod-security-context-only"), SHOP_REVISION_7),
                    "feed")
                .getLivenessProbe()
                .getGrpc()
                .getPort())
        .isEqualTo(9090);
  }

  @Test
  void leavesProbesOfOtherContainersAlone() {
    Pod pod = Pods.load("blazor-sidecars");
    pod.getMetadata().getAnnotations().put("handoff.dev/port", "8080");
    container(pod, "log-shipper")
        .setPorts(List.of(new ContainerPort(2020, null, null, "http", "TCP")));
    container(pod, "log-shipper")
        .setLivenessProbe(
            new io.fabric8.kubernetes.api.model.ProbeBuilder()
                .withNewHttpGet()
                .withPath("/api/v1/health")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .build());

    Pod result = inject(regular(), pod, PodOwner.NONE);

    assertThat(container(result, "log-shipper")).isEqualTo(container(pod, "log-shipper"));
  }

  @Test
  void runsTheSidecarAsTheImagesNonRootUserUnderTheRestrictedProfile() {
    var context =
        container(
                inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7),
                "handoff-sidecar")
            .getSecurityContext();

    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getRunAsUser()).isEqualTo(10001L);
    assertThat(context.getRunAsGroup()).isEqualTo(10001L);
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void givesTheSidecarAWritableTmpOnItsReadOnlyRoot(boolean nativeSidecar) {
    Pod pod = Pods.load("liveview-single-port");

    Pod result =
        inject(new SidecarInjection(settings(nativeSidecar, Map.of())), pod, SHOP_REVISION_7);

    assertThat(container(result, "handoff-sidecar").getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getName()).isEqualTo("handoff-tmp");
              assertThat(mount.getMountPath()).isEqualTo("/tmp");
              assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
    assertThat(result.getSpec().getVolumes())
        .last()
        .satisfies(
            volume -> {
              assertThat(volume.getName()).isEqualTo("handoff-tmp");
              assertThat(volume.getEmptyDir()).isNotNull();
            });
    assertThat(container(result, "web").getVolumeMounts())
        .isEqualTo(container(pod, "web").getVolumeMounts());
  }

  @Test
  void givesAPodWithoutVolumesTheTmpVolume() {
    Pod result = inject(regular(), Pods.load("socketio-unnamed-port"), PodOwner.NONE);

    assertThat(result.getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly("handoff-tmp");
  }

  @Test
  void namesTheTmpVolumeAroundOnesThePodAlreadyHas() {
    Pod pod = Pods.load("distroless-probes");
    pod.getSpec()
        .getVolumes()
        .add(new VolumeBuilder().withName("handoff-tmp").withNewEmptyDir().endEmptyDir().build());

    Pod result = inject(regular(), pod, SHOP_REVISION_7);

    assertThat(result.getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly("config", "tmp", "handoff-tmp", "handoff-tmp-1");
    assertThat(container(result, "handoff-sidecar").getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactly("handoff-tmp-1");
    assertThat(container(result, "ledger").getVolumeMounts())
        .isEqualTo(container(pod, "ledger").getVolumeMounts());
  }

  @Test
  void secondPassProducesNoChange() {
    Pod once = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    InjectionOutcome second = regular().inject(once, SHOP_REVISION_7);

    assertThat(second).isEqualTo(new InjectionOutcome.Untouched("already injected"));
  }

  @Test
  void podCarryingTheSidecarWithoutStatusIsLeftAlone() {
    Pod once = inject(regular(), Pods.load("liveview-single-port"), SHOP_REVISION_7);
    once.getMetadata().getAnnotations().remove("handoff.dev/status");

    assertThat(regular().inject(once, SHOP_REVISION_7))
        .isInstanceOf(InjectionOutcome.Untouched.class);
  }

  @Test
  void picksPortNamedByAnnotationAmongSeveralContainers() {
    Pod pod = Pods.load("blazor-sidecars");

    Pod result = inject(regular(), pod, new PodOwner(Optional.of("portal"), Optional.of(9L)));

    Container portal = container(result, "portal");
    Container sidecar = container(result, "handoff-sidecar");
    assertThat(port(portal, "app-http").getContainerPort()).isEqualTo(8080);
    assertThat(port(portal, "metrics").getContainerPort()).isEqualTo(9090);
    assertThat(port(sidecar, "http").getContainerPort()).isEqualTo(8480);
    assertThat(env(sidecar, "HANDOFF_UPSTREAM")).isEqualTo("http://127.0.0.1:8080");
    assertThat(container(result, "log-shipper")).isEqualTo(container(pod, "log-shipper"));
  }

  @Test
  void addsPreStopBesideAnExistingPostStartHook() {
    Pod result = inject(regular(), Pods.load("blazor-sidecars"), PodOwner.NONE);

    var lifecycle = container(result, "portal").getLifecycle();
    assertThat(lifecycle.getPostStart().getExec().getCommand())
        .contains("echo started > /logs/started");
    assertThat(lifecycle.getPreStop().getHttpGet().getPath()).isEqualTo("/drain/wait");
  }

  @Test
  void takesEveryValueFromTheAnnotations() {
    Pod result =
        inject(
            regular(),
            Pods.load("blazor-sidecars"),
            new PodOwner(Optional.of("other"), Optional.of(9L)));

    Container sidecar = container(result, "handoff-sidecar");
    assertThat(env(sidecar, "HANDOFF_APP")).isEqualTo("portal");
    assertThat(env(sidecar, "HANDOFF_VERSION")).isEqualTo("42");
    assertThat(env(sidecar, "HANDOFF_VERSION_WINDOW")).isEqualTo("2");
    assertThat(env(sidecar, "HANDOFF_DRAIN_TIMEOUT")).isEqualTo("45s");
    assertThat(env(sidecar, "HANDOFF_SNAPSHOT_TTL")).isEqualTo("30m");
    assertThat(env(sidecar, "HANDOFF_MAX_STATE_BYTES")).isEqualTo("131072");
  }

  @Test
  void raisesGracePeriodToCoverDrainTimeoutPlusMargin() {
    Pod result = inject(regular(), Pods.load("blazor-sidecars"), PodOwner.NONE);

    assertThat(result.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(55L);
  }

  @Test
  void keepsALongerGracePeriod() {
    Pod pod = Pods.load("hotwire-existing-prestop");

    Pod result = inject(regular(), pod, new PodOwner(Optional.of("board"), Optional.of(3L)));

    assertThat(result.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(90L);
  }

  @Test
  void setsGracePeriodWhenThePodLeavesItOut() {
    Pod pod = Pods.load("socketio-unnamed-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/drain-timeout", "1m");

    Pod result = inject(regular(), pod, PodOwner.NONE);

    assertThat(result.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(70L);
  }

  @Test
  void roundsSubSecondDrainTimeoutsUp() {
    Pod pod = Pods.load("socketio-unnamed-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/drain-timeout", "25500ms");

    Pod result = inject(regular(), pod, PodOwner.NONE);

    assertThat(result.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(36L);
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_DRAIN_TIMEOUT"))
        .isEqualTo("25500ms");
  }

  @Test
  void keepsAnExistingPreStopHookAndSaysSo() {
    Pod pod = Pods.load("hotwire-existing-prestop");

    InjectionOutcome.Patched outcome =
        patched(regular().inject(pod, new PodOwner(Optional.of("board"), Optional.of(3L))));
    Pod result = PatchApplier.apply(pod, outcome.patch());

    assertThat(container(result, "rails").getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly("/bin/sh", "-c", "sleep 5");
    assertThat(result.getMetadata().getAnnotations())
        .containsEntry("handoff.dev/app-prestop", "kept");
    assertThat(outcome.warnings())
        .anySatisfy(w -> assertThat(w).contains("rails keeps its own preStop hook"));
  }

  @Test
  void tellsAnExecPreStopHowToWaitForTheDrain() {
    InjectionOutcome.Patched outcome =
        patched(
            regular()
                .inject(
                    Pods.load("hotwire-existing-prestop"),
                    new PodOwner(Optional.of("board"), Optional.of(3L))));

    assertThat(outcome.warnings())
        .singleElement()
        .asString()
        .contains("append", "http://127.0.0.1:9480/drain/wait", "sleep 20", "remove the hook")
        .doesNotContain("add an httpGet");
  }

  @Test
  void tellsASleepPreStopToLastAsLongAsTheDrain() {
    Pod pod = Pods.load("sleep-prestop");
    pod.getMetadata().getAnnotations().put("handoff.dev/drain-timeout", "25500ms");

    InjectionOutcome.Patched outcome = patched(regular().inject(pod, SHOP_REVISION_7));

    assertThat(outcome.warnings())
        .singleElement()
        .asString()
        .contains(
            "container quiz keeps its own preStop hook",
            "sleep.seconds",
            "at least 26",
            "remove the hook")
        .doesNotContain("add an httpGet", "curl");
  }

  @Test
  void picksPortByNumberAndAvoidsPortsThePodAlreadyUses() {
    Pod result =
        inject(
            regular(),
            Pods.load("hotwire-existing-prestop"),
            new PodOwner(Optional.of("board"), Optional.of(3L)));

    Container rails = container(result, "rails");
    Container sidecar = container(result, "handoff-sidecar");
    assertThat(port(rails, "app-web").getContainerPort()).isEqualTo(3000);
    assertThat(port(rails, "debug").getContainerPort()).isEqualTo(8480);
    assertThat(port(sidecar, "web").getContainerPort()).isEqualTo(8481);
    assertThat(env(sidecar, "HANDOFF_LISTEN_PORT")).isEqualTo("8481");
    assertThat(env(sidecar, "HANDOFF_UPSTREAM")).isEqualTo("http://127.0.0.1:3000");
    assertThat(env(sidecar, "HANDOFF_APP")).isEqualTo("board");
    assertThat(container(result, "anycable"))
        .isEqualTo(container(Pods.load("hotwire-existing-prestop"), "anycable"));
  }

  @Test
  void injectsInFrontOfAnUnnamedPortWithAWarning() {
    Pod pod = Pods.load("socketio-unnamed-port");

    InjectionOutcome.Patched outcome = patched(regular().inject(pod, PodOwner.NONE));
    Pod result = PatchApplier.apply(pod, outcome.patch());

    assertThat(container(result, "node").getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getName()).isNull());
    assertThat(port(container(result, "handoff-sidecar"), "handoff-http").getContainerPort())
        .isEqualTo(8480);
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_UPSTREAM"))
        .isEqualTo("http://127.0.0.1:3000");
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_APP")).isEqualTo("chat");
    assertThat(outcome.warnings())
        .singleElement()
        .asString()
        .contains("port 3000", "has no name", "handoff-http");
  }

  @Test
  void appendsNativeSidecarAfterExistingInitContainers() {
    Pod result = inject(nativeSidecar(), Pods.load("blazor-sidecars"), PodOwner.NONE);

    assertThat(result.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("migrate", "handoff-sidecar");
    assertThat(result.getSpec().getInitContainers().get(1).getRestartPolicy()).isEqualTo("Always");
    assertThat(result.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("log-shipper", "portal");
  }

  @Test
  void createsInitContainerListForNativeSidecar() {
    Pod result = inject(nativeSidecar(), Pods.load("liveview-single-port"), SHOP_REVISION_7);

    assertThat(result.getSpec().getInitContainers())
        .singleElement()
        .satisfies(
            sidecar -> {
              assertThat(sidecar.getName()).isEqualTo("handoff-sidecar");
              assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
            });
    assertThat(result.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("web");
  }

  @Test
  void nativeSidecarSecondPassProducesNoChange() {
    Pod once = inject(nativeSidecar(), Pods.load("blazor-sidecars"), PodOwner.NONE);

    assertThat(nativeSidecar().inject(once, PodOwner.NONE))
        .isInstanceOf(InjectionOutcome.Untouched.class);
  }

  @Test
  void takesVersionFromTheDeploymentRevision() {
    Pod result =
        inject(
            regular(),
            Pods.load("liveview-single-port"),
            new PodOwner(Optional.of("shop"), Optional.of(12L)));

    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_VERSION")).isEqualTo("12");
  }

  @Test
  void deniesAPodWithoutVersionOrDeployment() {
    String message = denial(regular().inject(Pods.load("liveview-single-port"), PodOwner.NONE));

    assertThat(message).contains("handoff.dev/version", "non-negative integer");
  }

  @Test
  void namesTheAppAfterTheDeploymentWhenLabelsSayNothing() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getLabels().remove("app.kubernetes.io/name");

    Pod result =
        inject(regular(), pod, new PodOwner(Optional.of("storefront-web"), Optional.of(7L)));

    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_APP"))
        .isEqualTo("storefront-web");
  }

  @Test
  void namesTheAppAfterTheGenerateNameStemAsALastResort() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getLabels().remove("app.kubernetes.io/name");
    pod.getMetadata().getAnnotations().put("handoff.dev/version", "1");

    Pod result = inject(regular(), pod, PodOwner.NONE);

    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_APP")).isEqualTo("shop");
  }

  @Test
  void passesRedisUrlAdminTokenAndSnapshotKeysFromSecrets() {
    SidecarInjection injection =
        new SidecarInjection(
            settings(
                false,
                Map.of(
                    "HANDOFF_REDIS_SECRET_NAME", "handoff-redis",
                    "HANDOFF_ADMIN_TOKEN_SECRET_NAME", "handoff-admin",
                    "HANDOFF_ADMIN_TOKEN_SECRET_KEY", "admin-token",
                    "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "handoff-snapshot-keys")));

    Container sidecar =
        container(
            inject(injection, Pods.load("liveview-single-port"), SHOP_REVISION_7),
            "handoff-sidecar");

    EnvVar redis =
        sidecar.getEnv().stream()
            .filter(e -> e.getName().equals("HANDOFF_REDIS_URL"))
            .findFirst()
            .orElseThrow();
    assertThat(redis.getValue()).isNull();
    assertThat(redis.getValueFrom().getSecretKeyRef().getName()).isEqualTo("handoff-redis");
    assertThat(redis.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
    EnvVar token =
        sidecar.getEnv().stream()
            .filter(e -> e.getName().equals("HANDOFF_ADMIN_TOKEN"))
            .findFirst()
            .orElseThrow();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("handoff-admin");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("admin-token");
    EnvVar keys = envVar(sidecar, "HANDOFF_SNAPSHOT_KEYS");
    assertThat(keys.getValue()).isNull();
    assertThat(keys.getValueFrom().getSecretKeyRef())
        .isEqualTo(new SecretKeySelector("keys", "handoff-snapshot-keys", false));
  }

  @Test
  void bindsSnapshotsToTheSessionCookieTheAnnotationNames() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/bind-cookie", "_shop_key");

    Container sidecar = container(inject(regular(), pod, SHOP_REVISION_7), "handoff-sidecar");

    assertThat(env(sidecar, "HANDOFF_BIND_COOKIE")).isEqualTo("_shop_key");
  }

  @Test
  void asksForReplicaAcknowledgementOnlyWhenReplicasAreWanted() {
    SidecarInjection waiting =
        new SidecarInjection(
            settings(
                false,
                Map.of(
                    "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
                    "HANDOFF_REDIS_WAIT_REPLICAS", "2",
                    "HANDOFF_REDIS_WAIT_TIMEOUT", "1500ms")));
    SidecarInjection timeoutOnly =
        new SidecarInjection(
            settings(
                false,
                Map.of(
                    "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
                    "HANDOFF_REDIS_WAIT_TIMEOUT", "3s")));

    Container sidecar =
        container(
            inject(waiting, Pods.load("liveview-single-port"), SHOP_REVISION_7), "handoff-sidecar");
    Container notWaiting =
        container(
            inject(timeoutOnly, Pods.load("liveview-single-port"), SHOP_REVISION_7),
            "handoff-sidecar");

    assertThat(env(sidecar, "HANDOFF_REDIS_WAIT_REPLICAS")).isEqualTo("2");
    assertThat(env(sidecar, "HANDOFF_REDIS_WAIT_TIMEOUT")).isEqualTo("1500ms");
    assertThat(notWaiting.getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("HANDOFF_REDIS_WAIT_REPLICAS", "HANDOFF_REDIS_WAIT_TIMEOUT");
  }

  @Test
  void mountsThePrivateRedisCaReadOnlyIntoTheSidecarOnly() {
    SidecarInjection injection =
        new SidecarInjection(
            settings(
                false,
                Map.of(
                    "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
                    "HANDOFF_REDIS_CA_SECRET_NAME", "corp-redis-ca",
                    "HANDOFF_REDIS_CA_KEY", "root.pem")));
    Pod pod = Pods.load("liveview-single-port");

    Pod result = inject(injection, pod, SHOP_REVISION_7);

    Container sidecar = container(result, "handoff-sidecar");
    assertThat(sidecar.getVolumeMounts())
        .filteredOn(m -> !m.getName().equals("handoff-tmp"))
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getName()).isEqualTo("handoff-redis-ca");
              assertThat(mount.getMountPath()).isEqualTo("/etc/handoff/redis-ca");
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(env(sidecar, "HANDOFF_REDIS_CA_FILE")).isEqualTo("/etc/handoff/redis-ca/ca.crt");
    Volume volume =
        result.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("handoff-redis-ca"))
            .findFirst()
            .orElseThrow();
    assertThat(result.getSpec().getVolumes().get(0)).isEqualTo(pod.getSpec().getVolumes().get(0));
    assertThat(volume.getName()).isEqualTo("handoff-redis-ca");
    assertThat(volume.getSecret().getSecretName()).isEqualTo("corp-redis-ca");
    assertThat(volume.getSecret().getOptional()).isFalse();
    // Whatever the key is called, the sidecar finds the same file.
    assertThat(volume.getSecret().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("root.pem");
              assertThat(item.getPath()).isEqualTo("ca.crt");
            });
    assertThat(container(result, "web").getVolumeMounts())
        .isEqualTo(container(pod, "web").getVolumeMounts());
  }

  @Test
  void takesTheRedisCaFromAConfigMapIntoAPodWithoutVolumes() {
    SidecarInjection injection =
        new SidecarInjection(
            settings(
                true,
                Map.of(
                    "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
                    "HANDOFF_REDIS_CA_CONFIGMAP_NAME", "corp-redis-ca")));

    Pod result = inject(injection, Pods.load("socketio-unnamed-port"), PodOwner.NONE);

    assertThat(result.getSpec().getVolumes())
        .filteredOn(v -> !v.getName().equals("handoff-tmp"))
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getSecret()).isNull();
              assertThat(volume.getConfigMap().getName()).isEqualTo("corp-redis-ca");
              assertThat(volume.getConfigMap().getItems())
                  .singleElement()
                  .satisfies(
                      item ->
                          assertThat(item.getKey() + "->" + item.getPath())
                              .isEqualTo("ca.crt->ca.crt"));
            });
    assertThat(container(result, "handoff-sidecar").getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactly("handoff-tmp", "handoff-redis-ca");
  }

  @Test
  void namesTheCaVolumeAroundOnesThePodAlreadyHas() {
    SidecarInjection injection = new SidecarInjection(settings(false, EVERY_OPTION));
    Pod pod = Pods.load("blazor-sidecars");
    pod.getSpec()
        .getVolumes()
        .add(
            new VolumeBuilder()
                .withName("handoff-redis-ca")
                .withNewEmptyDir()
                .endEmptyDir()
                .build());

    Pod result = inject(injection, pod, PodOwner.NONE);

    assertThat(result.getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly("logs", "handoff-redis-ca", "handoff-tmp", "handoff-redis-ca-1");
    assertThat(container(result, "handoff-sidecar").getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactly("handoff-tmp", "handoff-redis-ca-1");
  }

  @Test
  void writesSteeringOnlyWhenItIsTurnedOff() {
    SidecarInjection off =
        new SidecarInjection(settings(false, Map.of("HANDOFF_SIDECAR_STEERING", "off")));
    SidecarInjection on =
        new SidecarInjection(settings(false, Map.of("HANDOFF_SIDECAR_STEERING", "on")));

    Pod pod = Pods.load("liveview-single-port");

    assertThat(
            env(
                container(inject(off, pod, SHOP_REVISION_7), "handoff-sidecar"),
                "HANDOFF_STEERING"))
        .isEqualTo("off");
    assertThat(container(inject(on, pod, SHOP_REVISION_7), "handoff-sidecar").getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("HANDOFF_STEERING");
  }

  @Test
  void passesEveryOptionalSettingInAStableOrder() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/bind-cookie", "_shop_key");

    Container sidecar =
        container(
            inject(new SidecarInjection(settings(false, EVERY_OPTION)), pod, SHOP_REVISION_7),
            "handoff-sidecar");

    assertThat(sidecar.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly(
            "HANDOFF_APP",
            "HANDOFF_VERSION",
            "HANDOFF_VERSION_WINDOW",
            "HANDOFF_LISTEN_PORT",
            "HANDOFF_ADMIN_PORT",
            "HANDOFF_UPSTREAM",
            "HANDOFF_SNAPSHOT_TTL",
            "HANDOFF_DRAIN_TIMEOUT",
            "HANDOFF_MAX_STATE_BYTES",
            "HANDOFF_RECONNECT_SPREAD",
            "HANDOFF_BIND_COOKIE",
            "HANDOFF_REDIS_WAIT_REPLICAS",
            "HANDOFF_REDIS_WAIT_TIMEOUT",
            "HANDOFF_REDIS_CA_FILE",
            "HANDOFF_STEERING",
            "HANDOFF_REDIS_URL",
            "HANDOFF_ADMIN_TOKEN",
            "HANDOFF_SNAPSHOT_KEYS",
            "JAVA_TOOL_OPTIONS");
    assertThat(env(sidecar, "HANDOFF_REDIS_WAIT_TIMEOUT")).isEqualTo("1s");
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void secondPassWithEveryOptionalSettingProducesNoChange(boolean nativeSidecar) {
    SidecarInjection injection = new SidecarInjection(settings(nativeSidecar, EVERY_OPTION));
    Pod pod = Pods.load("blazor-sidecars");
    pod.getMetadata().getAnnotations().put("handoff.dev/bind-cookie", ".AspNetCore.Cookies");
    Pod once = inject(injection, pod, PodOwner.NONE);

    assertThat(injection.inject(once, PodOwner.NONE))
        .isEqualTo(new InjectionOutcome.Untouched("already injected"));
    assertThat(once.getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsOnlyOnce("handoff-redis-ca", "handoff-tmp");
  }

  @Test
  void leavesPodsWithoutTheAnnotationUntouched() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().remove("handoff.dev/inject");

    assertThat(regular().inject(pod, SHOP_REVISION_7))
        .isInstanceOf(InjectionOutcome.Untouched.class);
  }

  @Test
  void leavesPodsThatOptOutUntouched() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/inject", "false");

    assertThat(regular().inject(pod, SHOP_REVISION_7))
        .isInstanceOf(InjectionOutcome.Untouched.class);
  }

  @Test
  void leavesPodsWithoutAnyAnnotationsUntouched() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("plain")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .endContainer()
            .endSpec()
            .build();

    assertThat(regular().inject(pod, PodOwner.NONE)).isInstanceOf(InjectionOutcome.Untouched.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "handoff.dev/drain-timeout   | soon   | \"soon\" is not accepted; use a positive duration <n>ms, <n>s, <n>m or <n>h",
        "handoff.dev/drain-timeout   | 0s     | use a positive duration",
        "handoff.dev/snapshot-ttl    | 10 min | use a positive duration",
        "handoff.dev/version-window  | -1     | use a whole number from 0 to 1000",
        "handoff.dev/version         | v7     | use a non-negative whole number",
        "handoff.dev/max-state-bytes | 0      | use a whole number from 1 to 16777216",
        "handoff.dev/max-state-bytes | 64KiB  | use a whole number from 1 to 16777216",
        "handoff.dev/port            | HTTP   | use the name or number of a container port",
        "handoff.dev/port            | 70000  | use the name or number of a container port",
        "handoff.dev/port            | grpc   | no TCP container port named \"grpc\"",
        "handoff.dev/app             | my app | 1-63 lower-case letters, digits",
        "handoff.dev/inject          | yes    | use \"true\" or \"false\"",
        "handoff.dev/bind-cookie     | my session | session cookie: 1-128 letters, digits or",
        "handoff.dev/bind-cookie     | sid=1  | e.g. \"_shop_session\"",
        "handoff.dev/bind-cookie     | ''     | session cookie: 1-128 letters",
      })
  void deniesBadAnnotationValueNamingAnnotationAndAcceptedForm(
      String annotation, String value, String expected) {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put(annotation, value);

    String message = denial(regular().inject(pod, SHOP_REVISION_7));

    assertThat(message).startsWith("annotation " + annotation).contains(expected);
  }

  @Test
  void deniesWhenSeveralPortsAndNoAnnotationSayWhich() {
    Pod pod = Pods.load("blazor-sidecars");
    pod.getMetadata().getAnnotations().remove("handoff.dev/port");

    String message = denial(regular().inject(pod, PodOwner.NONE));

    assertThat(message)
        .contains("handoff.dev/port is needed", "metrics(9090) in portal", "http(8080) in portal");
  }

  @Test
  void deniesWhenNoContainerDeclaresAPort() {
    Pod pod = Pods.load("socketio-unnamed-port");
    pod.getSpec().getContainers().get(0).setPorts(List.of());

    assertThat(denial(regular().inject(pod, PodOwner.NONE)))
        .contains("no container declares a TCP port");
  }

  @Test
  void renamesPortsWithinTheFifteenCharacterLimit() {
    Container container = new Container();
    container.setPorts(
        List.of(
            new ContainerPort(8080, null, null, "websocket-main", "TCP"),
            new ContainerPort(8081, null, null, "app-websocket-m", "TCP")));

    assertThat(SidecarInjection.renamed("websocket-main", container)).isEqualTo("app-websocket1");
    assertThat(SidecarInjection.renamed("http", container)).isEqualTo("app-http");
  }
}
