package dev.handoff.operator.rollout;

import dev.handoff.operator.injection.HandoffAnnotations;
import dev.handoff.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds pods of an annotated Deployment that run without the sidecar: with {@code failurePolicy:
 * Ignore} they are what an unavailable webhook leaves behind. Each such pod gets one Warning Event;
 * the gauge tracks how many remain.
 */
final class MissingSidecarCheck {

  static final String REASON = "SidecarMissing";

  private final PodSource pods;
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  /** Pod uids already reported, per Deployment, so a pod gets its Event once. */
  private final Map<String, Set<String>> reported = new ConcurrentHashMap<>();

  /** Lists the pods a Deployment's selector matches. */
  @FunctionalInterface
  interface PodSource {
    List<Pod> podsOf(Deployment deployment);
  }

  MissingSidecarCheck(PodSource pods, EventRecorder events, OperatorMetrics metrics) {
    this.pods = pods;
    this.events = events;
    this.metrics = metrics;
  }

  /** Returns the names of the pods found without the sidecar. */
  List<String> check(Deployment deployment) {
    String namespace = deployment.getMetadata().getNamespace();
    String name = deployment.getMetadata().getName();
    List<Pod> missing =
        pods.podsOf(deployment).stream().filter(MissingSidecarCheck::runsWithoutSidecar).toList();
    Set<String> seen =
        reported.computeIfAbsent(namespace + "/" + name, key -> ConcurrentHashMap.newKeySet());
    List<Pod> fresh =
        missing.stream().filter(pod -> !seen.contains(pod.getMetadata().getUid())).toList();
    for (Pod pod : fresh) {
      events.record(
          pod,
          "Warning",
          REASON,
          "pod is annotated "
              + HandoffAnnotations.INJECT
              + "=true but runs"
              + " without the "
              + HandoffAnnotations.SIDECAR_NAME
              + " container (was the webhook unavailable"
              + " when it was created?); its sessions will not be handed off. Delete the pod to recreate it"
              + " with the sidecar.");
      metrics.missingSidecarReported(namespace);
    }
    if (!fresh.isEmpty()) {
      events.record(
          deployment,
          "Warning",
          REASON,
          fresh.size()
              + (fresh.size() == 1 ? " pod runs" : " pods run")
              + " without the handoff sidecar: "
              + fresh.stream()
                  .map(pod -> pod.getMetadata().getName())
                  .collect(Collectors.joining(", ")));
    }
    Set<String> current = new HashSet<>();
    missing.forEach(pod -> current.add(pod.getMetadata().getUid()));
    seen.retainAll(current);
    seen.addAll(current);
    metrics.podsWithoutSidecar(namespace, name, missing.size());
    return missing.stream().map(pod -> pod.getMetadata().getName()).toList();
  }

  void forget(String namespace, String name) {
    reported.remove(namespace + "/" + name);
    metrics.deploymentForgotten(namespace, name);
  }

  static boolean runsWithoutSidecar(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null
        || !"true".equalsIgnoreCase(annotations.get(HandoffAnnotations.INJECT))) {
      return false;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return false;
    }
    return Stream.concat(
            containers(pod.getSpec().getInitContainers()),
            containers(pod.getSpec().getContainers()))
        .noneMatch(container -> HandoffAnnotations.SIDECAR_NAME.equals(container.getName()));
  }

  private static Stream<Container> containers(List<Container> containers) {
    return Optional.ofNullable(containers).orElse(List.of()).stream();
  }
}
