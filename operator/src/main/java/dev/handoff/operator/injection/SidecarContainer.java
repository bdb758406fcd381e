package dev.handoff.operator.injection;

import dev.handoff.contract.LogFormat;
import dev.handoff.contract.Setting;
import dev.handoff.contract.Settings;
import dev.handoff.operator.config.SecretKeyReference;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the {@code handoff-sidecar} container and the preStop hook the app container gets. */
final class SidecarContainer {

  static final String ADMIN_PORT_NAME = "handoff-admin";

  /**
   * The sidecar image's USER (sidecar/Dockerfile, checked by SidecarImageUserTest), numeric for
   * runAsNonRoot.
   */
  static final long RUN_AS_USER = 10001;

  static final String JAR = "/opt/handoff/handoff-sidecar.jar";

  /**
   * A lean JVM for the short-lived drain client, so the hook starts fast beside the running
   * sidecar.
   */
  static final List<String> DRAIN_COMMAND =
      List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR, "drain");

  private SidecarContainer() {}

  static Container build(InjectionSettings settings, SidecarPlan plan) {
    ContainerBuilder builder =
        new ContainerBuilder()
            .withName(HandoffAnnotations.SIDECAR_NAME)
            .withImage(settings.image())
            .withImagePullPolicy(settings.pullPolicy())
            .addNewPort()
            .withName(plan.listenPortName())
            .withContainerPort(plan.listenPort())
            .withProtocol("TCP")
            .endPort()
            .addNewPort()
            .withName(ADMIN_PORT_NAME)
            .withContainerPort(plan.adminPort())
            .withProtocol("TCP")
            .endPort()
            .withEnv(environment(settings, plan))
            .withNewResources()
            .withRequests(quantities(settings.requests()))
            .withLimits(quantities(settings.limits()))
            .endResources()
            .withLivenessProbe(probe("/healthz", 3))
            .withReadinessProbe(probe("/readyz", 2))
            .withNewLifecycle()
            .withNewPreStop()
            .withNewExec()
            .withCommand(DRAIN_COMMAND)
            .endExec()
            .endPreStop()
            .endLifecycle()
            // Pod Security "restricted" on the container itself, whatever the pod's own
            // securityContext says.
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(RUN_AS_USER)
            .withRunAsGroup(RUN_AS_USER)
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addToVolumeMounts(TmpVolume.mount(plan.tmpVolume()));
    if (settings.redisCa().isPresent()) {
      builder.addToVolumeMounts(RedisCaVolume.mount(plan.redisCaVolume()));
    }
    if (settings.nativeSidecar()) {
      builder.withRestartPolicy("Always");
    }
    return builder.build();
  }

  /** The app waits in its own preStop until the sidecar has handed every session off. */
  static LifecycleHandler appPreStop(int adminPort) {
    return new LifecycleHandlerBuilder()
        .withNewHttpGet()
        .withPath("/drain/wait")
        .withPort(new IntOrString(adminPort))
        .withScheme("HTTP")
        .endHttpGet()
        .build();
  }

  private static List<EnvVar> environment(InjectionSettings settings, SidecarPlan plan) {
    HandoffOptions options = plan.options();
    List<EnvVar> env = new ArrayList<>();
    env.add(value(Settings.APP, plan.app()));
    env.add(value(Settings.VERSION, plan.version()));
    env.add(value(Settings.VERSION_WINDOW, options.versionWindow()));
    env.add(value(Settings.LISTEN_PORT, plan.listenPort()));
    env.add(value(Settings.ADMIN_PORT, plan.adminPort()));
    env.add(value(Settings.UPSTREAM, URI.create("http://127.0.0.1:" + plan.upstreamPort())));
    env.add(value(Settings.SNAPSHOT_TTL, options.snapshotTtl()));
    env.add(value(Settings.DRAIN_TIMEOUT, options.drainTimeout()));
    env.add(value(Settings.MAX_STATE_BYTES, options.maxStateBytes()));
    env.add(value(Settings.RECONNECT_SPREAD, settings.reconnectSpread()));
    options.bindCookie().ifPresent(cookie -> env.add(value(Settings.BIND_COOKIE, cookie)));
    settings
        .redisWait()
        .ifPresent(
            wait -> {
              env.add(value(Settings.REDIS_WAIT_REPLICAS, wait.replicas()));
              env.add(value(Settings.REDIS_WAIT_TIMEOUT, wait.timeout()));
            });
    settings.redisCa().ifPresent(ca -> env.add(value(Settings.REDIS_CA_FILE, RedisCaVolume.FILE)));
    // Text is the sidecar's default: written only for json, so default pods stay as they were.
    LogFormat logFormat = options.logFormat().orElse(settings.logFormat());
    if (logFormat != Settings.LOG_FORMAT.defaultValue()) {
      env.add(value(Settings.LOG_FORMAT, logFormat));
    }
    // On is the sidecar's default: written only when turned off, so default pods stay as they were.
    if (!settings.steering()) {
      env.add(value(Settings.STEERING, false));
    }
    settings.redisUrlSecret().ifPresent(ref -> env.add(fromSecret(Settings.REDIS_URL, ref)));
    settings.adminTokenSecret().ifPresent(ref -> env.add(fromSecret(Settings.ADMIN_TOKEN, ref)));
    // Keys never appear in the pod spec, only the Secret's name.
    settings
        .snapshotKeysSecret()
        .ifPresent(ref -> env.add(fromSecret(Settings.SNAPSHOT_KEYS, ref)));
    env.add(value("JAVA_TOOL_OPTIONS", settings.javaOptions()));
    return env;
  }

  /** Written by the setting's own formatter, which the sidecar's parser reads back unchanged. */
  private static <T> EnvVar value(Setting<T> setting, T value) {
    return value(setting.variable(), setting.format(value));
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /**
   * Not optional: a missing Secret should stop the pod loudly rather than fall back to a per-pod
   * store.
   */
  private static EnvVar fromSecret(Setting<String> setting, SecretKeyReference ref) {
    return new EnvVarBuilder()
        .withName(setting.variable())
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(ref.secretName())
        .withKey(ref.key())
        .withOptional(false)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(ADMIN_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(path.equals("/readyz") ? 2 : 10)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    if (values.isEmpty()) {
      return null;
    }
    Map<String, Quantity> quantities = new TreeMap<>();
    values.forEach((name, value) -> quantities.put(name, new Quantity(value)));
    return quantities;
  }
}
