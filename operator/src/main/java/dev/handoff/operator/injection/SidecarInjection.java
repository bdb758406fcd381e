package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The mutation itself, a pure function: a pod, what is known of its owner, and the operator's
 * settings in; a JSON patch, a denial, or "leave it alone" out. Nothing here talks to the cluster.
 */
public final class SidecarInjection {

  static final int DEFAULT_LISTEN_PORT = 8480;
  static final int DEFAULT_ADMIN_PORT = 9480;

  /** Kubernetes applies 30 s when a pod leaves the field out. */
  static final long KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

  private static final int MAX_PORT_NAME = 15;

  private final InjectionSettings settings;

  public SidecarInjection(InjectionSettings settings) {
    this.settings = settings;
  }

  public InjectionOutcome inject(Pod pod, PodOwner owner) {
    ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
    Map<String, String> annotations =
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    String inject = annotations.get(HandoffAnnotations.INJECT);
    if (inject == null) {
      return new InjectionOutcome.Untouched("not annotated with " + HandoffAnnotations.INJECT);
    }
    String choice = inject.trim().toLowerCase(Locale.ROOT);
    if (choice.equals("false")) {
      return new InjectionOutcome.Untouched(HandoffAnnotations.INJECT + " is \"false\"");
    }
    if (!choice.equals("true")) {
      return new InjectionOutcome.Denied(
          AnnotationException.badValue(HandoffAnnotations.INJECT, inject, "\"true\" or \"false\"")
              .getMessage());
    }
    PodSpec spec = pod.getSpec();
    if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
      return new InjectionOutcome.Denied(
          "the pod has no containers to put the Handoff sidecar in front of");
    }
    if (alreadyInjected(annotations, spec)) {
      return new InjectionOutcome.Untouched("already injected");
    }
    try {
      return patch(meta, spec, owner);
    } catch (AnnotationException e) {
      return new InjectionOutcome.Denied(e.getMessage());
    }
  }

  private static boolean alreadyInjected(Map<String, String> annotations, PodSpec spec) {
    return HandoffAnnotations.STATUS_INJECTED.equals(annotations.get(HandoffAnnotations.STATUS))
        || allContainers(spec).anyMatch(c -> HandoffAnnotations.SIDECAR_NAME.equals(c.getName()));
  }

  private InjectionOutcome patch(ObjectMeta meta, PodSpec spec, PodOwner owner) {
    HandoffOptions options = HandoffOptions.fromAnnotations(meta.getAnnotations());
    long version =
        options
            .version()
            .or(owner::revision)
            .orElseThrow(
                () ->
                    new AnnotationException(
                        "annotation "
                            + HandoffAnnotations.VERSION
                            + " is needed: the pod is not created by a Deployment"
                            + " (no ReplicaSet revision to take the version from); use a non-negative integer, e.g. \"7\""));
    String app =
        AppName.of(meta, owner.deploymentName())
            .orElseThrow(
                () ->
                    new AnnotationException(
                        "annotation "
                            + HandoffAnnotations.APP
                            + " is needed: no app name could be derived from labels or"
                            + " owner; use e.g. \"shop\""));
    AppPort appPort = AppPort.select(spec.getContainers(), options.port());

    Set<Integer> taken = new HashSet<>();
    allContainers(spec)
        .forEach(
            c ->
                Optional.ofNullable(c.getPorts())
                    .orElse(List.of())
                    .forEach(p -> taken.add(p.getContainerPort())));
    int listenPort = freePort(DEFAULT_LISTEN_PORT, taken);
    taken.add(listenPort);
    int adminPort = freePort(DEFAULT_ADMIN_PORT, taken);

    List<PatchOperation> ops = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String containerPath = "/spec/containers/" + appPort.containerIndex();

    // The sidecar takes the app port's name, so a Service targeting that name reaches the sidecar
    // unchanged.
    String listenPortName;
    if (appPort.name().isPresent()) {
      listenPortName = appPort.name().get();
      String appPortName = renamed(listenPortName, appPort.container());
      ops.add(
          PatchOperation.replace(
              containerPath + "/ports/" + appPort.portIndex() + "/name", appPortName));
      ops.addAll(
          TakenPortReferences.renamed(
              appPort.container(), containerPath, listenPortName, appPortName));
    } else {
      listenPortName = "handoff-http";
      warnings.add(
          "handoff: port "
              + appPort.number()
              + " of container "
              + appPort.container().getName()
              + " has no name, so a Service can only target it by number and bypasses the sidecar; point the"
              + " Service's targetPort at \""
              + listenPortName
              + "\" (sidecar port "
              + listenPort
              + ")");
    }

    Lifecycle lifecycle = appPort.container().getLifecycle();
    if (lifecycle == null) {
      ops.add(
          PatchOperation.add(
              containerPath + "/lifecycle",
              new LifecycleBuilder().withPreStop(SidecarContainer.appPreStop(adminPort)).build()));
    } else if (lifecycle.getPreStop() == null) {
      ops.add(
          PatchOperation.add(
              containerPath + "/lifecycle/preStop", SidecarContainer.appPreStop(adminPort)));
    } else {
      // A hook cannot run two actions, and replacing the app's own would break its shutdown: keep
      // it, say so.
      ops.add(annotation(HandoffAnnotations.APP_PRESTOP, HandoffAnnotations.APP_PRESTOP_KEPT));
      warnings.add(
          KeptPreStopWarning.of(
              appPort.container().getName(),
              lifecycle.getPreStop(),
              adminPort,
              options.drainTimeout()));
    }

    String tmpVolume = VolumeName.free(spec, TmpVolume.NAME);
    String redisCaVolume = VolumeName.free(spec, RedisCaVolume.NAME);
    Container sidecar =
        SidecarContainer.build(
            settings,
            new SidecarPlan(
                app,
                version,
                options,
                listenPortName,
                listenPort,
                adminPort,
                appPort.number(),
                tmpVolume,
                redisCaVolume));
    if (settings.nativeSidecar()) {
      ops.add(
          spec.getInitContainers() == null || spec.getInitContainers().isEmpty()
              ? PatchOperation.add("/spec/initContainers", List.of(sidecar))
              : PatchOperation.add("/spec/initContainers/-", sidecar));
    } else {
      ops.add(PatchOperation.add("/spec/containers/-", sidecar));
    }
    List<Volume> volumes = new ArrayList<>();
    volumes.add(TmpVolume.volume(tmpVolume));
    settings.redisCa().ifPresent(ca -> volumes.add(RedisCaVolume.volume(ca, redisCaVolume)));
    if (spec.getVolumes() == null || spec.getVolumes().isEmpty()) {
      ops.add(PatchOperation.add("/spec/volumes", volumes));
    } else {
      volumes.forEach(volume -> ops.add(PatchOperation.add("/spec/volumes/-", volume)));
    }

    long neededGrace = graceSeconds(options.drainTimeout().plus(settings.graceMargin()));
    Long grace = spec.getTerminationGracePeriodSeconds();
    if (grace == null) {
      ops.add(
          PatchOperation.add(
              "/spec/terminationGracePeriodSeconds",
              Math.max(neededGrace, KUBERNETES_DEFAULT_GRACE_SECONDS)));
    } else if (grace < neededGrace) {
      ops.add(PatchOperation.replace("/spec/terminationGracePeriodSeconds", neededGrace));
    }

    ops.add(annotation(HandoffAnnotations.STATUS, HandoffAnnotations.STATUS_INJECTED));
    ops.add(annotation(HandoffAnnotations.SIDECAR_VERSION, settings.sidecarVersion()));
    // For Prometheus that scrapes by annotation; a pod that already says how to scrape it keeps its
    // own.
    if (settings.scrapeAnnotations()
        && !meta.getAnnotations().containsKey("prometheus.io/scrape")) {
      ops.add(annotation("prometheus.io/scrape", "true"));
      ops.add(annotation("prometheus.io/port", Integer.toString(adminPort)));
      ops.add(annotation("prometheus.io/path", "/metrics"));
    }
    return new InjectionOutcome.Patched(ops, warnings);
  }

  private static PatchOperation annotation(String name, String value) {
    return PatchOperation.add("/metadata/annotations/" + PatchOperation.token(name), value);
  }

  private static long graceSeconds(Duration needed) {
    long millis = needed.toMillis();
    return (millis + 999) / 1000;
  }

  private static int freePort(int preferred, Set<Integer> taken) {
    int port = preferred;
    while (taken.contains(port)) {
      port++;
    }
    return port;
  }

  /** "http" becomes "app-http"; port names stay IANA service names of at most 15 characters. */
  static String renamed(String name, Container container) {
    Set<String> names = new HashSet<>();
    Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
        .map(ContainerPort::getName)
        .filter(n -> n != null)
        .forEach(names::add);
    for (int attempt = 0; ; attempt++) {
      String suffix = attempt == 0 ? "" : Integer.toString(attempt);
      String candidate = ("app-" + name);
      candidate =
          candidate.substring(0, Math.min(candidate.length(), MAX_PORT_NAME - suffix.length()));
      while (candidate.endsWith("-")) {
        candidate = candidate.substring(0, candidate.length() - 1);
      }
      candidate = candidate + suffix;
      if (!names.contains(candidate)) {
        return candidate;
      }
    }
  }

  private static Stream<Container> allContainers(PodSpec spec) {
    return Stream.concat(
        Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream(),
        Optional.ofNullable(spec.getContainers()).orElse(List.of()).stream());
  }
}
