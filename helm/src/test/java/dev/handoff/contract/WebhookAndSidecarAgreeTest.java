package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.injection.InjectionOutcome;
import dev.handoff.operator.injection.InjectionSettings;
import dev.handoff.operator.injection.PatchOperation;
import dev.handoff.operator.injection.PodOwner;
import dev.handoff.operator.injection.SidecarInjection;
import dev.handoff.sidecar.config.ConfigException;
import dev.handoff.sidecar.config.ConfigLoader;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's webhook and the sidecar's config loader, side by side (this module sees both): for
 * every annotation that sets a sidecar setting and every value of a wide corpus (boundaries,
 * malformed, other settings' values), a pod the webhook admits gets an environment the sidecar
 * starts with, and a value the sidecar refuses is denied by the webhook, naming the annotation.
 */
class WebhookAndSidecarAgreeTest {

  /**
   * Values from each annotation's own bounds and forms, and from the others', so every pair is
   * tried.
   */
  private static final List<String> CORPUS =
      List.of(
          "",
          " ",
          "0",
          "1",
          "-1",
          "+5",
          "7",
          "1000",
          "1001",
          "4096",
          "65536",
          "16777216",
          "16777217",
          "999999999",
          "1000000000",
          "9223372036854775807",
          "9223372036854775808",
          "1e3",
          "0x10",
          "64KiB",
          "0s",
          "0ms",
          "1ms",
          "20s",
          "10m",
          "2h",
          "999999999h",
          "1d",
          "1.5s",
          "20 s",
          "soon",
          "PT20S",
          "shop",
          "Shop",
          "SHOP",
          "my-app",
          "my.app_1",
          "a".repeat(63),
          "a".repeat(64),
          "-shop",
          "shop-",
          "my app",
          "_shop_session",
          "sid=1",
          "my session",
          "x".repeat(128),
          "x".repeat(129),
          "on",
          "true");

  @TempDir static Path mounted;

  /**
   * What the pod's Secrets and volumes would hold: the environment the kubelet resolves before the
   * sidecar starts.
   */
  private static Map<String, String> resolved;

  private static SidecarInjection webhook;

  @BeforeAll
  static void operatorWithEveryOptionalSidecarSetting() throws Exception {
    // Every optional setting the operator passes on, as a Helm install with all of them would set
    // them.
    webhook =
        new SidecarInjection(
            InjectionSettings.from(
                OperatorSettings.fromEnvironment(
                        Map.of(
                            "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
                            "HANDOFF_ADMIN_TOKEN_SECRET_NAME", "handoff-admin",
                            "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "handoff-snapshot-keys",
                            "HANDOFF_REDIS_WAIT_REPLICAS", "16",
                            "HANDOFF_REDIS_WAIT_TIMEOUT", "1500ms",
                            "HANDOFF_RECONNECT_SPREAD", "0s",
                            "HANDOFF_REDIS_CA_SECRET_NAME", "corp-redis-ca",
                            "HANDOFF_SIDECAR_STEERING", "off"))
                    .sidecar(),
                false));
    resolved =
        Map.of(
            Settings.REDIS_URL.variable(),
            "redis-cluster://redis-0:6379,redis-1:6379",
            Settings.ADMIN_TOKEN.variable(),
            "token",
            Settings.SNAPSHOT_KEYS.variable(),
            "k1=" + Base64.getEncoder().encodeToString(new byte[32]),
            Settings.REDIS_CA_FILE.variable(),
            Files.writeString(mounted.resolve("ca.crt"), "pem").toString());
  }

  static Stream<Arguments> annotatedValues() {
    List<Arguments> cases = new ArrayList<>();
    for (Setting<?> setting : Settings.annotated()) {
      for (String value : CORPUS) {
        cases.add(Arguments.of(setting.annotation().orElseThrow(), setting.variable(), value));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: \"{2}\"")
  @MethodSource("annotatedValues")
  void theSidecarStartsWithWhatTheWebhookAdmits(String annotation, String variable, String value) {
    InjectionOutcome outcome = webhook.inject(pod(annotation, value), PodOwner.NONE);

    if (outcome instanceof InjectionOutcome.Patched patched) {
      Map<String, String> env = sidecarEnvironment(patched);
      assertThatCode(() -> ConfigLoader.load(env, List.of()))
          .as("the webhook admitted %s: \"%s\" and wrote %s", annotation, value, env)
          .doesNotThrowAnyException();
    } else {
      assertThat(outcome).isInstanceOf(InjectionOutcome.Denied.class);
    }
  }

  @ParameterizedTest(name = "{0}: \"{2}\"")
  @MethodSource("annotatedValues")
  void aValueTheSidecarRefusesIsDeniedNamingTheAnnotation(
      String annotation, String variable, String value) {
    if (!sidecarRefuses(variable, value)) {
      return;
    }
    InjectionOutcome outcome = webhook.inject(pod(annotation, value), PodOwner.NONE);

    assertThat(outcome)
        .as("the sidecar refuses %s=\"%s\"", variable, value)
        .isInstanceOf(InjectionOutcome.Denied.class);
    assertThat(((InjectionOutcome.Denied) outcome).message()).contains(annotation);
  }

  private static boolean sidecarRefuses(String variable, String value) {
    Map<String, String> env = new HashMap<>(resolved);
    env.put(Settings.APP.variable(), "shop");
    env.put(Settings.VERSION.variable(), "7");
    env.put(variable, value);
    try {
      ConfigLoader.load(env, List.of());
      return false;
    } catch (ConfigException e) {
      return true;
    }
  }

  private static Pod pod(String annotation, String value) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("handoff.dev/inject", "true");
    annotations.put(Settings.VERSION.annotation().orElseThrow(), "7");
    annotations.put(annotation, value);
    return new PodBuilder()
        .withNewMetadata()
        .withName("shop-1")
        .withNamespace("shop")
        .withLabels(Map.of("app", "shop"))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("shop:7")
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * The injected container's environment, with what Secrets and volumes hold resolved as the
   * kubelet would.
   */
  private static Map<String, String> sidecarEnvironment(InjectionOutcome.Patched patched) {
    Container sidecar =
        patched.patch().stream()
            .map(PatchOperation::value)
            .filter(Container.class::isInstance)
            .map(Container.class::cast)
            .filter(container -> container.getName().equals("handoff-sidecar"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no handoff-sidecar container in " + patched.patch()));
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable : sidecar.getEnv()) {
      env.put(
          variable.getName(),
          variable.getValue() != null ? variable.getValue() : resolved.get(variable.getName()));
    }
    // The CA file is mounted from its Secret at a path of the pod; here it is a file of this test.
    env.computeIfPresent(Settings.REDIS_CA_FILE.variable(), (name, path) -> resolved.get(name));
    return env;
  }
}
